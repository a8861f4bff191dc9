package dev.journeys.core.spi;

import dev.journeys.core.JourneyStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * A published journey's lifecycle state as a {@link JourneyDefinitions} store keeps it: the state,
 * why and when it was entered, and the revision, which counts the changes and makes each write a
 * compare-and-set ({@link JourneyDefinitions#saveStatus}). A published journey with no recorded
 * status is {@link JourneyStatus#LIVE}.
 *
 * <pre>{@code
 * RecordedStatus paused = store.definitions().status("welcome")
 *         .map(current -> current.next(JourneyStatus.PAUSED, "paused", now))
 *         .orElse(RecordedStatus.first("welcome", JourneyStatus.PAUSED, "paused", now));
 * boolean written = store.definitions().saveStatus(paused); // false: another node changed it first
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param status its state; never {@link JourneyStatus#DRAFT}, which a saved draft stands for
 * @param reason why, as the caller or the engine gave it
 * @param changedAt when, on the clock of the engine that changed it
 * @param revision 1 for the first recorded status of the journey, one more for each change
 */
public record RecordedStatus(String journeyId, JourneyStatus status, String reason, Instant changedAt,
                             long revision) {

    /** Checks the components. */
    public RecordedStatus {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(changedAt, "changedAt");
        if (status == JourneyStatus.DRAFT) {
            throw new IllegalArgumentException("status of journey '" + journeyId + "' cannot be recorded as DRAFT:"
                    + " a draft is saved with saveDraft, a status is recorded for a published journey");
        }
        if (revision < 1) {
            throw new IllegalArgumentException("revision of the status of journey '" + journeyId
                    + "' must be at least 1, was " + revision);
        }
    }

    /**
     * Returns the first status recorded for a journey (revision 1).
     *
     * @param journeyId the journey
     * @param status its state
     * @param reason why
     * @param at when
     * @return the status
     */
    public static RecordedStatus first(String journeyId, JourneyStatus status, String reason, Instant at) {
        return new RecordedStatus(journeyId, status, reason, at, 1);
    }

    /**
     * Returns the status that follows this one (the next revision).
     *
     * @param next the new state
     * @param why why
     * @param at when
     * @return the status
     */
    public RecordedStatus next(JourneyStatus next, String why, Instant at) {
        return new RecordedStatus(journeyId, next, why, at, revision + 1);
    }
}
