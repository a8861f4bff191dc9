/**
 * Journey Engine's model: the journeys ({@link dev.journeys.core.JourneyDefinition},
 * {@link dev.journeys.core.Step}, {@link dev.journeys.core.Condition},
 * {@link dev.journeys.core.Trigger}), the inputs ({@link dev.journeys.core.Event},
 * {@link dev.journeys.core.Contact}) and a contact's state ({@link dev.journeys.core.ContactState}): immutable
 * values that import nothing of the runtime. The runtime is {@link dev.journeys.core.engine.JourneyEngine}.
 *
 * <p>Start with {@link dev.journeys.core.engine.JourneyEngine#builder()}; build journeys with the fluent
 * builder in {@code dev.journeys.dsl}.
 */
package dev.journeys.core;
