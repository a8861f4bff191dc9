package dev.journeys.dsl.json;

/**
 * Where a value sits in a JSON document, written as in the messages of
 * {@link JourneyJsonException}: {@code $.steps[2].next}. The text is made only when asked for,
 * since it is needed only when something is wrong. Internal to the JSON format.
 *
 * <p>Immutable and thread-safe.
 */
final class JsonPath {

    /** The document's root. */
    static final JsonPath ROOT = new JsonPath(null, null, -1, 1);

    private final JsonPath parent;
    private final String field;
    private final int index;
    private final int depth;

    private JsonPath(JsonPath parent, String field, int index, int depth) {
        this.parent = parent;
        this.field = field;
        this.index = index;
        this.depth = depth;
    }

    /** Returns the path of a field of the object at this path. */
    JsonPath field(String name) {
        return new JsonPath(this, name, -1, depth + 1);
    }

    /** Returns the path of an element of the array at this path. */
    JsonPath index(int index) {
        return new JsonPath(this, null, index, depth + 1);
    }

    /**
     * Returns how many containers a container at this path is nested in, counting itself: the
     * root object is at depth 1.
     */
    int depth() {
        return depth;
    }

    /** Returns the path as written in messages. */
    String text() {
        StringBuilder text = new StringBuilder();
        appendTo(text);
        return text.toString();
    }

    private void appendTo(StringBuilder text) {
        if (parent == null) {
            text.append('$');
            return;
        }
        parent.appendTo(text);
        if (field == null) {
            text.append('[').append(index).append(']');
        } else if (isIdentifier(field)) {
            text.append('.').append(field);
        } else {
            text.append("['");
            escape(field, text);
            text.append("']");
        }
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !isLetter(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetter(c) && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static void escape(String name, StringBuilder out) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return text();
    }
}
