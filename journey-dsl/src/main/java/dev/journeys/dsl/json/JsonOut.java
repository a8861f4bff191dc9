package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes the containers of a document being written, refusing any nested deeper than
 * {@link JourneyJson#MAX_NESTING_DEPTH}, so that everything written can be read back. Internal to
 * the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonOut {

    private JsonOut() {
    }

    /** Returns a new object for the path. */
    static ObjectNode object(JsonPath path) {
        checkDepth(path);
        return JsonNodeFactory.instance.objectNode();
    }

    /** Returns a new array for the path. */
    static ArrayNode array(JsonPath path) {
        checkDepth(path);
        return JsonNodeFactory.instance.arrayNode();
    }

    private static void checkDepth(JsonPath path) {
        if (path.depth() > JourneyJson.MAX_NESTING_DEPTH) {
            throw new JourneyJsonException(path.text(), "nested deeper than the limit of "
                    + JourneyJson.MAX_NESTING_DEPTH + " levels of the JSON format; flatten the conditions");
        }
    }
}
