package dev.journeys.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a contact has done in one journey across its instances: how often they entered and when
 * they last entered and left. Instances are numbered from it, and re-entry rules read it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param entries how many instances the contact has started
 * @param lastEnteredAtMillis when the last one started, epoch milliseconds
 * @param lastExitedAtMillis when the last one ended, epoch milliseconds; empty if none has
 * @param lastOccurrenceMillis the segment enrolment occurrence that last entered the contact, so a
 *     resumed enrolment never enters them twice; empty if no enrolment occurrence did
 */
public record JourneyHistory(String journeyId, int entries, long lastEnteredAtMillis, OptionalLong lastExitedAtMillis,
                             OptionalLong lastOccurrenceMillis) {

    /** Checks the components. */
    public JourneyHistory {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(lastExitedAtMillis, "lastExitedAtMillis");
        Objects.requireNonNull(lastOccurrenceMillis, "lastOccurrenceMillis");
    }

    /**
     * Creates the history of a contact whose instances never ended and were not entered by a
     * segment enrolment occurrence.
     *
     * @param journeyId the journey
     * @param entries how many instances the contact has started
     * @param lastEnteredAtMillis when the last one started
     */
    public JourneyHistory(String journeyId, int entries, long lastEnteredAtMillis) {
        this(journeyId, entries, lastEnteredAtMillis, OptionalLong.empty(), OptionalLong.empty());
    }

    /** Returns the history after one more entry. */
    public JourneyHistory withEntry(long atMillis) {
        return new JourneyHistory(journeyId, entries + 1, atMillis, lastExitedAtMillis, lastOccurrenceMillis);
    }

    /** Returns the history after one more entry by a segment enrolment occurrence. */
    public JourneyHistory withEntry(long atMillis, long occurrenceMillis) {
        return new JourneyHistory(journeyId, entries + 1, atMillis, lastExitedAtMillis,
                OptionalLong.of(occurrenceMillis));
    }

    /** Returns the history after an exit. */
    public JourneyHistory withExit(long atMillis) {
        return new JourneyHistory(journeyId, entries, lastEnteredAtMillis, OptionalLong.of(atMillis),
                lastOccurrenceMillis);
    }
}
