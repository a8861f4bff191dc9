package dev.journeys.dsl.diagram;

import java.util.List;
import java.util.Objects;

/**
 * One node of a diagram: a safe id, a shape and the label's lines, unescaped. Internal.
 *
 * @param id the node's id in the diagram's text ({@code start}, {@code n0}, {@code n1}...),
 *     never a step id, which may hold characters neither format allows in an id
 * @param shape how it is drawn
 * @param lines the label, a line each; a writer breaks a line that holds line breaks of its own
 */
record DiagramNode(String id, NodeShape shape, List<String> lines) {
    /** Checks and copies the components. */
    DiagramNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shape, "shape");
        lines = List.copyOf(lines);
    }
}
