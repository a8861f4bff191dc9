package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.validation.JourneyValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a journey's graph. Every step has an id, unique in its journey, and names the
 * steps that may follow it; an absent next step ends the path, and the contact completes the
 * journey there.
 *
 * <p>Steps are usually made by the fluent builder in {@code journey-dsl}; made directly, they
 * are checked only for nulls and id syntax, and {@link JourneyValidator} checks the graph.
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface Step {

    /** Returns the step's id, unique in its journey. */
    String id();

    /** Returns the ids of the steps that may follow this one, in the order of its exits. */
    List<String> successors();

    /**
     * Sends a message.
     *
     * <p>The message goes out only if the contact consented to its channel for its purpose
     * ({@link Contact#hasConsented}), is not suppressed, is outside quiet hours and within the
     * frequency caps; these are checked when the step is reached and again right before the
     * channel is called.
     *
     * @param id the step's id
     * @param message the message (asset) sent when no variant applies
     * @param channel which channel carries it
     * @param variants conditional content, tried in order
     * @param category marketing (capped) or transactional
     * @param purpose what the message is for, which the contact must have consented to, such as
     *     {@code newsletter}; by default the category's {@linkplain MessageCategory#defaultPurpose()
     *     purpose}
     * @param fields the contact attributes passed to the channel with the message for
     *     personalisation ({@link OutgoingMessage#data()}), such as {@code nearestStore}
     * @param next the step that follows
     */
    record Send(String id, String message, ChannelChoice channel, List<ContentVariant> variants,
                MessageCategory category, String purpose, List<String> fields, Optional<String> next)
            implements Step {
        /** Checks and copies the components. */
        public Send {
            Ids.requireId(id, "step id");
            Ids.requireText(message, "message");
            Objects.requireNonNull(channel, "channel");
            variants = List.copyOf(variants);
            Objects.requireNonNull(category, "category");
            Ids.requireText(purpose, "purpose");
            fields = List.copyOf(fields);
            fields.forEach(field -> Ids.requireText(field, "personalisation field"));
            Objects.requireNonNull(next, "next");
        }

        /**
         * Creates a send that passes no contact attributes.
         *
         * @param id the step's id
         * @param message the message (asset) sent when no variant applies
         * @param channel which channel carries it
         * @param variants conditional content, tried in order
         * @param category marketing (capped) or transactional
         * @param purpose what the message is for, which the contact must have consented to
         * @param next the step that follows
         */
        public Send(String id, String message, ChannelChoice channel, List<ContentVariant> variants,
                    MessageCategory category, String purpose, Optional<String> next) {
            this(id, message, channel, variants, category, purpose, List.of(), next);
        }

        /**
         * Creates a send whose purpose is its category's default.
         *
         * @param id the step's id
         * @param message the message (asset) sent when no variant applies
         * @param channel which channel carries it
         * @param variants conditional content, tried in order
         * @param category marketing (capped) or transactional
         * @param next the step that follows
         */
        public Send(String id, String message, ChannelChoice channel, List<ContentVariant> variants,
                    MessageCategory category, Optional<String> next) {
            this(id, message, channel, variants, category, Objects.requireNonNull(category, "category").defaultPurpose(),
                    next);
        }

        /**
         * Creates a marketing send.
         *
         * @param id the step's id
         * @param message the message (asset) sent when no variant applies
         * @param channel which channel carries it
         * @param variants conditional content, tried in order
         * @param next the step that follows
         */
        public Send(String id, String message, ChannelChoice channel, List<ContentVariant> variants,
                    Optional<String> next) {
            this(id, message, channel, variants, MessageCategory.MARKETING, next);
        }

        /** Returns whether this send needs the consent, so that withdrawing it stops the send. */
        public boolean needs(Consent consent) {
            return channel.channels().contains(consent.channel())
                    && consent.purpose().map(purpose::equals).orElse(true);
        }

        @Override
        public List<String> successors() {
            return next.stream().toList();
        }
    }

    /**
     * Holds the contact for a duration, until an instant, or until a local time of day.
     *
     * @param id the step's id
     * @param delay how long
     * @param next the step that follows
     */
    record Wait(String id, Delay delay, Optional<String> next) implements Step {
        /** Checks the components. */
        public Wait {
            Ids.requireId(id, "step id");
            Objects.requireNonNull(delay, "delay");
            if (delay instanceof Delay.Fixed fixed) {
                TimeBounds.requireDuration(fixed.duration(), "wait '" + id + "'");
            }
            Objects.requireNonNull(next, "next");
        }

        @Override
        public List<String> successors() {
            return next.stream().toList();
        }
    }

    /**
     * Holds the contact until a matching event arrives or the time-out passes.
     *
     * <p>The first matching event that arrives while the contact waits takes the
     * {@code onEvent} exit; the time-out takes {@code onTimeout}. An event that arrived before
     * the wait began counts only if {@code lookBack} is set, and then only one that arrived
     * since the contact entered the journey.
     *
     * @param id the step's id
     * @param trigger the event type and filter waited for
     * @param aboutSend if present, only interactions with the message sent at this step count
     * @param timeout how long to wait; must be positive
     * @param lookBack whether an event since entry, before the wait began, counts
     * @param onEvent the step after a matching event
     * @param onTimeout the step after the time-out
     */
    record WaitForEvent(String id, Trigger trigger, Optional<String> aboutSend, Duration timeout,
                        boolean lookBack, Optional<String> onEvent, Optional<String> onTimeout) implements Step {
        /** Checks the components. */
        public WaitForEvent {
            Ids.requireId(id, "step id");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(aboutSend, "aboutSend");
            TimeBounds.requireDuration(timeout, "time-out of step '" + id + "'");
            Objects.requireNonNull(onEvent, "onEvent");
            Objects.requireNonNull(onTimeout, "onTimeout");
        }

        @Override
        public List<String> successors() {
            List<String> all = new ArrayList<>(2);
            onEvent.ifPresent(all::add);
            onTimeout.ifPresent(all::add);
            return all;
        }
    }

    /**
     * Takes the first case whose condition holds. The last case must be the otherwise case,
     * whose condition is {@link Condition#always()}.
     *
     * @param id the step's id
     * @param cases the cases in order, the otherwise case last
     */
    record Branch(String id, List<Case> cases) implements Step {
        /** Checks and copies the components. */
        public Branch {
            Ids.requireId(id, "step id");
            cases = List.copyOf(cases);
        }

        /** Returns the otherwise case, if the branch has one. */
        public Optional<Case> otherwise() {
            return cases.isEmpty() || !cases.get(cases.size() - 1).when().equals(Condition.always())
                    ? Optional.empty() : Optional.of(cases.get(cases.size() - 1));
        }

        @Override
        public List<String> successors() {
            return cases.stream().flatMap(c -> c.next().stream()).toList();
        }
    }

    /**
     * One case of a {@link Branch}.
     *
     * @param when the condition
     * @param next the step taken when it is the first that holds
     */
    record Case(Condition when, Optional<String> next) {
        /** Checks the components. */
        public Case {
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Sends each contact down one of several weighted paths (an A/B/n test). The path is chosen
     * by a stable hash of the contact, the journey and the step, so it is the same on re-entry
     * and after a restart.
     *
     * @param id the step's id
     * @param paths the paths, each with a positive weight
     */
    record Split(String id, List<SplitPath> paths) implements Step {
        /** Checks and copies the components. */
        public Split {
            Ids.requireId(id, "step id");
            paths = List.copyOf(paths);
        }

        @Override
        public List<String> successors() {
            return paths.stream().flatMap(p -> p.next().stream()).toList();
        }
    }

    /**
     * One path of a {@link Split}.
     *
     * @param name the path's name, reported in listener events
     * @param weight its share relative to the other paths; must be positive
     * @param next the step the path starts with
     */
    record SplitPath(String name, int weight, Optional<String> next) {
        /** Checks the components. */
        public SplitPath {
            Ids.requireText(name, "path name");
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * Runs a named action of the host's, such as creating a task.
     *
     * @param id the step's id
     * @param action the action's name, bound to an {@link dev.journeys.core.spi.ActionHandler}
     * @param parameters what the action is told
     * @param next the step that follows
     */
    record Action(String id, String action, Attributes parameters, Optional<String> next) implements Step {
        /** Checks the components. */
        public Action {
            Ids.requireId(id, "step id");
            Ids.requireText(action, "action");
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(next, "next");
        }

        @Override
        public List<String> successors() {
            return next.stream().toList();
        }
    }

    /**
     * Records a conversion, and ends the instance if {@code exit} is set.
     *
     * @param id the step's id
     * @param name the goal's name
     * @param exit whether reaching the goal ends the instance
     * @param next the step that follows when it does not
     */
    record Goal(String id, String name, boolean exit, Optional<String> next) implements Step {
        /** Checks the components. */
        public Goal {
            Ids.requireId(id, "step id");
            Ids.requireText(name, "goal name");
            Objects.requireNonNull(next, "next");
        }

        @Override
        public List<String> successors() {
            return exit ? List.of() : next.stream().toList();
        }
    }

    /**
     * Ends the instance.
     *
     * @param id the step's id
     * @param reason why, reported when the contact exits
     */
    record Exit(String id, String reason) implements Step {
        /** Checks the components. */
        public Exit {
            Ids.requireId(id, "step id");
            Ids.requireText(reason, "reason");
        }

        @Override
        public List<String> successors() {
            return List.of();
        }
    }
}
