package dev.journeys.core;

/**
 * Why a send was skipped: the contact went on along the path without the message.
 */
public enum SkipReason {
    /** The contact has not consented to messages on the channel. */
    NO_CONSENT,
    /** A {@link FrequencyCap} was reached. */
    CAPPED,
    /** The send was held by {@link QuietHours} longer than their maximum deferral. */
    QUIET_HOURS,
    /** A suppression of the journey or the engine holds for the contact. */
    SUPPRESSED
}
