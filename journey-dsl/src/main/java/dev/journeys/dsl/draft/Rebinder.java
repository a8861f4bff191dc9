package dev.journeys.dsl.draft;

import dev.journeys.core.Condition;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.Pausing;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.util.List;
import java.util.Map;

/**
 * Puts real asset ids where a drafted journey holds placeholder ids: in event types, the string
 * values of conditions (a form's or a link's id), segment ids, message names and action names.
 * A value is replaced only if it is exactly a placeholder id, and placeholder ids are made so that
 * no real id in a draft equals one; so binding never touches anything else. Internal.
 */
final class Rebinder {

    private final Map<String, String> bindings;

    private Rebinder(Map<String, String> bindings) {
        this.bindings = bindings;
    }

    /**
     * Returns the journey with the bound placeholders replaced.
     *
     * @param journey the journey as drafted
     * @param bindings placeholder id to asset id
     * @return the rewritten journey
     * @throws IllegalArgumentException if an asset id is not valid where it goes (a segment id
     *     with white space, say)
     */
    static JourneyDefinition bind(JourneyDefinition journey, Map<String, String> bindings) {
        if (bindings.isEmpty()) {
            return journey;
        }
        return new Rebinder(bindings).journey(journey);
    }

    private String map(String value) {
        return bindings.getOrDefault(value, value);
    }

    private JourneyDefinition journey(JourneyDefinition journey) {
        JourneyPolicies p = journey.policies();
        JourneyPolicies policies = new JourneyPolicies(p.reentry(), p.caps(), p.quietHours(),
                new Pausing(triggers(p.pausing().pauseWhen()), triggers(p.pausing().resumeWhen())),
                conditions(p.exclusions()), conditions(p.suppression()), p.entryRateLimit(), p.triggerFields());
        return new JourneyDefinition(journey.id(), journey.version(), journey.name(), entry(journey.entry()),
                journey.startStep(), journey.steps().stream().map(this::step).toList(),
                triggers(journey.exitTriggers()),
                journey.goal().map(g -> new JourneyGoal(g.name(), trigger(g.trigger()), g.exit())), policies);
    }

    private Entry entry(Entry entry) {
        if (entry instanceof Entry.OnEvent onEvent) {
            return new Entry.OnEvent(trigger(onEvent.trigger()));
        } else if (entry instanceof Entry.FromSegment segment) {
            return new Entry.FromSegment(map(segment.segment()), segment.schedule());
        }
        throw new AssertionError(entry);
    }

    private List<Trigger> triggers(List<Trigger> triggers) {
        return triggers.stream().map(this::trigger).toList();
    }

    private Trigger trigger(Trigger trigger) {
        return new Trigger(map(trigger.eventType()), condition(trigger.filter()));
    }

    private List<Condition> conditions(List<Condition> conditions) {
        return conditions.stream().map(this::condition).toList();
    }

    private Condition condition(Condition condition) {
        if (condition instanceof Condition.Attribute attribute) {
            return attribute.expected() instanceof String text
                    ? new Condition.Attribute(attribute.source(), attribute.name(), attribute.operator(), map(text))
                    : attribute;
        } else if (condition instanceof Condition.Clicked clicked) {
            return new Condition.Clicked(clicked.sendStep(), clicked.link().map(this::map));
        } else if (condition instanceof Condition.Opened) {
            return condition;
        } else if (condition instanceof Condition.HappenedSinceEntry happened) {
            return new Condition.HappenedSinceEntry(map(happened.eventType()), condition(happened.filter()));
        } else if (condition instanceof Condition.AllOf all) {
            return new Condition.AllOf(conditions(all.conditions()));
        } else if (condition instanceof Condition.AnyOf any) {
            return new Condition.AnyOf(conditions(any.conditions()));
        } else if (condition instanceof Condition.Not not) {
            return new Condition.Not(condition(not.condition()));
        } else if (condition instanceof Condition.Custom) {
            return condition;
        } else if (condition instanceof Condition.HadEvent had) {
            return new Condition.HadEvent(map(had.eventType()), condition(had.filter()), had.atLeast(), had.atMost(),
                    had.within());
        } else if (condition instanceof Condition.InSegment in) {
            return new Condition.InSegment(map(in.segmentId()));
        }
        throw new AssertionError(condition);
    }

    private Step step(Step step) {
        if (step instanceof Step.Send send) {
            return new Step.Send(send.id(), map(send.message()), send.channel(),
                    send.variants().stream().map(v -> new ContentVariant(condition(v.when()), map(v.message()))).toList(),
                    send.category(), send.purpose(), send.fields(), send.next());
        } else if (step instanceof Step.WaitForEvent wait) {
            return new Step.WaitForEvent(wait.id(), trigger(wait.trigger()), wait.aboutSend(), wait.timeout(),
                    wait.lookBack(), wait.onEvent(), wait.onTimeout());
        } else if (step instanceof Step.Branch branch) {
            return new Step.Branch(branch.id(), branch.cases().stream()
                    .map(c -> new Step.Case(condition(c.when()), c.next())).toList());
        } else if (step instanceof Step.Action action) {
            return new Step.Action(action.id(), map(action.action()), action.parameters(), action.next());
        } else if (step instanceof Step.Wait || step instanceof Step.Split || step instanceof Step.Goal
                || step instanceof Step.Exit) {
            return step;
        }
        throw new AssertionError(step);
    }
}
