package dev.journeys.core.engine;

import dev.journeys.core.Event;
import dev.journeys.core.InteractionTypes;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's rule for late events: one that happened longer ago than {@code max} is refused,
 * except an unsubscribe, which is applied however late (a withdrawal of consent is never
 * dropped). Immutable and thread-safe. Internal to the engine.
 *
 * @param max how long ago an event may have happened, on the engine's clock
 */
record EventLateness(Duration max) {

    /** Returns whether the engine refuses the event at {@code now}. */
    boolean refuses(Event event, Instant now) {
        // Duration.between holds any two instants; now.minus(max) could overflow.
        return Duration.between(event.occurredAt(), now).compareTo(max) > 0
                && !event.type().equals(InteractionTypes.UNSUBSCRIBED);
    }
}
