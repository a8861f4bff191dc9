package dev.journeys.core;

/** Why a contact was not let into a journey. */
public enum DeclineReason {
    /** The journey's {@link ReentryRule} does not let the contact in again yet, or ever. */
    REENTRY_RULE,
    /** One of the journey's exclusions holds for the contact. */
    EXCLUDED,
    /** The journey's {@link EntryRateLimit} was reached and it rejects the excess. */
    RATE_LIMITED,
    /** The journey is not {@link JourneyStatus#LIVE}: paused, stopped or completed. */
    NOT_LIVE,
    /**
     * Deciding the entry failed: the trigger's filter or one of the journey's exclusions threw, so
     * whether the contact may enter is not known and they are not entered; the detail says what
     * failed. (A failure in the journey's first steps, after the entry was decided, enters the
     * contact as a parked instance instead; see {@link Incident}.)
     */
    EVALUATION_FAILED
}
