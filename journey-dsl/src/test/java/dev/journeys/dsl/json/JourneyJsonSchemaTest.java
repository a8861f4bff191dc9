package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.journeys.core.AttributeType;
import dev.journeys.core.Delay;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Operator;
import dev.journeys.core.ReentryRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema describes what the writer writes, so that the two cannot drift apart silently. */
class JourneyJsonSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every document the writer makes from the everything journey, segment entries and segments. */
    static List<JsonNode> writtenDocuments() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        JourneyDefinition everything = Everything.journey();
        documents.add(JSON.readTree(JourneyJson.write(everything)));
        for (var entry : Everything.segmentEntries()) {
            JourneyDefinition fromSegment = new JourneyDefinition(everything.id(), 1, "segment", entry,
                    everything.startStep(), everything.steps(), List.of(), everything.goal());
            documents.add(JSON.readTree(JourneyJson.write(fromSegment)));
        }
        documents.add(JSON.readTree(JourneyJson.writeSegments(Everything.segments())));
        documents.add(JSON.readTree(JourneyJsonTest.PINNED));
        return documents;
    }

    @Test
    void schemaIsJsonInDraft2020_12() {
        JsonNode schema = SchemaCheck.schema();

        assertThat(schema.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$defs").get("format").get("const").textValue()).isEqualTo(JourneyJson.FORMAT);
    }

    @Test
    void everyKindTheWriterEmitsIsNamedInTheSchemaAndNoOther() throws Exception {
        Set<String> written = new TreeSet<>();
        for (JsonNode document : writtenDocuments()) {
            visit(document, (name, value) -> {
                if (name.equals("kind")) {
                    written.add(value.textValue());
                }
            });
        }
        Set<String> inSchema = new TreeSet<>();
        visit(SchemaCheck.schema(), (name, value) -> {
            if (name.equals("kind")) {
                value.findValues("const").forEach(c -> inSchema.add(c.textValue()));
                value.findValues("enum").forEach(e -> e.forEach(option -> inSchema.add(option.textValue())));
            }
        });
        Set<String> inCode = new TreeSet<>();
        Stream.of(StepJson.KINDS, StepJson.DELAY_KINDS, StepJson.CHANNEL_KINDS, ConditionJson.KINDS, EntryJson.KINDS,
                EntryJson.RECURRENCE_KINDS).forEach(inCode::addAll);

        assertThat(written).isEqualTo(inCode);
        assertThat(inSchema).isEqualTo(inCode);
    }

    @Test
    void everyEnumInTheSchemaSpellsTheModelsConstants() {
        JsonNode defs = SchemaCheck.schema().get("$defs");

        assertThat(options(defs.at("/attributeCondition/properties/operator")))
                .isEqualTo(Arrays.stream(Operator.values()).map(Operator::symbol).toList());
        assertThat(options(defs.at("/sendStep/properties/category"))).isEqualTo(Names.all(MessageCategory.class));
        assertThat(options(defs.at("/delay/oneOf/1/properties/ifPassed"))).isEqualTo(Names.all(Delay.IfPassed.class));
        assertThat(options(defs.at("/reentry/properties/mode"))).isEqualTo(Names.all(ReentryRule.Mode.class));
        assertThat(options(defs.at("/reentry/properties/coolDownFrom")))
                .isEqualTo(Names.all(ReentryRule.CoolDownFrom.class));
        assertThat(options(defs.at("/cap/properties/whenReached")))
                .isEqualTo(Names.all(FrequencyCap.WhenReached.class));
        assertThat(options(defs.at("/entryRateLimit/properties/overflow")))
                .isEqualTo(Names.all(EntryRateLimit.Overflow.class));
        assertThat(options(defs.at("/segmentsDocument/properties/attributes/additionalProperties")))
                .isEqualTo(Names.all(AttributeType.class));
    }

    @Test
    void everyWrittenDocumentConformsToTheSchema() throws Exception {
        SchemaCheck schema = SchemaCheck.ofFormat();

        for (JsonNode document : writtenDocuments()) {
            assertThat(schema.problems(document)).as(document.toString()).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsWhatTheReaderRejects() throws Exception {
        SchemaCheck schema = SchemaCheck.ofFormat();
        String pinned = JourneyJsonTest.PINNED;

        assertThat(schema.problems(JSON.readTree(pinned.replace("\"next\"", "\"nxt\"")))).isNotEmpty();
        assertThat(schema.problems(JSON.readTree(pinned.replace("\"kind\": \"send\"", "\"kind\": \"sned\""))))
                .isNotEmpty();
        assertThat(schema.problems(JSON.readTree(pinned.replace("\"P2D\"", "12")))).isNotEmpty();
        assertThat(schema.problems(JSON.readTree(pinned.replace("journey-engine/1", "journey-engine/2"))))
                .isNotEmpty();
    }

    @Test
    void theSchemaAcceptsAJourneyWithoutNameOrVersionAsTheReaderDoes() throws Exception {
        SchemaCheck schema = SchemaCheck.ofFormat();
        String bare = JourneyJsonErrorTest.BASE.replace("\"version\": 1, \"name\": \"J\",", "");

        assertThat(schema.problems(JSON.readTree(bare))).isEmpty();
        assertThat(JourneyJson.read(bare)).extracting(j -> j.version(), j -> j.name()).containsExactly(1, "j");
    }

    private static List<String> options(JsonNode property) {
        List<String> options = new ArrayList<>();
        property.get("enum").forEach(option -> options.add(option.textValue()));
        return options;
    }

    /** Calls the visitor with every field of every object in the tree. */
    private static void visit(JsonNode node, BiConsumer<String, JsonNode> visitor) {
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
