package dev.journeys.dsl.diagram;

import dev.journeys.core.JourneyDefinition;

import java.util.Objects;

/**
 * Draws a journey as text: a Mermaid flowchart, which GitHub renders in a README or a pull
 * request inside a {@code ```mermaid} block, or a Graphviz DOT digraph, for {@code dot -Tsvg}.
 *
 * <pre>{@code
 * String mermaid = JourneyDiagram.mermaid(journey);
 * String dot = JourneyDiagram.dot(journey);
 *
 * // with the counts of a simulation (journey-testkit):
 * StepAnnotations counts = env.report().journey(journey.id()).toStepAnnotations();
 * String counted = JourneyDiagram.mermaid(journey, counts);
 * }</pre>
 *
 * <p>What is drawn:
 * <ul>
 *   <li>a start node with the journey's name and its entry (the trigger, or the segment and its
 *       schedule);</li>
 *   <li>a node per step, each kind its own shape, labelled with the step's id and what it does:
 *       a send (rectangle), a wait for a duration (rounded), a wait until an instant or a time of
 *       day (parallelogram), a wait for an event (hexagon), a branch (diamond), a split
 *       (trapezoid), an action (subroutine, or component in DOT), a goal (flag) and an exit
 *       (circle, or octagon in DOT);</li>
 *   <li>an edge per exit: a branch's labelled with its case's condition or "otherwise", a
 *       split's with its path's name and share, a wait for an event's with "on event" and
 *       "timeout"; an edge back to a step already on the path from the start (a loop made with
 *       {@code goTo}) is dashed;</li>
 *   <li>an End node that the paths which end (without an exit step) lead to;</li>
 *   <li>a note with the journey-wide exit, goal, pause and resume triggers, if there are any.</li>
 * </ul>
 *
 * <p>Node ids in the text are generated ({@code start}, {@code n0}, {@code n1}... in the order
 * the steps were declared, {@code done}, {@code notes}), so any step id is safe; the step id is
 * shown in its node's label. Labels are escaped for each format, whatever they hold. The same
 * journey and annotations always give the same text, so a diagram kept in a repository diffs
 * cleanly when the journey changes.
 *
 * <p>Not instantiable; its methods are thread-safe.
 */
public final class JourneyDiagram {

    private JourneyDiagram() {
    }

    /**
     * Returns a journey as a Mermaid flowchart.
     *
     * @param journey the journey
     * @return the Mermaid text, starting with {@code flowchart TD} and ending with a line break
     * @throws IllegalArgumentException if the journey names a step it does not have, or has two
     *     steps with one id (a journey the DSL built never does)
     */
    public static String mermaid(JourneyDefinition journey) {
        return mermaid(journey, StepAnnotations.none());
    }

    /**
     * Returns a journey as a Mermaid flowchart, with extra text on its steps and start node.
     *
     * @param journey the journey
     * @param annotations the text for each step, such as its counts
     * @return the Mermaid text, starting with {@code flowchart TD} and ending with a line break
     * @throws IllegalArgumentException if the journey names a step it does not have, has two steps
     *     with one id, or the annotations name a step it does not have
     */
    public static String mermaid(JourneyDefinition journey, StepAnnotations annotations) {
        return MermaidWriter.write(layout(journey, annotations));
    }

    /**
     * Returns a journey as a Graphviz DOT digraph.
     *
     * @param journey the journey
     * @return the DOT text, ending with a line break; save it as UTF-8
     * @throws IllegalArgumentException if the journey names a step it does not have, or has two
     *     steps with one id (a journey the DSL built never does)
     */
    public static String dot(JourneyDefinition journey) {
        return dot(journey, StepAnnotations.none());
    }

    /**
     * Returns a journey as a Graphviz DOT digraph, with extra text on its steps and start node.
     *
     * @param journey the journey
     * @param annotations the text for each step, such as its counts
     * @return the DOT text, ending with a line break; save it as UTF-8
     * @throws IllegalArgumentException if the journey names a step it does not have, has two steps
     *     with one id, or the annotations name a step it does not have
     */
    public static String dot(JourneyDefinition journey, StepAnnotations annotations) {
        return DotWriter.write(layout(journey, annotations));
    }

    private static DiagramGraph layout(JourneyDefinition journey, StepAnnotations annotations) {
        return DiagramGraph.of(Objects.requireNonNull(journey, "journey"),
                Objects.requireNonNull(annotations, "annotations"));
    }
}
