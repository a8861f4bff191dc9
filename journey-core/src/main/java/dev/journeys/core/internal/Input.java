package dev.journeys.core.internal;

import dev.journeys.core.Event;

import java.util.Objects;

/**
 * What the evaluator reacts to. Internal.
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
     */
    record Enrol(String journeyId) implements Input {
        /** Checks the component. */
        public Enrol {
            Objects.requireNonNull(journeyId, "journeyId");
        }
    }

    /** The directory no longer knows the contact; the contact's instances end. */
    record ContactGone() implements Input {
    }
}
