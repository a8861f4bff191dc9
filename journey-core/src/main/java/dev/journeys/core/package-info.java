/**
 * Journey Engine's public API: the journey model ({@link dev.journeys.core.JourneyDefinition},
 * {@link dev.journeys.core.Step}, {@link dev.journeys.core.Condition},
 * {@link dev.journeys.core.Trigger}), the inputs ({@link dev.journeys.core.Event},
 * {@link dev.journeys.core.Contact}) and the runtime, {@link dev.journeys.core.JourneyEngine}.
 *
 * <p>Start with {@link dev.journeys.core.JourneyEngine#builder()}; build journeys with the fluent
 * builder in {@code dev.journeys.dsl}.
 */
package dev.journeys.core;
