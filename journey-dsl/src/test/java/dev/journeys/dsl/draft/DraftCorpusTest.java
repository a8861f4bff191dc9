package dev.journeys.dsl.draft;

import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.ValidationProblem;
import dev.journeys.dsl.diagram.JourneyDiagram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request of the corpus ({@code drafts.txt}) gives the draft written under it; every draft
 * passes the journey validator as drafted and is publishable once its placeholders are bound.
 */
class DraftCorpusTest {

    /** Monday 2 March 2026, 09:00 in Chicago. */
    static final InstantSource TODAY = InstantSource.fixed(Instant.parse("2026-03-02T15:00:00Z"));
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    private static final JourneyDrafter DRAFTER = RuleBasedDrafter.of(TODAY, CHICAGO);
    private static final Map<String, String> ACTUAL = new ConcurrentHashMap<>();

    /** One entry of the corpus. */
    record Entry(String name, String request, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Entry> corpus() throws IOException {
        String text;
        try (InputStream in = DraftCorpusTest.class.getResourceAsStream("drafts.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> entries = new ArrayList<>();
        String name = null;
        StringBuilder request = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        boolean inExpected = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (name != null) {
                    entries.add(entry(name, request, expected));
                }
                name = line.substring(4).strip();
                request.setLength(0);
                expected.setLength(0);
                inExpected = false;
            } else if (name == null) {
                continue;
            } else if (!inExpected && line.equals("---")) {
                inExpected = true;
            } else if (inExpected) {
                expected.append(line).append('\n');
            } else {
                request.append(line).append('\n');
            }
        }
        if (name != null) {
            entries.add(entry(name, request, expected));
        }
        return entries;
    }

    private static Entry entry(String name, StringBuilder request, StringBuilder expected) {
        String req = request.toString();
        String exp = expected.toString();
        return new Entry(name, req.endsWith("\n") ? req.substring(0, req.length() - 1) : req,
                exp.endsWith("\n\n") ? exp.substring(0, exp.length() - 1) : exp);
    }

    /** Returns the draft as the corpus writes it: its description without the checklist. */
    static String summary(Draft draft) {
        String text = draft.describe();
        int checklist = text.indexOf("checklist:\n");
        return checklist < 0 ? text : text.substring(0, checklist);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void requestGivesItsDraft(Entry entry) {
        Draft draft = DRAFTER.draft(entry.request());
        ACTUAL.put(entry.name(), "=== " + entry.name() + "\n" + entry.request() + "\n---\n" + summary(draft));

        assertThat(summary(draft)).as("the draft of '%s'", entry.name()).isEqualTo(entry.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyDraftIsValidAsDraftedAndPublishableOnceBound(Entry entry) {
        Draft draft = DRAFTER.draft(entry.request());

        if (draft.drafted().isEmpty()) {
            assertThat(draft.placeholders()).isEmpty();
            assertThat(draft.notUnderstood()).isNotEmpty();
            return;
        }
        assertThat(JourneyValidator.report(draft.drafted().get()).errors()).isEmpty(); // warnings are for the review
        assertThat(draft.validate()).filteredOn(ValidationProblem::isError).hasSize(draft.placeholders().size())
                .allSatisfy(p -> assertThat(p.code()).hasToString("UNBOUND_PLACEHOLDER"));
        Draft bound = draft;
        for (Placeholder placeholder : draft.placeholders()) {
            bound = bound.bind(placeholder.id(), "real-" + placeholder.kind().name().toLowerCase() + "-"
                    + Math.abs(placeholder.id().hashCode() % 1000));
        }
        assertThat(bound.validate()).noneMatch(ValidationProblem::isError); // warnings are for the review
        assertThat(bound.journeyOrThrow().steps()).hasSameSizeAs(draft.drafted().get().steps());
        assertThat(JourneyDiagram.mermaid(bound.journeyOrThrow())).startsWith("flowchart TD");
        assertThat(draft.checklist()).isNotEmpty();
    }

    @Test
    void theCorpusHoldsAtLeastFortyUnderstoodRequestsAndTheRefusedAndPartlyUnderstoodOnes() throws IOException {
        List<Entry> entries = corpus();
        long partial = entries.stream().filter(e -> e.name().startsWith("partial-")).count();
        long refused = entries.stream().filter(e -> e.name().startsWith("refuse-")).count();

        assertThat(entries.size() - partial - refused).isGreaterThanOrEqualTo(40);
        assertThat(partial).isGreaterThanOrEqualTo(10);
        assertThat(refused).isGreaterThanOrEqualTo(3);
        assertThat(entries.stream().map(Entry::name).collect(Collectors.toSet())).hasSameSizeAs(entries);
        assertThat(entries).filteredOn(e -> e.name().startsWith("partial-") || e.name().startsWith("refuse-"))
                .allSatisfy(e -> assertThat(e.expected()).contains("not understood:"));
        assertThat(entries).filteredOn(e -> e.expected().contains("entry: segment")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(entries).filteredOn(e -> e.expected().contains("entry: on")).hasSizeGreaterThanOrEqualTo(30);
        assertThat(entries).filteredOn(e -> e.expected().contains(": branch ->")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(entries).filteredOn(e -> e.expected().contains("wait up to")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(entries).filteredOn(e -> e.expected().contains("exit when")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(entries).filteredOn(e -> e.expected().contains(": action '")).hasSizeGreaterThanOrEqualTo(5);
    }

    @AfterAll
    static void writeActual() throws IOException {
        if (Boolean.getBoolean("draft.corpus.actual") && !ACTUAL.isEmpty()) {
            StringBuilder out = new StringBuilder();
            for (Entry entry : corpus()) {
                out.append(ACTUAL.getOrDefault(entry.name(), ""));
            }
            Files.writeString(Path.of("target", "drafts-actual.txt"), out.toString());
        }
    }
}
