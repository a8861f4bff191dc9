package dev.journeys.core.validation;

import dev.journeys.core.Condition;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.Step;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationProblem.Code;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks that what a journey's branches and content variants read of an event is there to read.
 * Where no event is at hand, a payload test reads the fields the instance kept of its entry
 * trigger ({@link JourneyPolicies#triggerFields()}); a field it does not keep would make the test
 * false for every contact, silently, so it is an error ({@link Code#UNKEPT_TRIGGER_FIELD}).
 *
 * <p>Stateless and thread-safe.
 */
final class EntryFieldChecks {

    private EntryFieldChecks() {
    }

    static void check(JourneyDefinition journey, Consumer<ValidationProblem> problems) {
        List<String> kept = journey.policies().triggerFields();
        for (Step step : journey.steps()) {
            if (step instanceof Step.Branch branch) {
                branch.cases().forEach(c -> checkCondition(journey, step, "branch", c.when(), kept, problems));
            } else if (step instanceof Step.Send send) {
                send.variants().forEach(v -> checkCondition(journey, step, "content variant", v.when(), kept, problems));
            }
        }
    }

    /** Walks a condition without recursion; a history condition's filter reads past events, not the trigger. */
    private static void checkCondition(JourneyDefinition journey, Step step, String where, Condition condition,
                                       List<String> kept, Consumer<ValidationProblem> problems) {
        Deque<Condition> pending = new ArrayDeque<>();
        pending.push(condition);
        while (!pending.isEmpty()) {
            Condition next = pending.pop();
            if (next instanceof Condition.AllOf all) {
                all.conditions().forEach(pending::push);
            } else if (next instanceof Condition.AnyOf any) {
                any.conditions().forEach(pending::push);
            } else if (next instanceof Condition.Not not) {
                pending.push(not.condition());
            } else if (next instanceof Condition.Attribute attribute && attribute.source() == Condition.Source.EVENT
                    && !kept.contains(attribute.name())) {
                problems.accept(ValidationProblem.atStep(Code.UNKEPT_TRIGGER_FIELD, step.id(),
                        journey.entry() instanceof Entry.OnEvent
                                ? where + " of step '" + step.id() + "' tests event." + attribute.name()
                                        + ", which the journey does not keep from its entry trigger, so the test "
                                        + "is false for everyone; keep it with keepTriggerFields(\"" + attribute.name()
                                        + "\") (JSON: \"triggerFields\")"
                                : where + " of step '" + step.id() + "' tests event." + attribute.name()
                                        + ", but the journey enrols from a segment and has no entry event"));
            }
        }
    }
}
