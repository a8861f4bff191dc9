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
     * Deciding the entry failed (a trigger filter or an exclusion threw) while the journey would
     * not have taken the contact anyway; where it would have, the contact enters as a parked
     * instance instead (see {@link Incident}).
     */
    EVALUATION_FAILED
}
