package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.Attributes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the values {@link Attributes} hold, so that each comes back as the same Java
 * type: a string, {@code true}/{@code false}, an integer that fits an {@code int} (an
 * {@code Integer}), a larger integer (a {@code Long}), a number with a fraction or an exponent (a
 * {@code Double}), an array (a {@code List}); and, tagged, {@code {"instant": "2026-04-01T14:00:00Z"}},
 * {@code {"long": 42}} (a {@code Long} that fits an {@code int}) and {@code {"decimal": "19.90"}}
 * (a {@code BigDecimal}, scale kept). Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class AttributeValues {

    /** The most a decimal's scale may be, either way, so that no decimal is absurdly large or small. */
    static final int MAX_DECIMAL_SCALE = 1000;

    private static final List<String> TAGS = List.of("instant", "long", "decimal");
    private static final String EXPECTED = "a string, a number, true or false, an array of these, or one of "
            + "{\"instant\": \"2026-04-01T14:00:00Z\"}, {\"long\": 42}, {\"decimal\": \"19.90\"}";
    private static final String DECIMAL = "a string with a decimal number such as 19.90 or 1.5E+3, at most "
            + JourneyJson.MAX_NUMBER_LENGTH + " characters, with a scale within -" + MAX_DECIMAL_SCALE + ".."
            + MAX_DECIMAL_SCALE;

    private AttributeValues() {
    }

    /** Returns the JSON object of named values. */
    static ObjectNode writeAll(Attributes attributes, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        attributes.asMap().forEach((name, value) -> object.set(name, write(value, path.field(name))));
        return object;
    }

    /** Returns the JSON form of one value. */
    static JsonNode write(Object value, JsonPath path) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (value instanceof String text) {
            return json.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return json.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return json.numberNode(number);
        }
        if (value instanceof Long number) {
            return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE
                    ? tagged("long", json.numberNode(number), path) : json.numberNode(number);
        }
        if (value instanceof Double number) {
            return json.numberNode(number); // finite: Attributes refuse NaN and the infinities
        }
        if (value instanceof BigDecimal decimal) {
            String text = decimal.toString();
            if (text.length() > JourneyJson.MAX_NUMBER_LENGTH || Math.abs((long) decimal.scale()) > MAX_DECIMAL_SCALE) {
                throw new JourneyJsonException(path.text(), "decimal " + abbreviate(text) + " cannot be written: "
                        + "expected " + DECIMAL);
            }
            return tagged("decimal", json.textNode(text), path);
        }
        if (value instanceof Instant instant) {
            return tagged("instant", json.textNode(instant.toString()), path);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JsonOut.array(path);
            for (int i = 0; i < list.size(); i++) {
                array.add(write(list.get(i), path.index(i)));
            }
            return array;
        }
        // Attributes and Condition.Attribute admit no other type.
        throw new AssertionError(value);
    }

    private static ObjectNode tagged(String tag, JsonNode value, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.set(tag, value);
        return object;
    }

    /** Returns the named values of a JSON object. */
    static Attributes readAll(JsonValue value) {
        if (!value.node().isObject()) {
            throw value.expected("an object of named values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        value.node().properties().forEach(field -> values.put(field.getKey(),
                read(new JsonValue(field.getValue(), value.path().field(field.getKey())))));
        return value.build(() -> Attributes.of(values));
    }

    /** Returns the value a JSON value stands for. */
    static Object read(JsonValue value) {
        JsonNode node = value.node();
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw value.expected("a number within the range of a long (write a larger one as "
                        + "{\"decimal\": \"...\"})");
            }
            return node.longValue();
        }
        if (node.isFloatingPointNumber()) {
            double number = node.doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw value.expected("a finite number");
            }
            return number;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonValue element : value.array()) {
                list.add(read(element));
            }
            return list;
        }
        if (node.isObject()) {
            return readTagged(value);
        }
        throw value.expected(EXPECTED);
    }

    private static Object readTagged(JsonValue value) {
        JsonFields fields = value.object(TAGS);
        if (value.node().size() != 1) {
            throw value.expected("an object with exactly one of the fields " + String.join(", ", TAGS));
        }
        return fields.optional("instant").<Object>map(JsonValue::instant)
                .or(() -> fields.optional("long").map(AttributeValues::readLong))
                .or(() -> fields.optional("decimal").map(AttributeValues::readDecimal))
                .orElseThrow(() -> new AssertionError(value));
    }

    private static Object readLong(JsonValue value) {
        if (!value.node().isIntegralNumber() || !value.node().canConvertToLong()) {
            throw value.expected("an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
        return value.node().longValue();
    }

    private static Object readDecimal(JsonValue value) {
        if (!value.node().isTextual() || value.node().textValue().length() > JourneyJson.MAX_NUMBER_LENGTH) {
            throw value.expected(DECIMAL);
        }
        try {
            BigDecimal decimal = new BigDecimal(value.node().textValue());
            if (Math.abs((long) decimal.scale()) > MAX_DECIMAL_SCALE) {
                throw value.expected(DECIMAL);
            }
            return decimal;
        } catch (NumberFormatException notDecimal) {
            throw value.expected(DECIMAL);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
