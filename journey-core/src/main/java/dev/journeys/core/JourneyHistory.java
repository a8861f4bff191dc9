package dev.journeys.core;

import java.util.Objects;

/**
 * What a contact has done in one journey across its instances: how often they entered and when
 * they last entered and left. Instances are numbered from it, and re-entry rules read it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param entries how many instances the contact has started
 * @param lastEnteredAtMillis when the last one started, epoch milliseconds
 * @param lastExitedAtMillis when the last one ended, epoch milliseconds, or {@link Long#MIN_VALUE}
 * @param lastOccurrenceMillis the segment enrolment occurrence that last entered the contact, so a
 *     resumed enrolment never enters them twice; {@link Long#MIN_VALUE} if none
 */
public record JourneyHistory(String journeyId, int entries, long lastEnteredAtMillis, long lastExitedAtMillis,
                             long lastOccurrenceMillis) {

    /** Checks the components. */
    public JourneyHistory {
        Objects.requireNonNull(journeyId, "journeyId");
    }

    /**
     * Creates a history with no segment enrolment.
     *
     * @param journeyId the journey
     * @param entries how many instances the contact has started
     * @param lastEnteredAtMillis when the last one started
     * @param lastExitedAtMillis when the last one ended, or {@link Long#MIN_VALUE}
     */
    public JourneyHistory(String journeyId, int entries, long lastEnteredAtMillis, long lastExitedAtMillis) {
        this(journeyId, entries, lastEnteredAtMillis, lastExitedAtMillis, Long.MIN_VALUE);
    }

    /** Returns the history after one more entry. */
    public JourneyHistory withEntry(long atMillis) {
        return new JourneyHistory(journeyId, entries + 1, atMillis, lastExitedAtMillis, lastOccurrenceMillis);
    }

    /** Returns the history after one more entry by a segment enrolment occurrence. */
    public JourneyHistory withEntry(long atMillis, long occurrenceMillis) {
        return new JourneyHistory(journeyId, entries + 1, atMillis, lastExitedAtMillis, occurrenceMillis);
    }

    /** Returns the history after an exit. */
    public JourneyHistory withExit(long atMillis) {
        return new JourneyHistory(journeyId, entries, lastEnteredAtMillis, atMillis, lastOccurrenceMillis);
    }
}
