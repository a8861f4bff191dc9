package dev.journeys.dsl.draft;

import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Trigger;
import dev.journeys.dsl.BranchCases;
import dev.journeys.dsl.EventWait;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.JourneyOptions;
import dev.journeys.dsl.Message;
import dev.journeys.dsl.Steps;

import java.util.List;

/**
 * Writes an assembled draft with the fluent builder, so a draft is checked like any journey.
 * Internal.
 */
final class JourneyWriter {

    private JourneyWriter() {
    }

    /**
     * Writes the journey.
     *
     * @param id the journey's id
     * @param name its name
     * @param plan what was made of the request, with at least one step
     * @return the journey
     * @throws dev.journeys.core.InvalidJourneyException if the assembly broke a rule (a bug)
     */
    static JourneyDefinition write(String id, String name, Plan plan) {
        Entry entry = plan.entry();
        JourneyOptions options;
        if (entry instanceof Entry.OnEvent onEvent) {
            options = Journey.withId(id).triggeredBy(onEvent.trigger());
        } else if (entry instanceof Entry.FromSegment segment) {
            options = segment.schedule().isPresent()
                    ? Journey.withId(id).fromSegment(segment.segment(), segment.schedule().get())
                    : Journey.withId(id).fromSegment(segment.segment());
        } else {
            throw new AssertionError(entry);
        }
        options.named(name);
        for (Trigger exit : plan.exits()) {
            options.exitWhen(exit);
        }
        plan.goal().ifPresent((JourneyGoal goal) -> options.goal(goal.name(), goal.trigger(), goal.exit()));
        for (FrequencyCap cap : plan.caps()) {
            options.frequencyCap(cap);
        }
        plan.quietHours().ifPresent(options::quietHours);
        plan.reentry().ifPresent(options::reentry);
        for (Condition exclusion : plan.exclusions()) {
            options.exclude(exclusion);
        }
        write(options, plan.steps());
        return options.build();
    }

    private static <P extends Steps<P, E>, E> void write(P path, List<Node> nodes) {
        P p = path;
        for (Node node : nodes) {
            if (node instanceof Node.Send send) {
                p = p.send(send.id(), new Message(send.message(), send.channel(), List.of(), MessageCategory.MARKETING,
                        MessageCategory.MARKETING.defaultPurpose(), List.of()));
            } else if (node instanceof Node.Wait wait) {
                p = wait(p, wait);
            } else if (node instanceof Node.Action action) {
                p = p.action(action.id(), action.action());
            } else if (node instanceof Node.Exit exit) {
                p.exit(exit.id(), exit.reason());
                return;
            } else if (node instanceof Node.Fork fork) {
                p = fork(p, fork);
            } else {
                throw new AssertionError(node);
            }
        }
    }

    private static <P extends Steps<P, E>, E> P wait(P p, Node.Wait wait) {
        Delay delay = wait.delay();
        if (delay instanceof Delay.Fixed fixed) {
            return p.waitFor(wait.id(), fixed.duration());
        } else if (delay instanceof Delay.UntilInstant until) {
            return p.waitUntil(wait.id(), until.instant(), until.ifPassed());
        } else if (delay instanceof Delay.UntilTimeOfDay until) {
            return p.waitUntilLocalTime(wait.id(), until.timeOfDay());
        }
        throw new AssertionError(delay);
    }

    private static <P extends Steps<P, E>, E> P fork(P p, Node.Fork fork) {
        if (fork.eventWait().isPresent()) {
            Node.Fork.EventWait wait = fork.eventWait().get();
            List<Node> onEvent = wait.negated() ? fork.otherwise() : fork.cases().get(0);
            List<Node> onTimeout = wait.negated() ? fork.cases().get(0) : fork.otherwise();
            return p.waitForEvent(fork.id(), wait.trigger(), wait.timeout(), exits -> {
                EventWait options = exits;
                if (wait.about().isPresent()) {
                    options = options.about(wait.about().get());
                }
                return options.onEvent(q -> write(q, onEvent)).onTimeout(q -> write(q, onTimeout));
            });
        }
        return p.branch(fork.id(), cases -> {
            BranchCases all = cases;
            for (int i = 0; i < fork.conditions().size(); i++) {
                List<Node> steps = fork.cases().get(i);
                all = all.when(fork.conditions().get(i), q -> write(q, steps));
            }
            return all.otherwise(q -> write(q, fork.otherwise()));
        });
    }
}
