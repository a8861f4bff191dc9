package dev.journeys.dsl.draft;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.Trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A step of the journey being drafted, before it is written with the fluent builder. The steps
 * of a path are a list; a fork holds a list per exit. Internal.
 */
sealed interface Node {

    /** The step's id, unique in the journey. */
    String id();

    /** Sends a message. */
    record Send(String id, String message, ChannelChoice channel) implements Node {
    }

    /** Waits. */
    record Wait(String id, Delay delay) implements Node {
    }

    /** Runs a host action. */
    record Action(String id, String action) implements Node {
    }

    /** Ends the path and the instance. */
    record Exit(String id, String reason) implements Node {
    }

    /**
     * A branch, or a wait for an event with its two exits. Mutable while the request is
     * assembled: a later sentence may add a case or convert a wait for an event into a wait and a
     * branch.
     */
    final class Fork implements Node {
        private final String id;
        private final Optional<EventWait> eventWait;
        private final List<Condition> conditions = new ArrayList<>();
        private final List<List<Node>> cases = new ArrayList<>();
        private final List<Node> otherwise = new ArrayList<>();

        /**
         * How a fork waits for an event.
         *
         * @param trigger the event waited for
         * @param about the send whose message the event must be about, if any
         * @param timeout how long to wait
         * @param negated whether the case is the time-out ("if they don't open it") and otherwise the event
         */
        record EventWait(Trigger trigger, Optional<String> about, Duration timeout, boolean negated) {
        }

        private Fork(String id, Optional<EventWait> eventWait) {
            this.id = id;
            this.eventWait = eventWait;
        }

        /** Returns a branch with one case. */
        static Fork branch(String id, Condition when) {
            Fork fork = new Fork(id, Optional.empty());
            fork.addCase(when);
            return fork;
        }

        /** Returns a wait for an event whose case is the event, or the time-out if negated. */
        static Fork eventWait(String id, EventWait wait, Condition when) {
            Fork fork = new Fork(id, Optional.of(wait));
            fork.conditions.add(when);
            fork.cases.add(new ArrayList<>());
            return fork;
        }

        @Override
        public String id() {
            return id;
        }

        Optional<EventWait> eventWait() {
            return eventWait;
        }

        /** Adds a case and returns its list of steps. */
        List<Node> addCase(Condition when) {
            conditions.add(when);
            List<Node> steps = new ArrayList<>();
            cases.add(steps);
            return steps;
        }

        List<Condition> conditions() {
            return conditions;
        }

        List<List<Node>> cases() {
            return cases;
        }

        List<Node> otherwise() {
            return otherwise;
        }

        /** Returns a branch with this fork's cases and otherwise, for a wait for an event that gains a case. */
        Fork toBranch(String branchId) {
            Fork branch = new Fork(branchId, Optional.empty());
            for (int i = 0; i < conditions.size(); i++) {
                branch.conditions.add(conditions.get(i));
                branch.cases.add(cases.get(i));
            }
            branch.otherwise.addAll(otherwise);
            return branch;
        }
    }
}
