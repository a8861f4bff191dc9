package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.AttributeType;
import dev.journeys.core.Condition;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two documents of the JSON format, each an object that starts with its {@code format}:
 *
 * <pre>{@code
 * {"format": "journey-engine/1", "id": "...", "version": 1, "name": "...", "entry": {...},
 *  "startStep": "...", "steps": [...], "exitTriggers": [...], "goal": {...}, "policies": {...}}
 *
 * {"format": "journey-engine/1", "attributes": {"age": "number", ...},
 *  "segments": [{"id": "adults", "name": "Adults", "definition": {...}}, ...]}
 * }</pre>
 *
 * A journey's {@code exitTriggers}, {@code goal} and {@code policies} may be left out, and a
 * goal's {@code exit} (false by default); a segment's {@code name} is its id unless given. Internal
 * to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class DocumentJson {

    private static final List<String> JOURNEY_FIELDS = List.of("format", "id", "version", "name", "entry",
            "startStep", "steps", "exitTriggers", "goal", "policies");
    private static final List<String> SEGMENTS_FIELDS = List.of("format", "attributes", "segments");
    private static final Pattern FORMAT = Pattern.compile("journey-engine/([0-9]{1,9})");

    private DocumentJson() {
    }

    /** Returns the JSON document of a journey. */
    static ObjectNode writeJourney(JourneyDefinition journey) {
        JsonPath root = JsonPath.ROOT;
        ObjectNode object = JsonOut.object(root);
        object.put("format", JourneyJson.FORMAT);
        object.put("id", journey.id());
        object.put("version", journey.version());
        object.put("name", journey.name());
        object.set("entry", EntryJson.write(journey.entry(), root.field("entry")));
        object.put("startStep", journey.startStep());
        JsonPath stepsPath = root.field("steps");
        ArrayNode steps = JsonOut.array(stepsPath);
        for (int i = 0; i < journey.steps().size(); i++) {
            steps.add(StepJson.write(journey.steps().get(i), stepsPath.index(i)));
        }
        object.set("steps", steps);
        if (!journey.exitTriggers().isEmpty()) {
            object.set("exitTriggers", ConditionJson.writeTriggers(journey.exitTriggers(), root.field("exitTriggers")));
        }
        journey.goal().ifPresent(goal -> object.set("goal", writeGoal(goal, root.field("goal"))));
        if (!journey.policies().equals(JourneyPolicies.defaults())) {
            object.set("policies", PolicyJson.write(journey.policies(), root.field("policies")));
        }
        return object;
    }

    /** Returns the journey a parsed document stands for; not yet validated. */
    static JourneyDefinition readJourney(JsonNode document) {
        JsonValue root = root(document);
        if (root.node().has("segments") && !root.node().has("id")) {
            throw root.fail("this is a segments document, not a journey; read it with JourneyJson.readSegments");
        }
        JsonFields fields = root.object(JOURNEY_FIELDS);
        String id = fields.required("id").string();
        // As in the DSL: version 1 and the id as name unless given.
        int version = fields.optional("version").map(JsonValue::integer).orElse(1);
        String name = fields.optional("name").map(JsonValue::string).orElse(id);
        Entry entry = EntryJson.read(fields.required("entry"));
        String startStep = fields.required("startStep").string();
        List<Step> steps = fields.required("steps").array().stream().map(StepJson::read).toList();
        List<Trigger> exitTriggers = ConditionJson.readTriggers(fields, "exitTriggers");
        Optional<JourneyGoal> goal = fields.optional("goal").map(DocumentJson::readGoal);
        JourneyPolicies policies = fields.optional("policies").map(PolicyJson::read)
                .orElse(JourneyPolicies.defaults());
        return root.build(() -> new JourneyDefinition(id, version, name, entry, startStep, steps, exitTriggers, goal,
                policies));
    }

    /** Returns the JSON document of segments and attribute types. */
    static ObjectNode writeSegments(Segments segments) {
        JsonPath root = JsonPath.ROOT;
        ObjectNode object = JsonOut.object(root);
        object.put("format", JourneyJson.FORMAT);
        if (!segments.attributeTypes().isEmpty()) {
            ObjectNode attributes = JsonOut.object(root.field("attributes"));
            new TreeMap<>(segments.attributeTypes()).forEach((name, type) -> attributes.put(name, Names.of(type)));
            object.set("attributes", attributes);
        }
        JsonPath listPath = root.field("segments");
        ArrayNode list = JsonOut.array(listPath);
        int i = 0;
        for (Segment segment : segments.all()) {
            JsonPath at = listPath.index(i++);
            ObjectNode one = JsonOut.object(at);
            one.put("id", segment.id());
            if (!segment.name().equals(segment.id())) {
                one.put("name", segment.name());
            }
            one.set("definition", ConditionJson.write(segment.definition(), at.field("definition")));
            list.add(one);
        }
        object.set("segments", list);
        return object;
    }

    /** Returns the segments a parsed document stands for, checked together. */
    static Segments readSegments(JsonNode document) {
        JsonValue root = root(document);
        if (root.node().has("id") && !root.node().has("segments")) {
            throw root.fail("this is a journey document, not segments; read it with JourneyJson.read");
        }
        JsonFields fields = root.object(SEGMENTS_FIELDS);
        Segments.Builder builder = Segments.builder();
        fields.optional("attributes").ifPresent(attributes -> {
            if (!attributes.node().isObject()) {
                throw attributes.expected("an object of attribute names to types");
            }
            for (Map.Entry<String, JsonNode> declared : attributes.node().properties()) {
                JsonValue type = new JsonValue(declared.getValue(), attributes.path().field(declared.getKey()));
                AttributeType attributeType = Names.parse(type, AttributeType.class);
                type.build(() -> builder.attribute(declared.getKey(), attributeType));
            }
        });
        for (JsonValue element : fields.required("segments").array()) {
            JsonFields segment = element.object(List.of("id", "name", "definition"));
            String id = segment.required("id").string();
            Optional<String> name = segment.optional("name").map(JsonValue::string);
            Condition definition = ConditionJson.read(segment.required("definition"));
            Segment made = element.build(() -> new Segment(id, name.orElse(id), definition));
            element.build(() -> builder.segment(made));
        }
        return builder.build();
    }

    private static ObjectNode writeGoal(JourneyGoal goal, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("name", goal.name());
        object.set("trigger", ConditionJson.writeTrigger(goal.trigger(), path.field("trigger")));
        if (goal.exit()) {
            object.put("exit", true);
        }
        return object;
    }

    private static JourneyGoal readGoal(JsonValue value) {
        JsonFields fields = value.object(List.of("name", "trigger", "exit"));
        String name = fields.required("name").string();
        Trigger trigger = ConditionJson.readTrigger(fields.required("trigger"));
        boolean exit = fields.optional("exit").map(JsonValue::bool).orElse(false);
        return value.build(() -> new JourneyGoal(name, trigger, exit));
    }

    /** Returns the document's root object, after checking its format. */
    private static JsonValue root(JsonNode document) {
        JsonValue root = new JsonValue(document, JsonPath.ROOT);
        if (!document.isObject()) {
            throw root.expected("an object");
        }
        JsonNode format = document.get("format");
        if (format == null) {
            throw root.fail("missing field 'format'; expected \"" + JourneyJson.FORMAT + "\"");
        }
        JsonValue value = new JsonValue(format, JsonPath.ROOT.field("format"));
        Matcher matcher = format.isTextual() ? FORMAT.matcher(format.textValue()) : null;
        if (matcher == null || !matcher.matches()) {
            throw value.expected("\"" + JourneyJson.FORMAT + "\"");
        }
        int version = Integer.parseInt(matcher.group(1));
        if (version > JourneyJson.FORMAT_VERSION) {
            throw value.fail("the document is in format " + format.textValue() + ", newer than this library "
                    + "reads (" + JourneyJson.FORMAT + "); read it with a newer version of journey-dsl");
        }
        if (version != JourneyJson.FORMAT_VERSION) {
            throw value.expected("\"" + JourneyJson.FORMAT + "\"");
        }
        return root;
    }
}
