package dev.journeys.dsl.diagram;

/**
 * How a node of a diagram is drawn, one shape per kind of node, in each format. Internal.
 */
enum NodeShape {
    /** The entry: what starts the journey. */
    START("([\"", "\"])", "shape=oval"),
    /** A send step. */
    SEND("[\"", "\"]", "shape=box"),
    /** A wait for a duration. */
    WAIT("(\"", "\")", "shape=box, style=rounded"),
    /** A wait until an instant or a local time of day. */
    WAIT_UNTIL("[/\"", "\"/]", "shape=parallelogram"),
    /** A wait for an event, with its event and time-out exits. */
    WAIT_FOR_EVENT("{{\"", "\"}}", "shape=hexagon"),
    /** A branch, whose exits are its cases. */
    BRANCH("{\"", "\"}", "shape=diamond"),
    /** A split, whose exits are its weighted paths. */
    SPLIT("[/\"", "\"\\]", "shape=trapezium"),
    /** An action step. */
    ACTION("[[\"", "\"]]", "shape=component"),
    /** A goal step. */
    GOAL(">\"", "\"]", "shape=cds"),
    /** An exit step. */
    EXIT("((\"", "\"))", "shape=octagon"),
    /** Where paths that end complete the journey. */
    END("(((\"", "\")))", "shape=doublecircle"),
    /** The journey-wide exit, goal, pause and resume triggers. */
    NOTE("[\"", "\"]:::note", "shape=note");

    private final String mermaidOpen;
    private final String mermaidClose;
    private final String dotAttributes;

    NodeShape(String mermaidOpen, String mermaidClose, String dotAttributes) {
        this.mermaidOpen = mermaidOpen;
        this.mermaidClose = mermaidClose;
        this.dotAttributes = dotAttributes;
    }

    /** Returns what opens a Mermaid node of this shape, up to and with the label's opening quote. */
    String mermaidOpen() {
        return mermaidOpen;
    }

    /** Returns what closes a Mermaid node of this shape, from the label's closing quote on. */
    String mermaidClose() {
        return mermaidClose;
    }

    /** Returns the DOT attributes that draw this shape, such as {@code shape=box}. */
    String dotAttributes() {
        return dotAttributes;
    }
}
