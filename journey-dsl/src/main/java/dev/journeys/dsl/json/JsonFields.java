package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * The fields of an object of a parsed document whose field names were checked. Internal to the
 * JSON format.
 *
 * <p>Immutable and thread-safe.
 *
 * @param node the object
 * @param path where it is
 */
record JsonFields(ObjectNode node, JsonPath path) {

    /** Returns a field that must be present. */
    JsonValue required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new JourneyJsonException(path.text(), "missing field '" + name + "'");
        }
        return new JsonValue(value, path.field(name));
    }

    /** Returns a field that may be absent. */
    Optional<JsonValue> optional(String name) {
        JsonNode value = node.get(name);
        return value == null ? Optional.empty() : Optional.of(new JsonValue(value, path.field(name)));
    }

    /** Returns the elements of an array field; none if it is absent. */
    List<JsonValue> list(String name) {
        return optional(name).map(JsonValue::array).orElse(List.of());
    }

    /** Returns this object as a value, to build from or fail at. */
    JsonValue self() {
        return new JsonValue(node, path);
    }
}
