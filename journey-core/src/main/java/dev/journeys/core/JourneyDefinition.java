package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.validation.JourneyValidator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A journey as designed: who enters, the graph of steps, what stops it and what counts as its
 * goal. One definition is one immutable version of a journey.
 *
 * <p>Usually built with the fluent builder in {@code journey-dsl}, which validates it. Made
 * directly, only nulls and id syntax are checked here; {@link JourneyValidator} checks the
 * graph, and {@link JourneyEngine#publish} refuses a definition with errors.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the journey's id, the same across its versions
 * @param version the version, at least 1; contacts finish the version they entered
 * @param name a human name
 * @param entry how contacts enter
 * @param startStep the id of the first step
 * @param steps every step, in the order they were declared
 * @param exitTriggers events that end an instance at once, wherever the contact is
 * @param goal the journey-level goal, if any
 * @param policies re-entry, caps, quiet hours and pausing
 */
public record JourneyDefinition(String id, int version, String name, Entry entry, String startStep,
                                List<Step> steps, List<Trigger> exitTriggers, Optional<JourneyGoal> goal,
                                JourneyPolicies policies) {

    /** Checks and copies the components. */
    public JourneyDefinition {
        Ids.requireId(id, "journey id");
        if (version < 1) {
            throw new IllegalArgumentException("version of journey '" + id + "' must be at least 1, was " + version);
        }
        Ids.requireText(name, "name");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(startStep, "startStep");
        steps = List.copyOf(steps);
        exitTriggers = List.copyOf(exitTriggers);
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(policies, "policies");
    }

    /**
     * Creates a definition with the {@linkplain JourneyPolicies#defaults() default policies}.
     *
     * @param id the journey's id
     * @param version the version
     * @param name a human name
     * @param entry how contacts enter
     * @param startStep the id of the first step
     * @param steps every step
     * @param exitTriggers events that end an instance at once
     * @param goal the journey-level goal, if any
     */
    public JourneyDefinition(String id, int version, String name, Entry entry, String startStep, List<Step> steps,
                             List<Trigger> exitTriggers, Optional<JourneyGoal> goal) {
        this(id, version, name, entry, startStep, steps, exitTriggers, goal, JourneyPolicies.defaults());
    }

    /** Returns a copy with other policies. */
    public JourneyDefinition withPolicies(JourneyPolicies policies) {
        return new JourneyDefinition(id, version, name, entry, startStep, steps, exitTriggers, goal, policies);
    }

    /** Returns when a contact may enter again. */
    public ReentryRule reentry() {
        return policies.reentry();
    }

    /** Returns the frequency caps that count only this journey's sends. */
    public List<FrequencyCap> caps() {
        return policies.caps();
    }

    /** Returns this journey's own quiet hours, if it has any. */
    public Optional<QuietHours> quietHours() {
        return policies.quietHours();
    }

    /** Returns the triggers that pause and resume instances. */
    public Pausing pausing() {
        return policies.pausing();
    }

    /** Returns whether contacts enter on an event or from a segment. */
    public JourneyKind kind() {
        return entry.kind();
    }

    /** Returns the step with the id, if there is one. */
    public Optional<Step> step(String stepId) {
        return steps.stream().filter(step -> step.id().equals(stepId)).findFirst();
    }

    @Override
    public String toString() {
        return "journey '" + id + "' v" + version;
    }
}
