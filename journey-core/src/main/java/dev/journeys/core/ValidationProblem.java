package dev.journeys.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a journey, found by {@link JourneyValidator}, or with a set of
 * {@link Segments}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code what kind of problem it is; stable, so tools may match on it
 * @param stepId the step it concerns, if it concerns one
 * @param message what is wrong and what would be right
 */
public record ValidationProblem(Code code, Optional<String> stepId, String message) {

    /** The kinds of problem. */
    public enum Code {
        /** Two steps share an id. */
        DUPLICATE_STEP_ID,
        /** The journey has no steps, or its start step does not exist. */
        MISSING_START,
        /** A step, condition or goal names a step that does not exist or is of the wrong kind. */
        DANGLING_REFERENCE,
        /** No path from the start step reaches the step. */
        UNREACHABLE_STEP,
        /**
         * A path loops back without passing a wait that always holds (a fixed duration, a time of
         * day, or a wait for an event), so a contact could loop at once forever.
         */
        CYCLE_WITHOUT_WAIT,
        /** A branch has no otherwise case as its last case. */
        BRANCH_WITHOUT_OTHERWISE,
        /** A wait's duration or a wait-for-event time-out is zero or negative. */
        WAIT_NOT_POSITIVE,
        /** A split has no paths, a path's weight is not positive, or the weights sum to more than {@code Integer.MAX_VALUE}. */
        BAD_SPLIT,
        /** A journey tracks more clicks, opens and past events than one instance can hold (64). */
        TOO_MANY_TRACKED_FACTS,
        /** A step runs an action no handler is registered for. */
        UNBOUND_ACTION,
        /** A step sends on a channel the engine has no channel for. */
        UNBOUND_CHANNEL,
        /**
         * An exclusion or suppression asks about something other than the contact (an event's
         * payload, a click, an open), which it cannot know outside one event or instance.
         */
        NOT_ABOUT_THE_CONTACT,
        /** A condition or an entry names a segment that is not defined. */
        UNKNOWN_SEGMENT,
        /** Segments refer to each other in a cycle. */
        SEGMENT_CYCLE,
        /** A condition tests a contact attribute the declared attribute types do not name. */
        UNKNOWN_ATTRIBUTE,
        /** A condition compares an attribute with a value of another type, or in a way its type cannot be. */
        ATTRIBUTE_TYPE_MISMATCH,
        /**
         * A drafted journey still names a placeholder (which form, which message, which segment) that
         * has not been bound to a real asset; the {@code journey-dsl} drafter reports one per placeholder.
         */
        UNBOUND_PLACEHOLDER
    }

    /** Checks the components. */
    public ValidationProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(message, "message");
    }

    /** Returns a problem that concerns a step. */
    public static ValidationProblem atStep(Code code, String stepId, String message) {
        return new ValidationProblem(code, Optional.of(stepId), message);
    }

    /** Returns a problem that concerns the journey as a whole. */
    public static ValidationProblem ofJourney(Code code, String message) {
        return new ValidationProblem(code, Optional.empty(), message);
    }

    @Override
    public String toString() {
        return code + stepId.map(s -> " at step '" + s + "'").orElse("") + ": " + message;
    }
}
