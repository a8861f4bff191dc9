package dev.journeys.dsl.draft;

import dev.journeys.core.Entry;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.ValidationProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import static dev.journeys.dsl.draft.DraftCorpusTest.CHICAGO;
import static dev.journeys.dsl.draft.DraftCorpusTest.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Empty text, no entry, contradictory timing and 100 KB requests each give a clear report. */
class BadInputTest {

    private static final String S6 = DraftTest.S6 + " ";
    private final JourneyDrafter drafter = JourneyDrafter.ruleBased(TODAY, CHICAGO);

    @Test
    void emptyTextIsRefusedWithAReason() {
        for (String empty : new String[] {"", "   ", "\n\n\t", ". . !", "1.\n2."}) {
            Draft draft = drafter.draft(empty);

            assertThat(draft.drafted()).isEmpty();
            assertThat(draft.notUnderstood()).hasSize(1).first()
                    .satisfies(n -> assertThat(n.sentence()).isZero())
                    .satisfies(n -> assertThat(n.reason()).startsWith("the request"));
            assertThat(draft.validate()).extracting(ValidationProblem::code)
                    .containsExactly(ValidationProblem.Code.MISSING_START);
            assertThat(draft.describe()).startsWith("no journey\nnot understood:\n  - the request: ");
        }
    }

    @Test
    void textWithNoRecognisableEntryIsDraftedOnAPlaceholderEventAndSaysSo() {
        Draft draft = drafter.draft("Send a welcome email. Wait two days and send a survey.");

        assertThat(draft.drafted().orElseThrow().entry()).isEqualTo(new Entry.OnEvent(Trigger.on("entry-event-to-bind")));
        assertThat(draft.placeholders().get(0).id()).isEqualTo("entry-event-to-bind");
        assertThat(draft.notUnderstood()).extracting(NotUnderstood::toString).containsExactly(
                "the request: nothing says what starts the journey or whom it is for: say 'when someone submits the "
                        + "contact form, ...', 'after a lead is created, ...' or 'on March 10, send ... to the loyalty "
                        + "members'; until then the entry is the placeholder 'entry-event-to-bind'");
        assertThat(draft.checklist().get(0)).isEqualTo("Journey type: trigger-based on an event to bind, because no "
                + "sentence said what starts the journey.");
        assertThat(draft.validate()).extracting(ValidationProblem::code).containsOnly(
                ValidationProblem.Code.UNBOUND_PLACEHOLDER);
    }

    @Test
    void textWithNothingToDoIsRefusedSentenceBySentence() {
        Draft draft = drafter.draft("Make it fun. Use our brand colours!");

        assertThat(draft.drafted()).isEmpty();
        assertThat(draft.notUnderstood()).extracting(NotUnderstood::sentence, NotUnderstood::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, ""),
                org.assertj.core.groups.Tuple.tuple(1, "Make it fun"),
                org.assertj.core.groups.Tuple.tuple(2, "Use our brand colours"));
    }

    @Test
    void contradictoryTimingKeepsTheWaitThatMakesSenseAndReportsTheOther() {
        Draft draft = drafter.draft("When someone signs up, wait two days then wait minus one day and send a survey.");

        assertThat(draft.drafted().orElseThrow().steps()).filteredOn(Step.Wait.class::isInstance).hasSize(1);
        assertThat(draft.notUnderstood()).extracting(NotUnderstood::toString).containsExactly(
                "sentence 1 \"wait minus one day\": a wait must be positive: 'minus one day' is negative");
    }

    static Stream<String> hundredKilobytes() {
        Random random = new Random(42);
        StringBuilder ascii = new StringBuilder();
        while (ascii.length() < 102_400) {
            ascii.append((char) (32 + random.nextInt(95)));
        }
        StringBuilder unicode = new StringBuilder();
        while (unicode.length() < 102_400) {
            unicode.appendCodePoint(random.nextInt(0x10FFFF));
        }
        return Stream.of(
                S6.repeat(102_400 / S6.length() + 1).substring(0, 102_400),
                "send a survey and wait two days and ".repeat(3000).substring(0, 102_400),
                "a".repeat(102_400),
                ". ".repeat(51_200),
                "send, ".repeat(17_100).substring(0, 102_400),
                "- send a survey\n".repeat(6_400),
                "wait 99999999999999999999999999 days ".repeat(2_800).substring(0, 102_400),
                "if if if if ".repeat(8_600).substring(0, 102_400),
                "If they click, send X. Otherwise send Y. ".repeat(2_500).substring(0, 102_400),
                ascii.toString(),
                unicode.toString());
    }

    @ParameterizedTest
    @MethodSource("hundredKilobytes")
    void aHundredKilobyteRequestGivesAReportAndNeverHangs(String request) {
        Draft draft = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> drafter.draft(request),
                "a 100 KB request must not hang the drafter");

        assertThat(request.length()).isGreaterThanOrEqualTo(100_000);
        assertThat(draft.notUnderstood().stream().map(NotUnderstood::reason))
                .noneMatch(reason -> reason.contains("drafter failed"));
        assertThat(draft.drafted().isPresent() || !draft.notUnderstood().isEmpty()).isTrue();
        draft.drafted().ifPresent(journey -> assertThat(journey.steps()).hasSizeLessThanOrEqualTo(
                RuleBasedDrafter.MAX_STEPS));
        assertThat(draft.notUnderstood()).allSatisfy(n -> assertThat(n.text().length()).isLessThanOrEqualTo(200));
        assertThat(draft.describe()).isNotEmpty();
    }

    @Test
    void aConditionThatMakesAWaitForAnEventIntoAWaitAndABranchIsLeftOutWhenTheJourneyIsFull() {
        String request = "When a new lead comes in, send a survey. " + "Wait two days and send a survey. ".repeat(49)
                + "If they buy within a week, send a coupon. If their tier is gold, send a gift.";

        Draft draft = drafter.draft(request);

        assertThat(draft.drafted().orElseThrow().steps()).hasSize(RuleBasedDrafter.MAX_STEPS);
        assertThat(draft.notUnderstood()).extracting(NotUnderstood::toString).containsExactly(
                "sentence 51 \"send a coupon\": the drafter writes at most 100 steps; this one was left out",
                "sentence 52 \"If their tier is gold\": the drafter writes at most 100 steps; this condition needs "
                        + "a wait before it, so it was left out",
                "sentence 52 \"send a gift\": left out: it depends on a condition the drafter could not use");
    }

    @Test
    void sentencesPastTheLimitAreReportedNotRead() {
        Draft draft = drafter.draft(S6.repeat(60));

        assertThat(draft.notUnderstood()).last().extracting(NotUnderstood::toString).isEqualTo("sentence 101: the request "
                + "has 20 more sentences after the first 100; the drafter reads no further: split the request, or say "
                + "it more briefly");
    }
}
