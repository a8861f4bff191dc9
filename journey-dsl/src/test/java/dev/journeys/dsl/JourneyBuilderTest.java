package dev.journeys.dsl;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyKind;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Step;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationProblem.Code;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.clicked;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class JourneyBuilderTest {

    private static JourneyDefinition brewBetter() {
        return Journey.withId("brew-better-at-home")
                .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("french-press-guide")))
                .named("Brew Better at Home")
                .exitWhen(on("purchase.completed"))
                .send("guide", Message.email("french-press-guide"))
                .waitFor("two-days", Duration.ofDays(2))
                .branch("clicked-grinders?", b -> b
                        .when(clicked("guide", "shop-grinders"), p -> p.send("grinder-offer", Message.email("grinder-offer")))
                        .otherwise(p -> p.send("brew-tips", Message.email("brew-tips"))))
                .build();
    }

    @Test
    void buildsTheGraphTheJourneyReadsAs() {
        JourneyDefinition journey = brewBetter();

        assertThat(journey.id()).isEqualTo("brew-better-at-home");
        assertThat(journey.version()).isEqualTo(1);
        assertThat(journey.kind()).isEqualTo(JourneyKind.TRIGGER_BASED);
        assertThat(journey.startStep()).isEqualTo("guide");
        assertThat(journey.exitTriggers()).containsExactly(on("purchase.completed"));
        assertThat(journey.steps()).extracting(Step::id, Step::successors).containsExactly(
                tuple("guide", List.of("two-days")),
                tuple("two-days", List.of("clicked-grinders?")),
                tuple("clicked-grinders?", List.of("grinder-offer", "brew-tips")),
                tuple("grinder-offer", List.of()),
                tuple("brew-tips", List.of()));
        Step.Branch branch = (Step.Branch) journey.step("clicked-grinders?").orElseThrow();
        assertThat(branch.cases().get(0).when()).isEqualTo(clicked("guide", "shop-grinders"));
        assertThat(branch.otherwise()).isPresent();
    }

    @Test
    void pathsThatDoNotEndJoinTheStepAfterTheBranch() {
        JourneyDefinition journey = Journey.withId("join").triggeredBy(on("go"))
                .branch("vip?", b -> b
                        .when(attribute("tier").isEqualTo("gold"), p -> p.send("gift", Message.email("gift")))
                        .when(attribute("tier").isEqualTo("none"), p -> p.exit("not-a-member", "no tier"))
                        .otherwise(p -> { }))
                .waitFor("week", Duration.ofDays(7))
                .send("survey", Message.email("survey"))
                .build();

        Step.Branch branch = (Step.Branch) journey.step("vip?").orElseThrow();
        assertThat(branch.cases()).extracting(Step.Case::next)
                .containsExactly(Optional.of("gift"), Optional.of("not-a-member"), Optional.of("week"));
        assertThat(journey.step("gift").orElseThrow().successors()).containsExactly("week");
    }

    @Test
    void splitsWaitsForEventsGoalsActionsAndGoToBuildTheirSteps() {
        JourneyDefinition built = Journey.withId("all").triggeredBy(on("go"))
                .goal("bought", on("purchase"), true)
                .send("offer", Message.preferred("offer", "email", "sms")
                        .withVariant(attribute("nearestStore").exists(), "offer-store"))
                .waitForEvent("clicked?", on(InteractionTypes.LINK_CLICKED), Duration.ofDays(3), w -> w
                        .about("offer")
                        .lookingBack()
                        .onEvent(p -> p.goal("engaged", "engaged"))
                        .onTimeout(p -> p.split("ab", s -> s
                                .path("a", 50, a -> a.action("call", "call-center", Attributes.of("script", "a")))
                                .path("b", 50, b -> b.goTo("offer-again")))))
                .send("offer-again", Message.sms("offer-again"))
                .exitWithGoal("done", "finished")
                .build();

        Step.WaitForEvent wait = (Step.WaitForEvent) built.step("clicked?").orElseThrow();
        assertThat(wait.aboutSend()).contains("offer");
        assertThat(wait.lookBack()).isTrue();
        assertThat(wait.onEvent()).contains("engaged");
        assertThat(wait.onTimeout()).contains("ab");
        assertThat(built.step("engaged").orElseThrow().successors()).containsExactly("offer-again");
        assertThat(built.step("call").orElseThrow().successors()).containsExactly("offer-again");
        assertThat(((Step.Split) built.step("ab").orElseThrow()).paths()).extracting(Step.SplitPath::name, Step.SplitPath::next)
                .containsExactly(tuple("a", Optional.of("call")), tuple("b", Optional.of("offer-again")));
        assertThat(built.goal()).hasValueSatisfying(goal -> assertThat(goal.exit()).isTrue());
        Step.Send offer = (Step.Send) built.step("offer").orElseThrow();
        assertThat(offer.variants()).singleElement().extracting(v -> v.message()).isEqualTo("offer-store");
    }

    @Test
    void buildListsEveryProblemWithItsStep() {
        assertThatThrownBy(() -> Journey.withId("broken").triggeredBy(on("go"))
                .send("hello", Message.email("hello"))
                .waitFor("pause", Duration.ofMinutes(-5))
                .branch("choose", b -> b
                        .when(Condition.opened("hello"), p -> p.exit("bye", "opened"))
                        .otherwise(p -> p.goTo("nowhere")))
                .send("after", Message.email("after"))
                .split("ab", s -> s.path("a", 0, p -> p.send("hello", Message.email("dup"))))
                .build())
                .isInstanceOfSatisfying(InvalidJourneyException.class, e ->
                        assertThat(e.problems()).extracting(ValidationProblem::code, p -> p.stepId().orElse(null))
                                .containsExactlyInAnyOrder(
                                        tuple(Code.DUPLICATE_STEP_ID, "hello"),
                                        tuple(Code.WAIT_NOT_POSITIVE, "pause"),
                                        tuple(Code.DANGLING_REFERENCE, "choose"),
                                        tuple(Code.UNREACHABLE_STEP, "after"),
                                        tuple(Code.UNREACHABLE_STEP, "ab"),
                                        tuple(Code.BAD_SPLIT, "ab")))
                .hasMessageContaining("wait must be positive, was PT-5M at step 'pause'");
    }

    @Test
    void aLoopWithoutAWaitIsRejectedButALoopThroughAWaitIsNot() {
        assertThatThrownBy(() -> Journey.withId("spin").triggeredBy(on("go"))
                .send("again", Message.email("again"))
                .branch("more?", b -> b
                        .when(attribute("stop").exists(), p -> p.end())
                        .otherwise(p -> p.goTo("again")))
                .build())
                .isInstanceOf(InvalidJourneyException.class)
                .hasMessageContaining("CYCLE_WITHOUT_WAIT at step 'again': steps again -> more? -> again form a cycle that passes no wait that always holds");

        JourneyDefinition weekly = Journey.withId("weekly").triggeredBy(on("subscribed"))
                .send("issue", Message.email("brew-better-weekly"))
                .waitFor("week", Duration.ofDays(7))
                .goTo("issue")
                .build();
        assertThat(weekly.step("week").orElseThrow().successors()).containsExactly("issue");
    }

    @Test
    void optionsCanOnlyBeSetBeforeTheFirstStepAndBadValuesAreNamed() {
        JourneyOptions options = Journey.withId("opts").triggeredBy(on("go"));
        options.send("one", Message.email("one"));

        assertThatThrownBy(() -> options.exitWhen(on("stop"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("exitWhen must be set before the first step of journey 'opts'");
        assertThatThrownBy(() -> Journey.withId("v").triggeredBy(on("go")).version(0))
                .hasMessage("version of journey 'v' must be at least 1, was 0");
        assertThatThrownBy(() -> Journey.withId("n").triggeredBy(null)).hasMessage("trigger");
        assertThatThrownBy(() -> Journey.withId("bad id").triggeredBy(on("go")).end().build())
                .hasMessage("journey id must start with a letter or digit and hold no white space and no ':', was 'bad id'");
    }

    @Test
    void theReentryRuleIsPartOfTheJourneyAndDefaultsToAfterExit() {
        ReentryRule s5 = ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24));

        JourneyDefinition cart = Journey.withId("cart").triggeredBy(on("checkout.abandoned")).reentry(s5)
                .waitFor("four-hours", Duration.ofHours(4)).send("reminder", Message.email("reminder")).build();

        assertThat(cart.reentry()).isEqualTo(s5);
        assertThat(brewBetter().reentry()).isEqualTo(ReentryRule.afterExit());
    }

    @Test
    void journeyCapsAndTransactionalMessagesArePartOfTheJourney() {
        FrequencyCap daily = FrequencyCap.of(1, Duration.ofDays(1));
        QuietHours night = QuietHours.between(java.time.LocalTime.of(21, 0), java.time.LocalTime.of(8, 0));

        JourneyDefinition orders = Journey.withId("orders").triggeredBy(on("order.placed")).frequencyCap(daily)
                .quietHours(night).pauseWhen(on("order.on-hold")).resumeWhen(on("order.released"))
                .send("receipt", Message.email("receipt").transactional())
                .send("upsell", Message.email("upsell"))
                .build();

        assertThat(orders.caps()).containsExactly(daily);
        assertThat(orders.quietHours()).contains(night);
        assertThat(orders.pausing().pauseWhen()).containsExactly(on("order.on-hold"));
        assertThat(orders.pausing().resumeWhen()).containsExactly(on("order.released"));
        assertThat(orders.steps()).extracting(s -> ((Step.Send) s).category())
                .containsExactly(MessageCategory.TRANSACTIONAL, MessageCategory.MARKETING);
    }

    @Test
    void segmentJourneysAreSegmentBased() {
        JourneyDefinition teaser = Journey.withId("teaser").fromSegment("texas-loyal")
                .send("teaser", Message.email("teaser"))
                .build();

        assertThat(teaser.kind()).isEqualTo(JourneyKind.SEGMENT_BASED);
    }

    @Test
    void buildThrowsOnlyOnErrorsAndLeavesWarningsToTheReport() {
        JourneyDefinition teaser = Journey.withId("teaser").fromSegment("texas-loyal")
                .frequencyCap(FrequencyCap.of(1, Duration.ofDays(1)).onChannel("sms"))
                .send("teaser", Message.email("teaser"))
                .build();

        assertThat(JourneyValidator.report(teaser).warnings())
                .extracting(ValidationProblem::code, ValidationProblem::severity)
                .containsExactly(
                        tuple(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE, ValidationProblem.Severity.WARNING),
                        tuple(Code.CONFLICTING_CAPS, ValidationProblem.Severity.WARNING));
        assertThat(JourneyValidator.report(teaser).hasErrors()).isFalse();
    }

    @Test
    void governanceOptionsLandInThePoliciesAndPurposesOnTheSends() {
        JourneyDefinition journey = Journey.withId("weekly").triggeredBy(on("subscribed"))
                .exclude(attribute("employee").isEqualTo(true))
                .suppress(attribute("complaintOpen").isEqualTo(true))
                .entryRateLimit(EntryRateLimit.of(100, Duration.ofMinutes(1)).rejecting())
                .keepTriggerFields("source")
                .frequencyCap(FrequencyCap.of(1, Duration.ofDays(1)).deferringUpTo(Duration.ofDays(2)))
                .send("issue", Message.email("brew-better-weekly").forPurpose("newsletter"))
                .send("receipt", Message.email("receipt").transactional())
                .build();

        assertThat(journey.policies().exclusions()).containsExactly(attribute("employee").isEqualTo(true));
        assertThat(journey.policies().suppression()).containsExactly(attribute("complaintOpen").isEqualTo(true));
        assertThat(journey.policies().entryRateLimit()).contains(EntryRateLimit.of(100, Duration.ofMinutes(1)).rejecting());
        assertThat(journey.caps()).singleElement().extracting(FrequencyCap::whenReached)
                .isEqualTo(FrequencyCap.WhenReached.DEFER);
        assertThat(journey.steps()).extracting(s -> ((Step.Send) s).purpose()).containsExactly("newsletter", "transactional");
        assertThat(journey.policies().triggerFields()).containsExactly("source");
    }
}
