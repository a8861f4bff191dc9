package dev.journeys.dsl.draft;

import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.Step;
import dev.journeys.dsl.diagram.JourneyDiagram;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static dev.journeys.dsl.draft.DraftCorpusTest.CHICAGO;
import static dev.journeys.dsl.draft.DraftCorpusTest.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the text, the drafter returns a report and never throws: arbitrary strings, and
 * sentence soups from the drafter's own vocabulary, which reach its branches, stops and limits.
 */
class DrafterPropertyTest {

    private static final JourneyDrafter DRAFTER = RuleBasedDrafter.of(TODAY, CHICAGO);

    /** Phrases the drafter knows, some it refuses, and joiners, to make requests from. */
    private static final List<String> VOCABULARY = List.of(
            "After a landing page is completed,", "When someone submits the contact form,", "When a new lead comes in,",
            "after someone registers for the spring webinar,", "When the trial.ended event arrives,",
            "When a subscription is cancelled,", "On March 10", "Every Monday at 8am", "to the loyalty members",
            "send the customer a thank you message in their preferred channel", "send a survey", "email them the guide",
            "text them a reminder", "send it again", "send the welcome pack and the checklist", "by email and SMS",
            "by email or SMS", "wait two days", "wait 48 hours", "a week later", "the next day,", "wait a few hours",
            "wait until the next morning", "wait minus one day", "wait 0 days", "wait a while",
            "if they open it", "if they don't open it within 3 days", "if they click the pricing link",
            "if they buy within a week", "if they are a loyalty member", "if their tier is gold", "otherwise",
            "if not,", "do nothing", "stop if they purchase", "end when the lead is qualified", "end the journey",
            "remove them", "create a task for sales", "alert the sales queue", "let sales know",
            "no more than 2 emails a week", "no messages between 9pm and 8am", "people can enter only once",
            "exclude employees", "the goal is a purchase", "call it Spring", "make it fun", "thanks",
            ".", ".", ".", ",", ";", "then", "and", "!", "\n\n- ", "\u00e9t\u00e9", "\u2014", "'", "\"", "(", ")");

    @Provide
    Arbitrary<String> soups() {
        return Arbitraries.of(VOCABULARY).list().ofMinSize(0).ofMaxSize(60).map(words -> String.join(" ", words));
    }

    @Property(tries = 1000)
    void anyTextGivesAReportAndADraftThatPassesTheValidator(@ForAll @StringLength(max = 400) String request) {
        Draft draft = DRAFTER.draft(request);

        assertReport(draft);
        Statistics.collect(draft.drafted().isPresent() ? "drafted" : "refused");
    }

    @Property(tries = 1000)
    void sentenceSoupsGiveDraftsThatArePublishableOnceBound(@ForAll("soups") String request) {
        Draft draft = DRAFTER.draft(request);

        assertReport(draft);
        assertThat(DRAFTER.draft(request)).isEqualTo(draft);
        if (draft.drafted().isPresent()) {
            Draft bound = draft;
            for (Placeholder placeholder : draft.placeholders()) {
                bound = bound.bind(placeholder.id(), "asset-" + Integer.toHexString(placeholder.id().hashCode()));
            }
            assertThat(bound.validate()).noneMatch(ValidationProblem::isError); // warnings are for the review
            assertThat(JourneyDiagram.mermaid(bound.journeyOrThrow())).startsWith("flowchart TD");
        }
        List<Step> steps = draft.drafted().map(j -> j.steps()).orElse(List.of());
        Statistics.label("journey").collect(draft.drafted().isEmpty() ? "none"
                : draft.drafted().get().kind().toString());
        Statistics.label("fork").collect(steps.stream().anyMatch(s -> s instanceof Step.Branch
                || s instanceof Step.WaitForEvent) ? "has a branch or a wait for an event" : "no fork");
        Statistics.label("not understood").collect(draft.notUnderstood().isEmpty() ? "none" : "some");
        Statistics.label("stops").collect(steps.stream().anyMatch(Step.Exit.class::isInstance)
                || draft.drafted().map(j -> !j.exitTriggers().isEmpty()).orElse(false) ? "stops" : "no stop");
    }

    @Property(tries = 200)
    void longSoupsAreCutAtTheDraftersLimits(@ForAll("longSoups") String request) {
        Draft draft = DRAFTER.draft(request);

        assertReport(draft);
        draft.drafted().ifPresent(j -> assertThat(j.steps()).hasSizeLessThanOrEqualTo(RuleBasedDrafter.MAX_STEPS));
        boolean cut = draft.notUnderstood().stream().anyMatch(n -> n.reason().contains("the drafter reads no further")
                || n.reason().contains("at most"));
        Statistics.collect(cut ? "a limit was reached" : "within the limits");
    }

    @Provide
    Arbitrary<String> longSoups() {
        return Arbitraries.of(VOCABULARY).list().ofMinSize(300).ofMaxSize(1500).map(words -> String.join(" ", words));
    }

    private static void assertReport(Draft draft) {
        assertThat(draft.notUnderstood()).noneMatch(n -> n.reason().contains("drafter failed"));
        assertThat(draft.drafted().isPresent() || !draft.notUnderstood().isEmpty()).isTrue();
        draft.drafted().ifPresent(journey -> assertThat(JourneyValidator.report(journey).errors()).isEmpty());
        assertThat(draft.describe()).isNotEmpty();
        assertThat(draft.validate()).hasSizeGreaterThanOrEqualTo(draft.unbound().size());
    }
}
