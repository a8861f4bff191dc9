package dev.journeys.core.kernel;

import dev.journeys.core.EntryRateLimit;

/**
 * Hands out entry slots for journeys with an {@link EntryRateLimit}. The limit counts entries
 * across contacts, so it cannot live in one contact's state; the evaluator asks the gate, which
 * answers from the entries it admitted before, never from a clock. Part of the kernel.
 */
public interface EntryGate {

    /** Value of {@link #admitAt} for an entry that is turned away. */
    long REJECTED = Long.MIN_VALUE;

    /** A gate with no memory, which lets every entry in at once. */
    EntryGate UNLIMITED = (journeyId, limit, nowMillis) -> nowMillis;

    /**
     * Books an entry into a journey.
     *
     * @param journeyId the journey
     * @param limit its limit
     * @param nowMillis when the contact arrives
     * @return when the contact is admitted, at or after {@code nowMillis}; or {@link #REJECTED}
     */
    long admitAt(String journeyId, EntryRateLimit limit, long nowMillis);
}
