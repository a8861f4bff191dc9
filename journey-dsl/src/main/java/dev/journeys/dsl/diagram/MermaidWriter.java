package dev.journeys.dsl.diagram;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a diagram as a Mermaid flowchart. Every label is a quoted string in which the
 * characters Mermaid or the HTML it renders to would read are entity codes ({@code #quot;},
 * {@code #lt;}...), and line breaks are {@code <br/>}. Internal.
 */
final class MermaidWriter {

    private static final String INDENT = "    ";

    private MermaidWriter() {
    }

    /** Returns the diagram as Mermaid text, ending with a line break. */
    static String write(DiagramGraph graph) {
        StringBuilder text = new StringBuilder("flowchart TD\n");
        for (DiagramNode node : graph.nodes()) {
            text.append(INDENT).append(node.id()).append(node.shape().mermaidOpen()).append(label(node.lines()))
                    .append(node.shape().mermaidClose()).append('\n');
        }
        for (DiagramEdge edge : graph.edges()) {
            text.append(INDENT).append(edge.from()).append(edge.back() ? " -.->" : " -->");
            edge.label().ifPresent(label -> text.append("|\"").append(label(List.of(label))).append("\"|"));
            text.append(' ').append(edge.to()).append('\n');
        }
        if (graph.nodes().stream().anyMatch(node -> node.shape() == NodeShape.NOTE)) {
            text.append(INDENT).append("classDef note stroke-dasharray: 4 4\n");
        }
        return text.toString();
    }

    private static String label(List<String> lines) {
        return LabelLines.of(lines).stream().map(MermaidWriter::escape).collect(Collectors.joining("<br/>"));
    }

    /** Escapes one line: what could end the string, start markup or an entity becomes an entity code. */
    static String escape(String line) {
        StringBuilder escaped = new StringBuilder(line.length());
        line.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> escaped.append("#quot;");
                case '#' -> escaped.append("#35;");
                case '&' -> escaped.append("#amp;");
                case '<' -> escaped.append("#lt;");
                case '>' -> escaped.append("#gt;");
                case '|' -> escaped.append("#124;");
                case '\\' -> escaped.append("#92;");
                case '`' -> escaped.append("#96;");
                default -> escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
