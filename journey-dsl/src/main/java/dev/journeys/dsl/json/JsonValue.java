package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.journeys.core.TimeBounds;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A value of a parsed document and its path: typed accessors that either return the value or
 * throw a {@link JourneyJsonException} naming the path, what was expected and what was found.
 * Internal to the JSON format.
 *
 * <p>Immutable and thread-safe.
 *
 * @param node the value
 * @param path where it is
 */
record JsonValue(JsonNode node, JsonPath path) {

    /** Longest text of a found value quoted in a message; longer text is cut. */
    private static final int QUOTED = 40;

    /** Returns an exception for this value. */
    JourneyJsonException fail(String problem) {
        return new JourneyJsonException(path.text(), problem);
    }

    /** Returns an exception saying what was expected and what this value is. */
    JourneyJsonException expected(String what) {
        return fail("expected " + what + ", got " + describe(node));
    }

    /** Returns the string. */
    String string() {
        if (!node.isTextual()) {
            throw expected("a string");
        }
        return node.textValue();
    }

    /** Returns the integer, which must fit in an {@code int}. */
    int integer() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw expected("an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return node.intValue();
    }

    /** Returns the boolean. */
    boolean bool() {
        if (!node.isBoolean()) {
            throw expected("true or false");
        }
        return node.booleanValue();
    }

    /** Returns the ISO-8601 duration, such as {@code PT48H} or {@code P7D}, within {@link TimeBounds#LONGEST}. */
    Duration duration() {
        Duration duration = parse("a string with an ISO-8601 duration such as PT48H",
                () -> Duration.parse(node.textValue()));
        return build(() -> TimeBounds.requireDuration(duration, "duration"));
    }

    /** Returns the ISO-8601 instant, such as {@code 2026-04-01T14:00:00Z}, within {@link TimeBounds}. */
    Instant instant() {
        Instant instant = parse("a string with an ISO-8601 instant such as 2026-04-01T14:00:00Z",
                () -> Instant.parse(node.textValue()));
        return build(() -> TimeBounds.requireInstant(instant, "instant"));
    }

    /** Returns the ISO-8601 local time of day, such as {@code 09:00} or {@code 21:30:15}. */
    LocalTime time() {
        return parse("a string with a local time such as 09:00", () -> LocalTime.parse(node.textValue()));
    }

    /** Returns the time-zone id, such as {@code Europe/Paris} or {@code +02:00}. */
    ZoneId zone() {
        return parse("a string with a time-zone id such as Europe/Paris", () -> ZoneId.of(node.textValue()));
    }

    private <T> T parse(String what, Supplier<T> parser) {
        if (!node.isTextual()) {
            throw expected(what);
        }
        try {
            return parser.get();
        } catch (DateTimeException | ArithmeticException notParsed) {
            throw expected(what);
        }
    }

    /** Returns the elements of the array. */
    List<JsonValue> array() {
        if (!node.isArray()) {
            throw expected("an array");
        }
        List<JsonValue> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            elements.add(new JsonValue(node.get(i), path.index(i)));
        }
        return elements;
    }

    /**
     * Returns the object, after checking that it has no field but the allowed ones.
     *
     * @param allowed every field the object may have, in the order the messages list them
     * @throws JourneyJsonException if it is not an object or has another field
     */
    JsonFields object(List<String> allowed) {
        if (!node.isObject()) {
            throw expected("an object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new JourneyJsonException(path.field(name).text(), "unknown field '" + name + "'"
                        + Suggestions.hint(name, allowed) + "; expected one of " + String.join(", ", allowed));
            }
        });
        return new JsonFields((ObjectNode) node, path);
    }

    /**
     * Returns the {@code kind} of the object, one of the given kinds; the object's other fields
     * are checked afterwards, by kind.
     */
    String kind(List<String> kinds) {
        if (!node.isObject()) {
            throw expected("an object with a \"kind\" (one of " + String.join(", ", kinds) + ")");
        }
        JsonNode kind = node.get("kind");
        if (kind == null) {
            throw fail("missing field 'kind'; expected one of " + String.join(", ", kinds));
        }
        JsonValue value = new JsonValue(kind, path.field("kind"));
        if (!kind.isTextual() || !kinds.contains(kind.textValue())) {
            throw value.fail("expected one of " + String.join(", ", kinds) + ", got " + describe(kind)
                    + (kind.isTextual() ? Suggestions.hint(kind.textValue(), kinds) : ""));
        }
        return kind.textValue();
    }

    /**
     * Returns what a constructor of the model makes, reporting its {@link IllegalArgumentException}
     * at this path.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException invalid) {
            throw new JourneyJsonException(path.text(), invalid.getMessage(), invalid);
        }
    }

    /** Returns how a found value is shown in messages: JSON text, short, or its type. */
    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return new TextNode(text.length() > QUOTED ? text.substring(0, QUOTED - 3) + "..." : text).toString();
        }
        return node.toString();
    }
}
