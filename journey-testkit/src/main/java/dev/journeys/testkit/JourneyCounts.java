package dev.journeys.testkit;

import dev.journeys.core.ExitCause;
import dev.journeys.dsl.diagram.StepAnnotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.Locale;
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

    /**
     * Returns these counts as the text of a journey diagram's nodes: on each step what happened
     * there, such as {@code reached 1,000 · sent 940 · skipped 60 (CAPPED)}, and on the start
     * node the entries, such as {@code entered 1,000 · goals 120}. Steps that the journey's
     * newest version does not have (counted from instances of an older one) are left out, so the
     * annotations fit the definition the report was made for.
     *
     * <pre>{@code
     * StepAnnotations counts = env.report().journey(journey.id()).toStepAnnotations();
     * String mermaid = JourneyDiagram.mermaid(journey, counts);
     * }</pre>
     *
     * @return the annotations, for {@link dev.journeys.dsl.diagram.JourneyDiagram}
     */
    public StepAnnotations toStepAnnotations() {
        List<String> entry = new ArrayList<>();
        entry.add("entered " + count(entered));
        if (entries.declinedTotal() > 0) {
            entry.add("declined " + count(entries.declinedTotal()));
        }
        if (entries.queued() > 0) {
            entry.add("queued " + count(entries.queued()));
        }
        if (goals > 0) {
            entry.add("goals " + count(goals));
        }
        StepAnnotations annotations = StepAnnotations.none().withEntry(String.join(" · ", entry));
        for (StepCounts step : steps) {
            if (!step.kind().equals(JourneyReport.UNKNOWN_KIND)) {
                annotations = annotations.with(step.stepId(), label(step));
            }
        }
        return annotations;
    }

    private static String label(StepCounts step) {
        List<String> parts = new ArrayList<>();
        parts.add("reached " + count(step.reached()));
        if (step.sent() > 0) {
            parts.add("sent " + count(step.sent()));
        }
        step.skipped().forEach((reason, n) -> parts.add("skipped " + count(n) + " (" + reason + ")"));
        if (step.deferred() > 0) {
            parts.add("deferred " + count(step.deferred()));
        }
        if (step.cancelled() > 0) {
            parts.add("cancelled " + count(step.cancelled()));
        }
        if (step.dropped() > 0) {
            parts.add("dropped " + count(step.dropped()));
        }
        step.exited().forEach((cause, n) -> parts.add("exited " + count(n) + " (" + cause + ")"));
        if (step.waiting() > 0) {
            parts.add("waiting " + count(step.waiting()));
        }
        return String.join(" · ", parts);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
