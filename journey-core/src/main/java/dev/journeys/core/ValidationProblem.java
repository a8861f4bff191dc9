package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.validation.ValidationContext;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a journey, found by {@link JourneyValidator}, or with a set of
 * {@link Segments}.
 *
 * <p>An {@linkplain Severity#ERROR error} stops a journey from being built or published; a
 * {@linkplain Severity#WARNING warning} does not, and is logged when the journey is published.
 * Each {@link Code} has a {@linkplain Code#defaultSeverity() default severity}, which the
 * factories {@link #atStep} and {@link #ofJourney} use.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code what kind of problem it is; stable, so tools may match on it
 * @param severity whether it stops the journey from being built or published
 * @param stepId the step it concerns, if it concerns one
 * @param message what is wrong and what would be right
 */
public record ValidationProblem(Code code, Severity severity, Optional<String> stepId, String message) {

    /** How serious a problem is. */
    public enum Severity {
        /** The journey cannot be built or published. */
        ERROR,
        /** The journey may be published; the problem is logged and reported. */
        WARNING;

        /** Returns whether a problem of this severity stops a journey from being built or published. */
        public boolean blocksPublishing() {
            return this == ERROR;
        }
    }

    /** The kinds of problem, each with its default severity. */
    public enum Code {
        /** Two steps share an id. Error. */
        DUPLICATE_STEP_ID(Severity.ERROR),
        /** The journey has no steps, or its start step does not exist. Error. */
        MISSING_START(Severity.ERROR),
        /** A step, condition or goal names a step that does not exist or is of the wrong kind. Error. */
        DANGLING_REFERENCE(Severity.ERROR),
        /** No path from the start step reaches the step. Error. */
        UNREACHABLE_STEP(Severity.ERROR),
        /**
         * A path loops back without passing a wait that always holds (a fixed duration, a time of
         * day, or a wait for an event), so a contact could loop at once forever. Error.
         */
        CYCLE_WITHOUT_WAIT(Severity.ERROR),
        /** A branch has no otherwise case as its last case. Error. */
        BRANCH_WITHOUT_OTHERWISE(Severity.ERROR),
        /** A wait's duration or a wait-for-event time-out is zero or negative. Error. */
        WAIT_NOT_POSITIVE(Severity.ERROR),
        /**
         * A split has no paths, a path's weight is not positive, or the weights sum to more than
         * {@code Integer.MAX_VALUE}. Error.
         */
        BAD_SPLIT(Severity.ERROR),
        /** A journey tracks more clicks, opens and past events than one instance can hold (64). Error. */
        TOO_MANY_TRACKED_FACTS(Severity.ERROR),
        /** A step runs an action no handler is registered for. Error. */
        UNBOUND_ACTION(Severity.ERROR),
        /** A step sends on a channel the engine has no channel for. Error. */
        UNBOUND_CHANNEL(Severity.ERROR),
        /**
         * An exclusion or suppression asks about something other than the contact (an event's
         * payload, a click, an open), which it cannot know outside one event or instance. Error.
         */
        NOT_ABOUT_THE_CONTACT(Severity.ERROR),
        /** A condition or an entry names a segment that is not defined. Error. */
        UNKNOWN_SEGMENT(Severity.ERROR),
        /** Segments refer to each other in a cycle. Error. */
        SEGMENT_CYCLE(Severity.ERROR),
        /** A condition tests a contact attribute the declared attribute types do not name. Error. */
        UNKNOWN_ATTRIBUTE(Severity.ERROR),
        /** A condition compares an attribute with a value of another type, or in a way its type cannot be. Error. */
        ATTRIBUTE_TYPE_MISMATCH(Severity.ERROR),
        /**
         * A send's message, or one of its content variants' messages, is not in the host's message
         * catalogue, or not for every channel the send may use. Checked only when the host
         * declared its messages ({@link ValidationContext#messages()}). Error.
         */
        UNBOUND_MESSAGE(Severity.ERROR),
        /**
         * A send has no consent purpose the host knows. Checked only when the host declared its
         * consent purposes ({@link ValidationContext#consentPurposes()}). Error when the send
         * names a purpose that is neither declared nor its category's default (a contact can
         * consent to it only by consenting to every purpose on the channel); a warning when a
         * marketing send relies on the default purpose {@code marketing} and the host did not
         * declare it. (A blank purpose cannot be made: {@link Step.Send} rejects it.)
         * Error by default.
         */
        NO_CONSENT_PURPOSE(Severity.ERROR),
        /**
         * A segment journey has no schedule, so nobody enters it until the host calls
         * {@link JourneyEngine#enrolSegment} or {@link JourneyEngine#enrol}. Warning.
         */
        SEGMENT_JOURNEY_WITHOUT_SCHEDULE(Severity.WARNING),
        /**
         * A frequency cap never applies (it counts none of the journey's sends, or another cap
         * with the same channel, category and window is always reached first), or the journey's
         * own sends can reach a cap that then ends the instance or needs a longer deferral than
         * the cap allows. Warning.
         */
        CONFLICTING_CAPS(Severity.WARNING),
        /**
         * A wait for an event, an exit trigger, the goal, or a pause or resume trigger waits for an
         * event type that no channel reports ({@link InteractionTypes}), the host did not declare
         * ({@link ValidationContext#eventTypes()}) and no journey enters on. Checked only when the
         * host declared its event types. Warning.
         */
        UNPRODUCED_EVENT(Severity.WARNING),
        /**
         * A drafted journey still names a placeholder (which form, which message, which segment) that
         * has not been bound to a real asset; the {@code journey-dsl} drafter reports one per
         * placeholder. Error.
         */
        UNBOUND_PLACEHOLDER(Severity.ERROR),
        /**
         * A branch case or a content variant tests a payload field that the instance does not keep
         * from its entry trigger ({@link JourneyPolicies#triggerFields()}), so the test could
         * never hold; or the journey enrols from a segment, and has no entry event at all. Error.
         */
        UNKEPT_TRIGGER_FIELD(Severity.ERROR);

        private final Severity defaultSeverity;

        Code(Severity defaultSeverity) {
            this.defaultSeverity = defaultSeverity;
        }

        /** Returns the severity a problem of this kind has unless the check says otherwise. */
        public Severity defaultSeverity() {
            return defaultSeverity;
        }
    }

    /** Checks the components. */
    public ValidationProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Creates a problem with its code's default severity.
     *
     * @param code what kind of problem it is
     * @param stepId the step it concerns, if it concerns one
     * @param message what is wrong and what would be right
     */
    public ValidationProblem(Code code, Optional<String> stepId, String message) {
        this(code, Objects.requireNonNull(code, "code").defaultSeverity(), stepId, message);
    }

    /** Returns a problem that concerns a step, with its code's default severity. */
    public static ValidationProblem atStep(Code code, String stepId, String message) {
        return new ValidationProblem(code, Optional.of(stepId), message);
    }

    /** Returns a problem that concerns the journey as a whole, with its code's default severity. */
    public static ValidationProblem ofJourney(Code code, String message) {
        return new ValidationProblem(code, Optional.empty(), message);
    }

    /** Returns a warning that concerns a step, whatever its code's default severity. */
    public static ValidationProblem warningAtStep(Code code, String stepId, String message) {
        return atStep(code, stepId, message).withSeverity(Severity.WARNING);
    }

    /** Returns a warning that concerns the journey as a whole, whatever its code's default severity. */
    public static ValidationProblem warningOfJourney(Code code, String message) {
        return ofJourney(code, message).withSeverity(Severity.WARNING);
    }

    /** Returns a copy with another severity. */
    public ValidationProblem withSeverity(Severity severity) {
        return new ValidationProblem(code, severity, stepId, message);
    }

    /** Returns whether this problem stops the journey from being built or published. */
    public boolean isError() {
        return severity.blocksPublishing();
    }

    /** Returns whether this problem is only a warning. */
    public boolean isWarning() {
        return !isError();
    }

    /**
     * Returns the code, {@code (warning)} for a warning, the step if any, and the message, such
     * as {@code WAIT_NOT_POSITIVE at step 'pause': wait must be positive, was PT0S at step 'pause'}.
     */
    @Override
    public String toString() {
        return code + (isWarning() ? " (warning)" : "") + stepId.map(s -> " at step '" + s + "'").orElse("")
                + ": " + message;
    }
}
