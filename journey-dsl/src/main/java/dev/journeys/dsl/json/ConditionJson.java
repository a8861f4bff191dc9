package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.Condition;
import dev.journeys.core.Operator;
import dev.journeys.core.Regex;
import dev.journeys.core.Trigger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of conditions and triggers. A condition is an object whose {@code kind} says which
 * it is:
 *
 * <pre>{@code
 * {"kind": "attribute", "name": "state", "operator": "==", "value": "TX"}        contact attribute
 * {"kind": "payload", "name": "form", "operator": "==", "value": "guide"}        event payload field
 * {"kind": "clicked", "step": "guide", "link": "shop"}                           link optional
 * {"kind": "opened", "step": "guide"}
 * {"kind": "happenedSinceEntry", "event": "purchase", "where": {...}}            where optional
 * {"kind": "hadEvent", "event": "purchase", "where": {...}, "atLeast": 1, "atMost": 3, "within": "P90D"}
 * {"kind": "inSegment", "segment": "adults"}
 * {"kind": "allOf", "conditions": [...]}   {"kind": "anyOf", "conditions": [...]}
 * {"kind": "not", "condition": {...}}
 * }</pre>
 *
 * A trigger is {@code {"event": "form.submitted", "where": {...}}}. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class ConditionJson {

    /** Every condition kind, in the order messages list them. */
    static final List<String> KINDS = List.of("attribute", "payload", "clicked", "opened", "happenedSinceEntry",
            "hadEvent", "inSegment", "allOf", "anyOf", "not");

    /** The longest regular expression a {@code matches} condition may hold. */
    static final int MAX_PATTERN_LENGTH = Regex.MAX_LENGTH;

    private static final List<String> OPERATORS = Arrays.stream(Operator.values()).map(Operator::symbol).toList();

    private ConditionJson() {
    }

    /** Returns the JSON form of a trigger. */
    static ObjectNode writeTrigger(Trigger trigger, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("event", trigger.eventType());
        writeFilter(object, trigger.filter(), path);
        return object;
    }

    /** Returns the trigger a JSON object stands for. */
    static Trigger readTrigger(JsonValue value) {
        JsonFields fields = value.object(List.of("event", "where"));
        String event = fields.required("event").string();
        Condition filter = readFilter(fields);
        return value.build(() -> new Trigger(event, filter));
    }

    /** Returns the JSON array of triggers. */
    static ArrayNode writeTriggers(List<Trigger> triggers, JsonPath path) {
        ArrayNode array = JsonOut.array(path);
        for (int i = 0; i < triggers.size(); i++) {
            array.add(writeTrigger(triggers.get(i), path.index(i)));
        }
        return array;
    }

    /** Returns the triggers of an array field; none if it is absent. */
    static List<Trigger> readTriggers(JsonFields fields, String name) {
        return fields.list(name).stream().map(ConditionJson::readTrigger).toList();
    }

    /** Returns the JSON array of conditions. */
    static ArrayNode writeAll(List<Condition> conditions, JsonPath path) {
        ArrayNode array = JsonOut.array(path);
        for (int i = 0; i < conditions.size(); i++) {
            array.add(write(conditions.get(i), path.index(i)));
        }
        return array;
    }

    /** Returns the conditions of an array field; none if it is absent. */
    static List<Condition> readAll(JsonFields fields, String name) {
        return fields.list(name).stream().map(ConditionJson::read).toList();
    }

    /** Returns the JSON form of a condition. */
    static ObjectNode write(Condition condition, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (condition instanceof Condition.Attribute test) {
            object.put("kind", test.source() == Condition.Source.CONTACT ? "attribute" : "payload");
            object.put("name", test.name());
            object.put("operator", test.operator().symbol());
            operandProblem(test.operator(), test.expected()).ifPresent(problem -> {
                throw new JourneyJsonException(path.field("value").text(), problem);
            });
            if (test.expected() instanceof Regex regex) {
                object.put("value", regex.source());
            } else if (test.operator() != Operator.EXISTS || !test.expected().equals(Boolean.TRUE)) {
                object.set("value", AttributeValues.write(test.expected(), path.field("value")));
            }
        } else if (condition instanceof Condition.Clicked clicked) {
            object.put("kind", "clicked");
            object.put("step", clicked.sendStep());
            clicked.link().ifPresent(link -> object.put("link", link));
        } else if (condition instanceof Condition.Opened opened) {
            object.put("kind", "opened");
            object.put("step", opened.sendStep());
        } else if (condition instanceof Condition.HappenedSinceEntry happened) {
            object.put("kind", "happenedSinceEntry");
            object.put("event", happened.eventType());
            writeFilter(object, happened.filter(), path);
        } else if (condition instanceof Condition.HadEvent had) {
            object.put("kind", "hadEvent");
            object.put("event", had.eventType());
            writeFilter(object, had.filter(), path);
            if (had.atLeast() != 0) {
                object.put("atLeast", had.atLeast());
            }
            if (had.atMost() != Integer.MAX_VALUE) {
                object.put("atMost", had.atMost());
            }
            had.within().ifPresent(within -> object.put("within", Durations.write(within)));
        } else if (condition instanceof Condition.InSegment in) {
            object.put("kind", "inSegment");
            object.put("segment", in.segmentId());
        } else if (condition instanceof Condition.AllOf all) {
            object.put("kind", "allOf");
            object.set("conditions", writeAll(all.conditions(), path.field("conditions")));
        } else if (condition instanceof Condition.AnyOf any) {
            object.put("kind", "anyOf");
            object.set("conditions", writeAll(any.conditions(), path.field("conditions")));
        } else if (condition instanceof Condition.Not not) {
            object.put("kind", "not");
            object.set("condition", write(not.condition(), path.field("condition")));
        } else if (condition instanceof Condition.Custom custom) {
            throw new JourneyJsonException(path.text(), "custom condition '" + custom.description() + "' is Java "
                    + "code and cannot be written as JSON; express it with attribute, payload, segment or history "
                    + "conditions");
        } else {
            throw new AssertionError(condition);
        }
        return object;
    }

    /** Returns the condition a JSON object stands for. */
    static Condition read(JsonValue value) {
        String kind = value.kind(KINDS);
        switch (kind) {
            case "attribute", "payload" -> {
                JsonFields fields = value.object(List.of("kind", "name", "operator", "value"));
                String name = fields.required("name").string();
                JsonValue symbol = fields.required("operator");
                Operator operator = operator(symbol);
                Optional<JsonValue> operand = fields.optional("value");
                if (operand.isEmpty() && operator != Operator.EXISTS) {
                    throw fields.self().fail("missing field 'value'; only operator exists may leave it out");
                }
                Object operandValue = operand.map(AttributeValues::read).orElse(Boolean.TRUE);
                operandProblem(operator, operandValue).ifPresent(problem -> {
                    throw new JourneyJsonException(operand.get().path().text(), problem);
                });
                // Compiled once, here, so a pattern RE2 cannot run is reported at its path.
                Object expected = operator == Operator.MATCHES ? operand.get().build(() -> Regex.of((String) operandValue))
                        : operandValue;
                Condition.Source source = kind.equals("attribute") ? Condition.Source.CONTACT : Condition.Source.EVENT;
                return value.build(() -> new Condition.Attribute(source, name, operator, expected));
            }
            case "clicked" -> {
                JsonFields fields = value.object(List.of("kind", "step", "link"));
                String step = fields.required("step").string();
                Optional<String> link = fields.optional("link").map(JsonValue::string);
                return value.build(() -> new Condition.Clicked(step, link));
            }
            case "opened" -> {
                String step = value.object(List.of("kind", "step")).required("step").string();
                return value.build(() -> new Condition.Opened(step));
            }
            case "happenedSinceEntry" -> {
                JsonFields fields = value.object(List.of("kind", "event", "where"));
                String event = fields.required("event").string();
                Condition filter = readFilter(fields);
                return value.build(() -> new Condition.HappenedSinceEntry(event, filter));
            }
            case "hadEvent" -> {
                JsonFields fields = value.object(List.of("kind", "event", "where", "atLeast", "atMost", "within"));
                String event = fields.required("event").string();
                Condition filter = readFilter(fields);
                int atLeast = fields.optional("atLeast").map(JsonValue::integer).orElse(0);
                int atMost = fields.optional("atMost").map(JsonValue::integer).orElse(Integer.MAX_VALUE);
                Optional<java.time.Duration> within = fields.optional("within").map(JsonValue::duration);
                return value.build(() -> new Condition.HadEvent(event, filter, atLeast, atMost, within));
            }
            case "inSegment" -> {
                String segment = value.object(List.of("kind", "segment")).required("segment").string();
                return value.build(() -> new Condition.InSegment(segment));
            }
            case "allOf", "anyOf" -> {
                List<Condition> conditions = new ArrayList<>();
                for (JsonValue element : value.object(List.of("kind", "conditions")).required("conditions").array()) {
                    conditions.add(read(element));
                }
                return kind.equals("allOf") ? new Condition.AllOf(conditions) : new Condition.AnyOf(conditions);
            }
            case "not" -> {
                return new Condition.Not(read(value.object(List.of("kind", "condition")).required("condition")));
            }
            default -> throw new AssertionError(kind);
        }
    }

    /** Writes a filter as the object's {@code where} field, unless it is {@link Condition#always()}. */
    private static void writeFilter(ObjectNode object, Condition filter, JsonPath path) {
        if (!filter.equals(Condition.always())) {
            object.set("where", write(filter, path.field("where")));
        }
    }

    /** Returns the object's {@code where} field, {@link Condition#always()} if it has none. */
    private static Condition readFilter(JsonFields fields) {
        return fields.optional("where").map(ConditionJson::read).orElse(Condition.always());
    }

    private static Operator operator(JsonValue value) {
        if (value.node().isTextual()) {
            for (Operator operator : Operator.values()) {
                if (operator.symbol().equals(value.node().textValue())) {
                    return operator;
                }
            }
        }
        throw value.expected("one of " + String.join(", ", OPERATORS));
    }

    /** Returns why a value cannot be what an operator compares with, if it cannot. */
    private static Optional<String> operandProblem(Operator operator, Object expected) {
        if (operator == Operator.IN && !(expected instanceof List<?>)) {
            return Optional.of("operator in needs an array of the values it accepts, got " + expected);
        }
        if (operator == Operator.MATCHES) {
            if (expected instanceof Regex) {
                return Optional.empty();
            }
            if (!(expected instanceof String regex) || regex.length() > MAX_PATTERN_LENGTH) {
                return Optional.of("operator matches needs a string with a regular expression of at most "
                        + MAX_PATTERN_LENGTH + " characters");
            }
        }
        return Optional.empty();
    }
}
