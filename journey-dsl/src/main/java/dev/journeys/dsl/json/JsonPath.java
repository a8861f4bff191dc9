package dev.journeys.dsl.json;

/**
 * Where a value sits in a JSON document, written as in the messages of
 * {@link JourneyJsonException}: {@code $.steps[2].next}. Internal to the JSON format.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the path as written
 * @param depth how many containers a container at this path is nested in, counting itself: the
 *     root object is at depth 1
 */
record JsonPath(String text, int depth) {

    /** The document's root. */
    static final JsonPath ROOT = new JsonPath("$", 1);

    /** Returns the path of a field of the object at this path. */
    JsonPath field(String name) {
        return new JsonPath(text + (isIdentifier(name) ? "." + name : "['" + escape(name) + "']"), depth + 1);
    }

    /** Returns the path of an element of the array at this path. */
    JsonPath index(int index) {
        return new JsonPath(text + "[" + index + "]", depth + 1);
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

    private static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length());
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
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
