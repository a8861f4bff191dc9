package dev.journeys.testkit;

import dev.journeys.core.ExitCause;

import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * What happened in one journey in a simulation: entries, exits, goals, contacts still in it,
 * and the counts of every step. Every contact that entered is accounted for at exactly one end:
 * {@code entered == exits + waiting}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param name its name
 * @param entered instances started, counting those an entry rate limit queued from when they were queued
 * @param exits instances ended, by cause
 * @param goals goals reached
 * @param waiting instances still running
 * @param steps the counts of each step, in the order the steps were declared
 * @param entries entries refused and queued
 */
public record JourneyCounts(String journeyId, String name, long entered, Map<ExitCause, Long> exits, long goals,
                            long waiting, List<StepCounts> steps, EntryCounts entries) {

    /** Checks and copies the components. */
    public JourneyCounts {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(name, "name");
        exits = Collections.unmodifiableMap(new TreeMap<>(exits));
        steps = List.copyOf(steps);
        Objects.requireNonNull(entries, "entries");
    }

    /** Returns how many instances ended, for any cause. */
    public long exited() {
        return exits.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the counts of a step. */
    public StepCounts step(String stepId) {
        return steps.stream().filter(s -> s.stepId().equals(stepId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("journey '" + journeyId + "' has no step '" + stepId
                        + "'; its steps are " + steps.stream().map(StepCounts::stepId).toList()));
    }
}
