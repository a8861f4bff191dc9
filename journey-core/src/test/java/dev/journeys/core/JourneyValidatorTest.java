package dev.journeys.core;

import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.ValidationProblem.Code;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class JourneyValidatorTest {

    @Test
    void scenarioJourneyIsValid() {
        assertThat(JourneyValidator.validate(brewBetter())).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsStep() {
        JourneyDefinition broken = journey("broken",
                email("hello", "hello", to("pause")),
                waitFor("pause", Duration.ZERO, to("choose")),
                new Step.Branch("choose", List.of(new Step.Case(Condition.opened("hello"), to("nowhere")))),
                email("orphan", "orphan", Optional.empty()),
                email("hello", "again", Optional.empty()));

        List<ValidationProblem> problems = JourneyValidator.validate(broken);

        assertThat(problems).extracting(ValidationProblem::code, p -> p.stepId().orElse(null)).containsExactlyInAnyOrder(
                tuple(Code.DUPLICATE_STEP_ID, "hello"),
                tuple(Code.WAIT_NOT_POSITIVE, "pause"),
                tuple(Code.DANGLING_REFERENCE, "choose"),
                tuple(Code.BRANCH_WITHOUT_OTHERWISE, "choose"),
                tuple(Code.UNREACHABLE_STEP, "orphan"));
        assertThat(problems).filteredOn(p -> p.code() == Code.WAIT_NOT_POSITIVE).singleElement()
                .extracting(ValidationProblem::message).isEqualTo("wait must be positive, was PT0S at step 'pause'");
    }

    @Test
    void requireValidThrowsOneExceptionListingEveryProblem() {
        JourneyDefinition broken = journey("broken",
                waitFor("pause", Duration.ofSeconds(-1), to("missing")));

        assertThatThrownBy(() -> JourneyValidator.requireValid(broken))
                .isInstanceOfSatisfying(InvalidJourneyException.class, e -> {
                    assertThat(e.journeyId()).isEqualTo("broken");
                    assertThat(e.problems()).hasSize(2);
                })
                .hasMessageContaining("journey 'broken' has 2 problems")
                .hasMessageContaining("WAIT_NOT_POSITIVE at step 'pause': wait must be positive, was PT-1S")
                .hasMessageContaining("step 'pause' leads to step 'missing', which does not exist");
    }

    @Test
    void cycleThatPassesNoWaitIsRejectedButOneThroughAWaitIsFine() {
        JourneyDefinition tight = journey("tight",
                email("a", "a", to("b")),
                new Step.Branch("b", List.of(new Step.Case(Condition.always(), to("a")))));
        JourneyDefinition weekly = journey("weekly",
                email("issue", "newsletter", to("week")),
                waitFor("week", Duration.ofDays(7), to("issue")));

        assertThat(JourneyValidator.validate(tight)).extracting(ValidationProblem::code, ValidationProblem::message)
                .containsExactly(tuple(Code.CYCLE_WITHOUT_WAIT, "steps a -> b -> a form a cycle that passes no wait that always holds"));
        assertThat(JourneyValidator.validate(weekly)).isEmpty();
    }

    @Test
    void aWaitUntilAFixedInstantDoesNotBreakACycleButATimeOfDayWaitDoes() {
        JourneyDefinition untilInstant = journey("burst",
                email("digest", "digest", to("sale")),
                new Step.Wait("sale", new Delay.UntilInstant(TestJourneys.T, Delay.IfPassed.CONTINUE), to("digest")));
        JourneyDefinition daily = journey("daily",
                email("digest", "digest", to("nine")),
                new Step.Wait("nine", new Delay.UntilTimeOfDay(java.time.LocalTime.of(9, 0)), to("digest")));

        assertThat(JourneyValidator.validate(untilInstant)).extracting(ValidationProblem::code)
                .containsExactly(Code.CYCLE_WITHOUT_WAIT);
        assertThat(JourneyValidator.validate(daily)).isEmpty();
    }

    @Test
    void conditionsAndWaitsMustNameExistingSendSteps() {
        JourneyDefinition journey = journey("refs",
                waitFor("wait", Duration.ofHours(1), to("choose")),
                new Step.Branch("choose", List.of(
                        new Step.Case(Condition.clicked("wait", "x"), to("event")),
                        new Step.Case(Condition.always(), to("event")))),
                new Step.WaitForEvent("event", Trigger.on("link.clicked"), Optional.of("ghost"), Duration.ofDays(1), false,
                        Optional.empty(), Optional.empty()));

        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::message).containsExactly(
                "step 'choose' asks about the message of step 'wait', which is not a send step",
                "step 'event' asks about the message of step 'ghost', which does not exist");
    }

    @Test
    void splitNeedsPathsWithPositiveWeights() {
        JourneyDefinition journey = journey("ab",
                new Step.Split("ab", List.of(new Step.SplitPath("a", 0, to("x")), new Step.SplitPath("b", 1, to("x")))),
                email("x", "x", Optional.empty()));

        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::code, ValidationProblem::message)
                .containsExactly(tuple(Code.BAD_SPLIT, "weight of path 'a' must be positive, was 0 at step 'ab'"));
    }

    @Test
    void splitWeightsMustSumToAnInt() {
        JourneyDefinition journey = journey("ab",
                new Step.Split("ab", List.of(new Step.SplitPath("a", Integer.MAX_VALUE, to("x")),
                        new Step.SplitPath("b", Integer.MAX_VALUE, to("x")))),
                email("x", "x", Optional.empty()));

        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::code, ValidationProblem::message)
                .containsExactly(tuple(Code.BAD_SPLIT, "weights of split 'ab' sum to 4294967294, more than 2147483647"));
    }

    @Test
    void missingStartAndEmptyJourneysAreReported() {
        JourneyDefinition empty = new JourneyDefinition("empty", 1, "empty", new Entry.OnEvent(Trigger.on("go")), "",
                List.of(), List.of(), Optional.empty());

        assertThat(JourneyValidator.validate(empty)).extracting(ValidationProblem::code, ValidationProblem::message)
                .containsExactly(tuple(Code.MISSING_START, "the journey has no steps"));
    }

    @Test
    void tooManyTrackedFactsIsReported() {
        List<Step.Case> cases = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            cases.add(new Step.Case(Condition.happenedSinceEntry("event-" + i), to("end")));
        }
        cases.add(new Step.Case(Condition.always(), to("end")));
        JourneyDefinition journey = journey("many", new Step.Branch("many", cases), email("end", "end", Optional.empty()));

        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::code)
                .containsExactly(Code.TOO_MANY_TRACKED_FACTS);
    }

    @Test
    void exclusionsAndSuppressionsMayAskOnlyAboutTheContact() {
        JourneyDefinition base = journey("promo", email("hello", "hello", Optional.empty()));
        JourneyDefinition journey = base.withPolicies(base.policies()
                .withExclusion(Condition.attribute("employee").isEqualTo(true))
                .withExclusion(Condition.anyOf(Condition.attribute("vip").isEqualTo(true), Condition.opened("hello")))
                .withSuppression(Condition.payload("form").isEqualTo("x")));

        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::code, ValidationProblem::message)
                .containsExactly(
                        tuple(Code.NOT_ABOUT_THE_CONTACT, "exclusion '" + journey.policies().exclusions().get(1)
                                + "' asks about " + Condition.opened("hello") + ", which is not about the contact; "
                                + "use contact attributes or Condition.custom"),
                        tuple(Code.NOT_ABOUT_THE_CONTACT, "suppression '" + Condition.payload("form").isEqualTo("x")
                                + "' asks about " + Condition.payload("form").isEqualTo("x")
                                + ", which is not about the contact; use contact attributes or Condition.custom"));
    }
}
