package dev.journeys.dsl.diagram;

import java.util.Objects;
import java.util.Optional;

/**
 * One edge of a diagram. Internal.
 *
 * @param from the id of the node it leaves
 * @param to the id of the node it enters
 * @param label what it says, unescaped, if anything
 * @param back whether it goes back to a step already on the path from the start (a loop), drawn
 *     dashed
 */
record DiagramEdge(String from, String to, Optional<String> label, boolean back) {
    /** Checks the components. */
    DiagramEdge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(label, "label");
    }
}
