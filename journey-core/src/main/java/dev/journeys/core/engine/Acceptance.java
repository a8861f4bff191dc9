package dev.journeys.core.engine;

/** What {@link JourneyEngine#accept} and {@link JourneyEngine#enrol} did with their input. */
public enum Acceptance {
    /** The contact's journeys evaluated the input (which may still have changed nothing). */
    ACCEPTED,
    /** No published journey reads events of this type; nothing was done. Counted. */
    IGNORED,
    /**
     * An event with the same id was already accepted for the contact, by this engine or, as the
     * store's record of applied events says, by another engine sharing the store or this one
     * before a restart; nothing was done. Counted.
     */
    DUPLICATE,
    /** The contact directory does not know the contact; nothing was done. Counted. */
    UNKNOWN_CONTACT,
    /**
     * The event happened longer ago than the engine's
     * {@linkplain JourneyEngineBuilder#maxEventLateness maximum lateness} allows (an unsubscribe
     * never is); nothing was done. Counted.
     */
    TOO_LATE,
    /**
     * Called from inside one of the engine's callbacks (a listener, channel or action handler):
     * queued, and handled on the same thread as soon as the current input is done.
     */
    DEFERRED
}
