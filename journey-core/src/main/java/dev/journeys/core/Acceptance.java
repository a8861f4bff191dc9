package dev.journeys.core;

/** What {@link JourneyEngine#accept} and {@link JourneyEngine#enrol} did with their input. */
public enum Acceptance {
    /** The contact's journeys evaluated the input (which may still have changed nothing). */
    ACCEPTED,
    /** No published journey reads events of this type; nothing was done. Counted. */
    IGNORED,
    /** An event with the same id was already accepted for the contact; nothing was done. Counted. */
    DUPLICATE,
    /** The contact directory does not know the contact; nothing was done. Counted. */
    UNKNOWN_CONTACT
}
