package dev.journeys.dsl.json;

import dev.journeys.core.Attributes;
import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Entry;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.InvalidSegmentException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Segments;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationProblem.Code;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.clicked;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class JourneyJsonTest {

    /** The document of {@link #brewBetter()}, exactly: this pins the format. */
    static final String PINNED = """
            {
              "format": "journey-engine/1",
              "id": "brew-better-at-home",
              "version": 1,
              "name": "Brew Better at Home",
              "entry": {
                "kind": "event",
                "trigger": {
                  "event": "form.submitted",
                  "where": {
                    "kind": "payload",
                    "name": "form",
                    "operator": "==",
                    "value": "french-press-guide"
                  }
                }
              },
              "startStep": "guide",
              "steps": [
                {
                  "kind": "send",
                  "id": "guide",
                  "message": "french-press-guide",
                  "channel": {
                    "kind": "fixed",
                    "channel": "email"
                  },
                  "next": "two-days"
                },
                {
                  "kind": "wait",
                  "id": "two-days",
                  "delay": {
                    "kind": "duration",
                    "duration": "P2D"
                  },
                  "next": "clicked-grinders?"
                },
                {
                  "kind": "branch",
                  "id": "clicked-grinders?",
                  "cases": [
                    {
                      "when": {
                        "kind": "clicked",
                        "step": "guide",
                        "link": "shop-grinders"
                      },
                      "next": "grinder-offer"
                    },
                    {
                      "next": "brew-tips"
                    }
                  ]
                },
                {
                  "kind": "send",
                  "id": "grinder-offer",
                  "message": "grinder-offer",
                  "channel": {
                    "kind": "fixed",
                    "channel": "email"
                  }
                },
                {
                  "kind": "send",
                  "id": "brew-tips",
                  "message": "brew-tips",
                  "channel": {
                    "kind": "fixed",
                    "channel": "email"
                  }
                }
              ],
              "exitTriggers": [
                {
                  "event": "purchase.completed"
                }
              ],
              "policies": {
                "reentry": {
                  "mode": "afterExit",
                  "coolDown": "P1D"
                }
              }
            }""";

    static JourneyDefinition brewBetter() {
        return Journey.withId("brew-better-at-home")
                .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("french-press-guide")))
                .named("Brew Better at Home")
                .exitWhen(on("purchase.completed"))
                .reentry(ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24)))
                .send("guide", Message.email("french-press-guide"))
                .waitFor("two-days", Duration.ofDays(2))
                .branch("clicked-grinders?", b -> b
                        .when(clicked("guide", "shop-grinders"), p -> p.send("grinder-offer", Message.email("grinder-offer")))
                        .otherwise(p -> p.send("brew-tips", Message.email("brew-tips"))))
                .build();
    }

    @Test
    void smallJourneyIsWrittenExactlyAsThePinnedDocument() {
        assertThat(JourneyJson.write(brewBetter())).isEqualTo(PINNED.strip());
    }

    @Test
    void nameAndVersionDefaultAsInTheDsl() {
        String bare = PINNED.replaceFirst("\"version\": 1,\\s*", "").replaceFirst("\"name\": \"[^\"]*\",\\s*", "");
        JourneyDefinition journey = JourneyJson.read(bare);
        JourneyDefinition built = Journey.withId(journey.id()).triggeredBy(on("anything")).send("s", Message.email("m"))
                .build();

        assertThat(bare).doesNotContain("\"version\"").doesNotContain("\"name\": \"Brew");
        assertThat(journey.version()).isEqualTo(built.version()).isEqualTo(1);
        assertThat(journey.name()).isEqualTo(built.name()).isEqualTo(journey.id());
    }

    @Test
    void pinnedDocumentReadsAsTheJourney() {
        assertThat(JourneyJson.read(PINNED)).isEqualTo(brewBetter());
    }

    @Test
    void journeyWithEveryElementRoundTrips() {
        JourneyDefinition journey = Everything.journey();

        String json = JourneyJson.write(journey);

        assertThat(JourneyJson.read(json)).isEqualTo(journey);
        assertThat(JourneyJson.write(JourneyJson.read(json))).isEqualTo(json);
    }

    @Test
    void everySegmentEntryRoundTrips() {
        JourneyDefinition journey = Everything.journey();
        for (Entry entry : Everything.segmentEntries()) {
            // A segment journey has no entry event, so its branches cannot test one.
            List<Step> steps = journey.steps().stream().map(step -> step instanceof Step.Branch branch
                    ? new Step.Branch(branch.id(), branch.cases().stream()
                            .filter(c -> !(c.when() instanceof Condition.Attribute test
                                    && test.source() == Condition.Source.EVENT)).toList())
                    : step).toList();
            JourneyDefinition fromSegment = new JourneyDefinition("from-segment", 2, "From a segment", entry,
                    journey.startStep(), steps, List.of(), Optional.empty(), journey.policies());

            assertThat(JourneyJson.read(JourneyJson.write(fromSegment))).isEqualTo(fromSegment);
        }
    }

    @Test
    void segmentsRoundTripWithTheirAttributeTypes() {
        Segments segments = Everything.segments();

        Segments read = JourneyJson.readSegments(JourneyJson.writeSegments(segments));

        assertThat(read).isEqualTo(segments);
        assertThat(read.all()).containsExactlyElementsOf(segments.all());
        assertThat(read.attributeTypes()).isEqualTo(segments.attributeTypes());
    }

    @Test
    void noSegmentsRoundTrip() {
        assertThat(JourneyJson.writeSegments(Segments.none())).isEqualTo("""
                {
                  "format": "journey-engine/1",
                  "segments": []
                }""");
        assertThat(JourneyJson.readSegments(JourneyJson.writeSegments(Segments.none()))).isEqualTo(Segments.none());
    }

    @Test
    void valuesComeBackAsTheSameJavaTypes() {
        Attributes parameters = Attributes.of("int", 7, "smallLong", 7L, "bigLong", 7_000_000_000L,
                "double", 7.0, "tiny", 1.0E-7, "decimal", new BigDecimal("7.00"), "negativeScale", new BigDecimal("7E+3"),
                "instant", Instant.parse("2026-04-01T14:00:00.000000001Z"), "bool", false, "text", "7",
                "list", List.of(7, 7L, 7.0, "7", List.of(new BigDecimal("7"))));
        JourneyDefinition journey = Journey.withId("values").triggeredBy(on("go"))
                .action("act", "record", parameters).build();

        JourneyDefinition read = JourneyJson.read(JourneyJson.write(journey));

        Attributes back = ((Step.Action) read.steps().get(0)).parameters();
        assertThat(back).isEqualTo(parameters);
        back.asMap().forEach((name, value) ->
                assertThat(value).as(name).hasSameClassAs(parameters.asMap().get(name)));
    }

    @Test
    void handWrittenDocumentMayLeaveOutEveryDefault() {
        JourneyDefinition journey = JourneyJson.read("""
                {"format": "journey-engine/1", "id": "welcome", "version": 1, "name": "Welcome",
                 "entry": {"kind": "event", "trigger": {"event": "signed.up"}},
                 "startStep": "hello",
                 "steps": [
                   {"kind": "send", "id": "hello", "message": "welcome", "channel": {"kind": "fixed", "channel": "email"},
                    "next": "check"},
                   {"kind": "branch", "id": "check", "cases": [
                     {"when": {"kind": "attribute", "name": "vip", "operator": "exists"}, "next": "bye"},
                     {}]},
                   {"kind": "exit", "id": "bye", "reason": "done"}]}
                """);

        assertThat(journey).isEqualTo(new JourneyDefinition("welcome", 1, "Welcome", new Entry.OnEvent(on("signed.up")),
                "hello", List.of(
                        new Step.Send("hello", "welcome", ChannelChoice.of("email"), List.of(), MessageCategory.MARKETING,
                                "marketing", List.of(), Optional.of("check")),
                        new Step.Branch("check", List.of(new Step.Case(attribute("vip").exists(), Optional.of("bye")),
                                new Step.Case(Condition.always(), Optional.empty()))),
                        new Step.Exit("bye", "done")),
                List.of(), Optional.empty()));
    }

    @Test
    void savesToAFileAndLoadsFromFilesStreamsAndReaders(@TempDir Path dir) throws Exception {
        JourneyDefinition journey = Everything.journey();
        Path file = dir.resolve("everything.json");

        JourneyJson.write(journey, file);

        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo(JourneyJson.write(journey) + "\n");
        assertThat(JourneyJson.read(file)).isEqualTo(journey);
        assertThat(JourneyJson.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(journey);
        assertThat(JourneyJson.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_16)))).isEqualTo(journey);
        assertThat(JourneyJson.read(new StringReader(text))).isEqualTo(journey);
    }

    @Test
    void savesAndLoadsSegmentsFromFilesStreamsAndReaders(@TempDir Path dir) {
        Segments segments = Everything.segments();
        Path file = dir.resolve("segments.json");

        JourneyJson.writeSegments(segments, file);

        assertThat(JourneyJson.readSegments(file)).isEqualTo(segments);
        String text = JourneyJson.writeSegments(segments);
        assertThat(JourneyJson.readSegments(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(segments);
        assertThat(JourneyJson.readSegments(new StringReader(text))).isEqualTo(segments);
    }

    @Test
    void writeRefusesACustomConditionNamingWhereItIs() {
        JourneyDefinition journey = Journey.withId("custom").triggeredBy(on("go"))
                .exclude(Condition.custom("is VIP in the CRM", contact -> true))
                .send("hello", Message.email("hello")).build();

        assertThatThrownBy(() -> JourneyJson.write(journey))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.policies.exclusions[0]: custom condition 'is VIP in the CRM' is Java code and cannot be "
                        + "written as JSON; express it with attribute, payload, segment or history conditions");
    }

    @Test
    void aNumberJsonCannotHoldCannotBeInAJourneyToWrite() {
        assertThatThrownBy(() -> Journey.withId("nan").triggeredBy(on("go"))
                .action("act", "record", Attributes.of("ratio", Double.NaN)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute 'ratio' must be a finite number, was NaN");
    }

    @Test
    void writeRefusesToNestDeeperThanTheReaderReads() {
        // The trigger's filter is at depth 4 ($, entry, trigger, where); each not adds a level.
        assertThat(JourneyJson.read(JourneyJson.write(nested(JourneyJson.MAX_NESTING_DEPTH - 4))))
                .isEqualTo(nested(JourneyJson.MAX_NESTING_DEPTH - 4));
        assertThatThrownBy(() -> JourneyJson.write(nested(JourneyJson.MAX_NESTING_DEPTH - 3)))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.entry.trigger.where" + ".condition".repeat(JourneyJson.MAX_NESTING_DEPTH - 3)
                        + ": nested deeper than the limit of 64 levels of the JSON format; flatten the conditions");
    }

    /** Returns a journey whose entry filter is an attribute test inside {@code nots} nots. */
    static JourneyDefinition nested(int nots) {
        Condition filter = attribute("vip").isEqualTo(true);
        for (int i = 0; i < nots; i++) {
            filter = Condition.not(filter);
        }
        return Journey.withId("deep").triggeredBy(on("go").where(filter)).send("hello", Message.email("hello")).build();
    }

    @Test
    void aJourneyThatDoesNotValidateFailsWithEveryProblem() {
        String json = PINNED.replace("\"next\": \"two-days\"", "\"next\": \"three-days\"")
                .replace("{\n          \"next\": \"brew-tips\"\n        }", "{\n          \"when\": {\"kind\": \"opened\", "
                        + "\"step\": \"guide\"}, \"next\": \"brew-tips\"\n        }");

        assertThatThrownBy(() -> JourneyJson.read(json))
                .isInstanceOfSatisfying(InvalidJourneyException.class, invalid -> assertThat(invalid.problems())
                        .extracting(ValidationProblem::code, ValidationProblem::stepId)
                        .containsExactly(
                                tuple(Code.DANGLING_REFERENCE, Optional.of("guide")),
                                tuple(Code.BRANCH_WITHOUT_OTHERWISE, Optional.of("clicked-grinders?")),
                                tuple(Code.UNREACHABLE_STEP, Optional.of("two-days")),
                                tuple(Code.UNREACHABLE_STEP, Optional.of("clicked-grinders?")),
                                tuple(Code.UNREACHABLE_STEP, Optional.of("grinder-offer")),
                                tuple(Code.UNREACHABLE_STEP, Optional.of("brew-tips"))));
    }

    @Test
    void aDraftWithProblemsIsReadWithoutValidationAndTheValidatorListsThem() {
        String json = PINNED.replace("\"next\": \"two-days\"", "\"next\": \"three-days\"");

        JourneyDefinition draft = JourneyJson.readDraft(json);

        assertThat(JourneyValidator.validate(draft)).extracting(ValidationProblem::code)
                .contains(Code.DANGLING_REFERENCE, Code.UNREACHABLE_STEP);
        assertThat(JourneyJson.readDraft(JourneyJson.write(draft))).isEqualTo(draft);
        assertThatThrownBy(() -> JourneyJson.readDraft("{\"format\": \"journey-engine/1\"}"))
                .isInstanceOf(JourneyJsonException.class);
    }

    @Test
    void segmentsThatDoNotCheckFailWithEveryProblem() {
        String json = """
                {"format": "journey-engine/1", "attributes": {"age": "number"},
                 "segments": [
                   {"id": "adults", "definition": {"kind": "attribute", "name": "age", "operator": ">=", "value": "18"}},
                   {"id": "loop", "definition": {"kind": "inSegment", "segment": "loop"}}]}
                """;

        assertThatThrownBy(() -> JourneyJson.readSegments(json))
                .isInstanceOfSatisfying(InvalidSegmentException.class, invalid -> assertThat(invalid.problems())
                        .extracting(ValidationProblem::code)
                        .containsExactly(Code.ATTRIBUTE_TYPE_MISMATCH, Code.SEGMENT_CYCLE));
    }

    @Test
    void durationsAreWrittenInDaysWhenTheyAreWholeDays() {
        assertThat(Durations.write(Duration.ofDays(7))).isEqualTo("P7D");
        assertThat(Durations.write(Duration.ofHours(36))).isEqualTo("PT36H");
        assertThat(Durations.write(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
        assertThat(Durations.write(Duration.ZERO)).isEqualTo("PT0S");
        assertThat(Durations.write(Duration.ofDays(-2))).isEqualTo("PT-48H");
    }

    @Test
    void enumConstantsAreSpelledInLowerCamelCase() {
        assertThat(Names.all(ReentryRule.Mode.class)).containsExactly("never", "afterExit", "always");
        assertThat(Map.of("k", Names.of(MessageCategory.TRANSACTIONAL))).containsExactly(entry("k", "transactional"));
    }

    @Test
    void readingTheOtherKindOfDocumentSaysWhichItIs() {
        String segments = JourneyJson.writeSegments(Everything.segments());

        assertThatThrownBy(() -> JourneyJson.read(segments))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$: this is a segments document, not a journey; read it with JourneyJson.readSegments");
        assertThatThrownBy(() -> JourneyJson.readSegments(PINNED))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$: this is a journey document, not segments; read it with JourneyJson.read");
    }

    @Test
    void triggersKeepTheirFilters() {
        Trigger trigger = on("opportunity.lost").where(payload("reason").isEqualTo("price"));
        JourneyDefinition journey = Journey.withId("t").triggeredBy(trigger).goal("won", trigger, false)
                .send("hello", Message.email("hello")).build();

        assertThat(JourneyJson.read(JourneyJson.write(journey)).goal()).map(g -> g.trigger()).contains(trigger);
    }
}
