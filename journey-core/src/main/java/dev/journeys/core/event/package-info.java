/**
 * Typed events that {@link dev.journeys.core.spi.JourneyListener}s observe: entries, steps,
 * sends, skips, dispatch failures, goals and exits. The root type is
 * {@link dev.journeys.core.event.JourneyEvent}.
 */
package dev.journeys.core.event;
