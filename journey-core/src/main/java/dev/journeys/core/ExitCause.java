package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;

/** Why a contact left a journey instance. */
public enum ExitCause {
    /** The path ended: the last step had no next step. */
    COMPLETED,
    /** The contact reached an exit step. */
    EXIT_STEP,
    /** An exit trigger of the journey fired. */
    EXIT_TRIGGER,
    /** The contact reached a goal that ends the instance. */
    GOAL,
    /** A wait until an instant was reached after the instant, and the wait says to exit then. */
    WAIT_PASSED,
    /** The contact directory no longer knows the contact, so the instance cannot go on. */
    CONTACT_UNKNOWN,
    /**
     * The instance came back to a step it had already run, without waiting in between. Only a
     * journey that was never validated can do that; validation rejects such cycles.
     */
    LOOP_WITHOUT_WAIT,
    /** The contact unsubscribed from what the journey sends: their consent was withdrawn. */
    UNSUBSCRIBED,
    /** One of the journey's exclusions came to hold for the contact. */
    EXCLUDED,
    /** A {@link FrequencyCap} whose rule is to exit was reached at a send. */
    CAP_REACHED,
    /** The journey was stopped ({@code JourneyEngine.stop}); the detail gives the reason given. */
    JOURNEY_STOPPED,
    /** The host ended a parked instance ({@code JourneyEngine.endParked}); the detail gives its reason. */
    ENDED_BY_HOST;

    /** Returns whether the contact left because the journey ran its course, not because of a stop. */
    public boolean isCompletion() {
        return this == COMPLETED || this == EXIT_STEP || this == GOAL;
    }
}
