package dev.journeys.dsl.diagram;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Extra text a diagram shows on its steps and on its start node, such as the counts of a
 * simulation: "reached 1,000 · sent 940 · skipped 60 (CAPPED)". The text is shown as given, under
 * what the step does; a line break in it starts a new line.
 *
 * <pre>{@code
 * StepAnnotations counts = StepAnnotations.none()
 *         .withEntry("entered 1,000")
 *         .with("guide", "reached 1,000 · sent 940 · skipped 60 (CAPPED)");
 * String mermaid = JourneyDiagram.mermaid(journey, counts);
 * }</pre>
 *
 * <p>The testkit makes them from a simulation's report with {@code JourneyCounts.toStepAnnotations()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param steps the text of each step, by step id
 * @param entry the text of the start node, if any
 */
public record StepAnnotations(Map<String, String> steps, Optional<String> entry) {

    /** Checks and copies the components. */
    public StepAnnotations {
        steps = Map.copyOf(Objects.requireNonNull(steps, "steps"));
        Objects.requireNonNull(entry, "entry");
    }

    /** Returns no annotations: the diagram shows the journey alone. */
    public static StepAnnotations none() {
        return new StepAnnotations(Map.of(), Optional.empty());
    }

    /**
     * Returns annotations of steps, none of the start node.
     *
     * @param steps the text of each step, by step id
     * @return the annotations
     */
    public static StepAnnotations of(Map<String, String> steps) {
        return new StepAnnotations(steps, Optional.empty());
    }

    /**
     * Returns a copy with the text of a step set, replacing any it had.
     *
     * @param stepId the step's id
     * @param text what to show on it
     * @return the new annotations
     */
    public StepAnnotations with(String stepId, String text) {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(text, "text");
        Map<String, String> all = new HashMap<>(steps);
        all.put(stepId, text);
        return new StepAnnotations(all, entry);
    }

    /**
     * Returns a copy with the text of the start node set, replacing any it had.
     *
     * @param text what to show on the start node, such as {@code entered 1,000}
     * @return the new annotations
     */
    public StepAnnotations withEntry(String text) {
        return new StepAnnotations(steps, Optional.of(Objects.requireNonNull(text, "text")));
    }

    /** Returns the text of a step, if it has one. */
    public Optional<String> step(String stepId) {
        return Optional.ofNullable(steps.get(stepId));
    }
}
