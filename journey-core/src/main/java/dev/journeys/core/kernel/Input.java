package dev.journeys.core.kernel;

import dev.journeys.core.Event;

import java.util.Objects;

/**
 * What the evaluator reacts to. Part of the kernel.
 */
public sealed interface Input {

    /**
     * An event arrived for the contact.
     *
     * @param event the event
     */
    record EventArrived(Event event) implements Input {
        /** Checks the component. */
        public EventArrived {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The engine's clock reached the time of one or more of the contact's waits. */
    record TimersDue() implements Input {
    }

    /**
     * The host enrols the contact in a journey (segment enrolment, or by hand).
     *
     * @param journeyId the journey
     * @param occurrenceMillis the segment enrolment occurrence, which enters a contact at most
     *     once; {@link #BY_HAND} for an enrolment by hand
     */
    record Enrol(String journeyId, long occurrenceMillis) implements Input {
        /** The occurrence of an enrolment by hand, which may repeat. */
        public static final long BY_HAND = Long.MIN_VALUE;

        /** Checks the component. */
        public Enrol {
            Objects.requireNonNull(journeyId, "journeyId");
        }

        /**
         * Creates an enrolment by hand.
         *
         * @param journeyId the journey
         */
        public Enrol(String journeyId) {
            this(journeyId, BY_HAND);
        }
    }

    /**
     * A journey was stopped or resumed: the contact's instances of stopped journeys end, and what
     * a journey pause held goes on. (Every evaluation does this first; this input does only that.)
     */
    record LifecycleChanged() implements Input {
    }

    /**
     * A new version of a journey was published with a migration: the contact's instances of
     * older versions move to it, each to the step the migration maps its step to (a queued one
     * to the start); one whose step is not mapped stays where it is.
     *
     * @param journeyId the journey
     * @param toVersion the new version, published
     * @param migration the step mapping
     */
    record Migrate(String journeyId, int toVersion, dev.journeys.core.Migration migration) implements Input {
        /** Checks the components. */
        public Migrate {
            Objects.requireNonNull(journeyId, "journeyId");
            Objects.requireNonNull(migration, "migration");
        }
    }

    /** The directory no longer knows the contact; the contact's instances end. */
    record ContactGone() implements Input {
    }

    /**
     * The host asks to run a parked instance again: it is unparked with its timer as it was, and
     * a wait whose time has passed ends now.
     *
     * @param journeyId the instance's journey
     * @param number the instance's number
     */
    record RetryParked(String journeyId, int number) implements Input {
        /** Checks the components. */
        public RetryParked {
            Objects.requireNonNull(journeyId, "journeyId");
        }
    }

    /**
     * The host asks to end a parked instance.
     *
     * @param journeyId the instance's journey
     * @param number the instance's number
     * @param reason why, kept in the exit event
     */
    record EndParked(String journeyId, int number, String reason) implements Input {
        /** Checks the components. */
        public EndParked {
            Objects.requireNonNull(journeyId, "journeyId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
