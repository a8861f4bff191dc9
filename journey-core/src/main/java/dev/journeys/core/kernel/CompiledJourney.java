package dev.journeys.core.kernel;

import dev.journeys.core.Condition;
import dev.journeys.core.Consent;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated journey version compiled once for the evaluator: steps by id in a hash map, and
 * the bit of every tracked fact, so evaluating an event costs lookups, not scans. Part of the kernel.
 *
 * <p>Immutable and thread-safe.
 */
public final class CompiledJourney {

    private final JourneyDefinition definition;
    private final Map<String, Step> steps = new HashMap<>();
    private final List<TrackedFact> facts;
    private final Map<Condition, Integer> factBits = new IdentityHashMap<>();

    /**
     * Compiles a journey; it must be valid.
     *
     * @param definition the journey
     */
    public CompiledJourney(JourneyDefinition definition) {
        this.definition = definition;
        definition.steps().forEach(step -> steps.put(step.id(), step));
        this.facts = List.copyOf(TrackedFact.of(definition));
        for (Step step : definition.steps()) {
            if (step instanceof Step.Branch branch) {
                branch.cases().forEach(c -> indexConditions(c.when()));
            } else if (step instanceof Step.Send send) {
                send.variants().forEach(v -> indexConditions(v.when()));
            }
        }
    }

    private void indexConditions(Condition condition) {
        TrackedFact.of(condition).ifPresent(fact -> factBits.put(condition, facts.indexOf(fact)));
        if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(this::indexConditions);
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(this::indexConditions);
        } else if (condition instanceof Condition.Not not) {
            indexConditions(not.condition());
        }
    }

    /** Returns the definition. */
    public JourneyDefinition definition() {
        return definition;
    }

    /** Returns the journey's id. */
    public String id() {
        return definition.id();
    }

    /** Returns the version. */
    public int version() {
        return definition.version();
    }

    /** Returns the step with the id; the journey is valid, so every reference resolves. */
    public Step step(String stepId) {
        Step step = steps.get(stepId);
        if (step == null) {
            throw new IllegalStateException("step '" + stepId + "' is not in " + definition);
        }
        return step;
    }

    /** Returns whether the journey has a step with the id. */
    public boolean hasStep(String stepId) {
        return steps.containsKey(stepId);
    }

    /** Returns whether any send of the journey needs the consent, so withdrawing it ends the journey. */
    public boolean sendsNeeding(Consent consent) {
        for (Step step : definition.steps()) {
            if (step instanceof Step.Send send && send.needs(consent)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the facts the journey tracks, in bit order. */
    public List<TrackedFact> facts() {
        return facts;
    }

    /** Returns the bit of the fact a condition of this journey asks about, or -1. */
    int factBit(Condition condition) {
        Integer bit = factBits.get(condition);
        return bit == null ? -1 : bit;
    }

    /** Returns the bit of a tracked fact, or -1. */
    int factBit(TrackedFact fact) {
        return facts.indexOf(fact);
    }
}
