package dev.journeys.dsl.diagram;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a diagram as a Graphviz DOT digraph. Every label and the graph's name are quoted
 * strings in which {@code "} and {@code \} are escaped, and line breaks are {@code \n}; the text
 * is meant to be saved as UTF-8, Graphviz's default. Internal.
 */
final class DotWriter {

    private static final String INDENT = "    ";

    private DotWriter() {
    }

    /** Returns the diagram as DOT text, ending with a line break. */
    static String write(DiagramGraph graph) {
        StringBuilder text = new StringBuilder("digraph \"").append(label(List.of(graph.title()))).append("\" {\n");
        for (DiagramNode node : graph.nodes()) {
            text.append(INDENT).append(node.id()).append(" [").append(node.shape().dotAttributes())
                    .append(", label=\"").append(label(node.lines())).append("\"];\n");
        }
        for (DiagramEdge edge : graph.edges()) {
            text.append(INDENT).append(edge.from()).append(" -> ").append(edge.to());
            String label = edge.label().map(l -> "label=\"" + label(List.of(l)) + "\"").orElse("");
            String style = edge.back() ? "style=dashed" : "";
            String attributes = label.isEmpty() || style.isEmpty() ? label + style : label + ", " + style;
            if (!attributes.isEmpty()) {
                text.append(" [").append(attributes).append(']');
            }
            text.append(";\n");
        }
        return text.append("}\n").toString();
    }

    private static String label(List<String> lines) {
        return LabelLines.of(lines).stream().map(DotWriter::escape).collect(Collectors.joining("\\n"));
    }

    /** Escapes one line for a quoted DOT string. */
    static String escape(String line) {
        return line.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
