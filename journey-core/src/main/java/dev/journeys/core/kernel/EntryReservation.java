package dev.journeys.core.kernel;

import java.util.Objects;

/**
 * An entry slot an {@link EntryGate} reserved for a contact during an evaluation: it counts
 * against the journey's rate limit once the state that holds the entry is saved, and is released
 * otherwise.
 *
 * @param journeyId the rate-limited journey
 * @param admittedAtMillis when the reservation admits the contact, epoch milliseconds
 */
public record EntryReservation(String journeyId, long admittedAtMillis) {

    /** Checks the components. */
    public EntryReservation {
        Objects.requireNonNull(journeyId, "journeyId");
    }
}
