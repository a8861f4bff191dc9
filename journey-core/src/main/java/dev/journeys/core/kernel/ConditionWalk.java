package dev.journeys.core.kernel;

import dev.journeys.core.Condition;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Finds the conditions a journey uses, and the parts of a condition. Part of the kernel. */
public final class ConditionWalk {

    private ConditionWalk() {
    }

    /** Returns every top-level condition of a journey: filters, branch cases, variants, exclusions, suppressions. */
    public static List<Condition> of(JourneyDefinition journey) {
        List<Condition> conditions = new ArrayList<>();
        if (journey.entry() instanceof dev.journeys.core.Entry.OnEvent onEvent) {
            conditions.add(onEvent.trigger().filter());
        }
        journey.exitTriggers().stream().map(Trigger::filter).forEach(conditions::add);
        journey.goal().ifPresent(goal -> conditions.add(goal.trigger().filter()));
        journey.pausing().pauseWhen().stream().map(Trigger::filter).forEach(conditions::add);
        journey.pausing().resumeWhen().stream().map(Trigger::filter).forEach(conditions::add);
        conditions.addAll(journey.policies().exclusions());
        conditions.addAll(journey.policies().suppression());
        for (Step step : journey.steps()) {
            if (step instanceof Step.Branch branch) {
                branch.cases().forEach(c -> conditions.add(c.when()));
            } else if (step instanceof Step.Send send) {
                send.variants().forEach(v -> conditions.add(v.when()));
            } else if (step instanceof Step.WaitForEvent wait) {
                conditions.add(wait.trigger().filter());
            }
        }
        return conditions;
    }

    /** Visits a condition and every condition inside it (not into the segments it refers to). */
    public static void walk(Condition condition, Consumer<Condition> visitor) {
        visitor.accept(condition);
        if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(c -> walk(c, visitor));
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(c -> walk(c, visitor));
        } else if (condition instanceof Condition.Not not) {
            walk(not.condition(), visitor);
        } else if (condition instanceof Condition.HadEvent had) {
            walk(had.filter(), visitor);
        }
    }
}
