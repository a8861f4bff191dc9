package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.InvalidSegmentException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.Operator;
import dev.journeys.core.Segments;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of the JSON format: every valid journey and every set of segments round-trips
 * unchanged, and no input, however broken, fails with anything but the documented exceptions.
 */
class JourneyJsonPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaCheck SCHEMA = SchemaCheck.ofFormat();
    private static final List<String> KINDS = Stream.of(StepJson.KINDS, StepJson.DELAY_KINDS, StepJson.CHANNEL_KINDS,
            ConditionJson.KINDS, EntryJson.KINDS, EntryJson.RECURRENCE_KINDS).flatMap(List::stream).toList();

    @Provide
    Arbitrary<JourneyDefinition> journeys() {
        return Arbitraries.longs().map(RandomJourneys::journey);
    }

    @Property(tries = 300, seed = "20261129")
    void everyGeneratedJourneyRoundTripsUnchanged(@ForAll("journeys") JourneyDefinition journey) throws Exception {
        assertThat(JourneyValidator.report(journey).errors()).as("the generator makes valid journeys").isEmpty();

        String json = JourneyJson.write(journey);

        JourneyDefinition read = JourneyJson.read(json);
        assertThat(read).isEqualTo(journey);
        assertThat(JourneyJson.write(read)).isEqualTo(json);
        JsonNode tree = JSON.readTree(json);
        assertThat(SCHEMA.problems(tree)).isEmpty();
        visit(tree, (name, value) -> {
            if (name.equals("kind")) {
                Statistics.label("kinds").collect(value.textValue());
            } else if (name.equals("operator")) {
                Statistics.label("operators").collect(value.textValue());
            }
            if (value.isObject() && value.size() == 1) {
                Stream.of("instant", "long", "decimal").filter(value::has)
                        .forEach(tag -> Statistics.label("tagged values").collect(tag));
            }
        });
        Statistics.label("steps").collect(journey.steps().size() <= 3 ? "1-3" : journey.steps().size() <= 7 ? "4-7"
                : "8-12");
        Statistics.label("kinds").coverage(coverage -> KINDS.forEach(kind -> coverage.check(kind).count(n -> n > 0)));
        Statistics.label("operators").coverage(coverage -> Arrays.stream(Operator.values())
                .forEach(operator -> coverage.check(operator.symbol()).count(n -> n > 0)));
        Statistics.label("tagged values").coverage(coverage -> Stream.of("instant", "long", "decimal")
                .forEach(tag -> coverage.check(tag).count(n -> n > 0)));
    }

    @Property(tries = 150, seed = "20261129")
    void everyGeneratedSetOfSegmentsRoundTripsUnchanged(@ForAll long seed) throws Exception {
        Segments segments = RandomJourneys.segments(seed);

        String json = JourneyJson.writeSegments(segments);

        Segments read = JourneyJson.readSegments(json);
        assertThat(read).isEqualTo(segments);
        assertThat(read.all()).containsExactlyElementsOf(segments.all());
        assertThat(SCHEMA.problems(JSON.readTree(json))).isEmpty();
        Statistics.label("segments").collect(segments.all().size());
        Statistics.label("attribute types").collect(segments.attributeTypes().isEmpty() ? "none" : "declared");
    }

    @Property(tries = 500, seed = "20261129")
    void randomBytesFailOnlyWithTheParseException(@ForAll @Size(max = 300) byte[] bytes) {
        assertThatThrownBy(() -> JourneyJson.read(new ByteArrayInputStream(bytes)))
                .isInstanceOfSatisfying(JourneyJsonException.class, e -> collectProblem(e));
    }

    @Property(tries = 500, seed = "20261129")
    void randomJsonLikeTextFailsOnlyWithTheParseException(
            @ForAll @StringLength(max = 120) @Chars({'{', '}', '[', ']', '"', ':', ',', ' ', '0', '1', '-', '.', 'e',
                    't', 'r', 'u', 'f', 'a', 'l', 's', 'n', '\\', 'k', 'i', 'd'}) String text) {
        assertThatThrownBy(() -> JourneyJson.read(text))
                .isInstanceOfSatisfying(JourneyJsonException.class, e -> collectProblem(e));
    }

    @Property(tries = 200, seed = "20261129")
    void everyTruncatedDocumentFailsWithTheParseException(@ForAll("journeys") JourneyDefinition journey,
                                                          @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false)
                                                          double cut) {
        String json = JourneyJson.write(journey);
        String prefix = json.substring(0, (int) (json.length() * cut));

        assertThatThrownBy(() -> JourneyJson.read(prefix))
                .isInstanceOfSatisfying(JourneyJsonException.class, e -> collectProblem(e));
    }

    @Example
    void everyPrefixOfThePinnedDocumentFailsWithTheParseException() {
        String json = JourneyJsonTest.PINNED.strip();
        for (int length = 0; length < json.length(); length++) {
            String prefix = json.substring(0, length);
            assertThatThrownBy(() -> JourneyJson.read(prefix)).as(prefix).isInstanceOf(JourneyJsonException.class);
        }
    }

    @Property(tries = 300, seed = "20261129")
    void mutatedDocumentsFailOnlyWithTheDocumentedExceptions(@ForAll long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode document = (ObjectNode) JSON.readTree(JourneyJson.write(RandomJourneys.journey(seed)));
        String mutation = mutate(document, random);
        String json = JSON.writeValueAsString(document);

        String outcome;
        try {
            JourneyJson.read(json);
            outcome = "read";
        } catch (JourneyJsonException e) {
            outcome = "JourneyJsonException";
            collectProblem(e);
        } catch (InvalidJourneyException e) {
            outcome = "InvalidJourneyException";
        }
        Statistics.label("mutation").collect(mutation);
        Statistics.label("outcome").collect(outcome);
    }

    @Property(tries = 150, seed = "20261129")
    void mutatedSegmentsFailOnlyWithTheDocumentedExceptions(@ForAll long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        ObjectNode document = (ObjectNode) JSON.readTree(JourneyJson.writeSegments(RandomJourneys.segments(seed)));
        mutate(document, random);
        String json = JSON.writeValueAsString(document);

        String outcome;
        try {
            JourneyJson.readSegments(json);
            outcome = "read";
        } catch (JourneyJsonException e) {
            outcome = "JourneyJsonException";
        } catch (InvalidSegmentException e) {
            outcome = "InvalidSegmentException";
        }
        Statistics.label("outcome").collect(outcome);
    }

    /** Counts the kind of problem: its words before the first quote, colon or number. */
    private static void collectProblem(JourneyJsonException e) {
        String problem = e.problem().replaceAll("[\"'0-9:(].*", "").strip();
        Statistics.label("problem").collect(problem.length() > 50 ? problem.substring(0, 50) : problem);
    }

    /** Changes one random place of the tree, and says how. */
    private static String mutate(ObjectNode document, SplittableRandom random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(document, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    object.remove(name);
                    return "remove a field";
                }
                case 1 -> {
                    JsonNode value = object.remove(name);
                    object.set(name + "x", value);
                    return "rename a field";
                }
                case 2 -> {
                    object.set(name, randomValue(random, 0));
                    return "replace a field's value";
                }
                default -> {
                    object.set("extra", randomValue(random, 0));
                    return "add a field";
                }
            }
        }
        if (target instanceof ArrayNode array && array.size() > 0) {
            int index = random.nextInt(array.size());
            switch (random.nextInt(3)) {
                case 0 -> {
                    array.remove(index);
                    return "remove an element";
                }
                case 1 -> {
                    array.set(index, randomValue(random, 0));
                    return "replace an element";
                }
                default -> {
                    array.add(array.get(index).deepCopy());
                    return "duplicate an element";
                }
            }
        }
        return "none";
    }

    private static void collectContainers(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collectContainers(child, containers));
        }
    }

    private static JsonNode randomValue(SplittableRandom random, int depth) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 1 ? 9 : 11)) {
            case 0 -> json.nullNode();
            case 1 -> json.booleanNode(random.nextBoolean());
            case 2 -> json.numberNode(random.nextInt(-3, 3));
            case 3 -> json.numberNode(random.nextLong());
            case 4 -> json.numberNode(random.nextDouble() * 1e6);
            case 5 -> json.textNode(List.of("", "P2D", "2026-04-01T14:00:00Z", "09:00", "send", "==", "exists", "in",
                    "never", "marketing", "UTC", "0 9 * * MON", "x").get(random.nextInt(13)));
            case 6 -> json.textNode("s" + random.nextInt(5));
            case 7 -> json.numberNode(Integer.MAX_VALUE);
            case 8 -> json.textNode(List.of("attribute", "allOf", "not", "hadEvent", "wait", "branch", "split",
                    "segment", "cron", "preferred", "instant").get(random.nextInt(11)));
            case 9 -> {
                ArrayNode array = json.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = json.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(List.of("kind", "id", "next", "instant", "long", "decimal", "event", "where")
                            .get(random.nextInt(8)), randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static void visit(JsonNode node, java.util.function.BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                visitor.accept(field.getKey(), field.getValue());
                visit(field.getValue(), visitor);
            }
        } else if (node.isArray()) {
            node.forEach(element -> visit(element, visitor));
        }
    }
}
