package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import java.time.Instant;
import java.util.Objects;

/**
 * A journey's move from one lifecycle state to another, as {@code JourneyEngine.pause},
 * {@code resume} and {@code stop} report it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param from the state it left
 * @param to the state it is in now
 * @param reason why, as the caller or the engine gave it
 * @param at when, on the engine's clock
 * @param contactsUpdated how many contacts with an instance or a pending send of the journey the
 *     move went through at once (a stop ends their instances, a resume lets the held ones go on);
 *     0 for a pause, which holds each contact when its next step comes due
 */
public record StatusChange(String journeyId, JourneyStatus from, JourneyStatus to, String reason, Instant at,
                           long contactsUpdated) {

    /** Checks the components. */
    public StatusChange {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return "journey '" + journeyId + "' " + from + " -> " + to + " at " + at + " (" + reason + "; "
                + contactsUpdated + (contactsUpdated == 1 ? " contact" : " contacts") + " updated)";
    }
}
