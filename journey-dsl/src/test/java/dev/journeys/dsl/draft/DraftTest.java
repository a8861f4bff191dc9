package dev.journeys.dsl.draft;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Schedule;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.ValidationProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.journeys.dsl.draft.DraftCorpusTest.CHICAGO;
import static dev.journeys.dsl.draft.DraftCorpusTest.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The draft of scenario S6 and the Draft API: placeholders, binding, validation, the checklist. */
class DraftTest {

    static final String S6 = "After a landing page is completed, send the customer a thank you message in their "
            + "preferred channel. Then wait two days and send a survey.";

    private final JourneyDrafter drafter = JourneyDrafter.ruleBased(TODAY, CHICAGO);

    @Test
    void s6DraftsAFormEntryASendOnThePreferredChannelATwoDayWaitAndASend() {
        Draft draft = drafter.draft(S6);
        JourneyDefinition journey = draft.drafted().orElseThrow();

        assertThat(journey.entry()).isEqualTo(new Entry.OnEvent(Trigger.on("form.submitted")
                .where(Condition.payload("form").isEqualTo("landing-page-form-to-bind"))));
        assertThat(journey.steps()).extracting(Step::id).containsExactly("thank-you", "wait-2-days", "survey");
        Step.Send thankYou = (Step.Send) journey.steps().get(0);
        assertThat(thankYou.message()).isEqualTo("thank-you-message-to-bind");
        assertThat(thankYou.channel()).isEqualTo(ChannelChoice.preferred("email", "sms", "push"));
        assertThat(((Step.Wait) journey.steps().get(1)).delay()).isEqualTo(new Delay.Fixed(Duration.ofDays(2)));
        assertThat(((Step.Send) journey.steps().get(2)).message()).isEqualTo("survey-message-to-bind");
        assertThat(draft.notUnderstood()).isEmpty();
    }

    @Test
    void s6NamesTheFormTheThankYouMessageAndTheSurveyAsPlaceholders() {
        Draft draft = drafter.draft(S6);

        assertThat(draft.placeholders()).extracting(Placeholder::id, Placeholder::kind, Placeholder::usedAt)
                .containsExactly(
                        tuple("landing-page-form-to-bind", Placeholder.Kind.FORM, List.of("entry")),
                        tuple("thank-you-message-to-bind", Placeholder.Kind.MESSAGE, List.of("thank-you")),
                        tuple("survey-message-to-bind", Placeholder.Kind.MESSAGE, List.of("survey")));
        assertThat(draft.placeholders()).extracting(Placeholder::description).containsExactly(
                "the form 'landing page'", "the message 'a thank you message'", "the message 'a survey'");
        assertThat(draft.unbound()).hasSize(3);
    }

    @Test
    void validationListsEveryUnboundPlaceholderAtOnceAndPublishingIsRefused() {
        Draft draft = drafter.draft(S6);

        List<ValidationProblem> problems = draft.validate();

        assertThat(problems).extracting(ValidationProblem::code, ValidationProblem::stepId).containsExactly(
                tuple(ValidationProblem.Code.UNBOUND_PLACEHOLDER, Optional.empty()),
                tuple(ValidationProblem.Code.UNBOUND_PLACEHOLDER, Optional.of("thank-you")),
                tuple(ValidationProblem.Code.UNBOUND_PLACEHOLDER, Optional.of("survey")));
        assertThat(problems.get(0).message()).isEqualTo("placeholder 'landing-page-form-to-bind' is not bound: the "
                + "form 'landing page', used at entry; bind it with Draft.bind(\"landing-page-form-to-bind\", assetId)");
        assertThatThrownBy(draft::journeyOrThrow).isInstanceOfSatisfying(InvalidJourneyException.class, refused -> {
            assertThat(refused.problems()).isEqualTo(problems);
            assertThat(refused.getMessage()).contains("has 3 problems", "landing-page-form-to-bind",
                    "thank-you-message-to-bind", "survey-message-to-bind");
        });
    }

    @Test
    void bindingPutsTheRealAssetsWhereThePlaceholdersStoodAndMakesTheDraftPublishable() {
        Draft draft = drafter.draft(S6);

        Draft bound = draft.bind("landing-page-form-to-bind", "spring-landing-page")
                .bind("thank-you-message-to-bind", "thank-you-2026")
                .bind("survey-message-to-bind", "satisfaction-survey");

        JourneyDefinition journey = bound.journeyOrThrow();
        assertThat(journey.entry()).isEqualTo(new Entry.OnEvent(Trigger.on("form.submitted")
                .where(Condition.payload("form").isEqualTo("spring-landing-page"))));
        assertThat(journey.steps()).filteredOn(Step.Send.class::isInstance).map(s -> ((Step.Send) s).message())
                .containsExactly("thank-you-2026", "satisfaction-survey");
        assertThat(bound.validate()).isEmpty();
        assertThat(bound.unbound()).isEmpty();
        assertThat(bound.placeholder("survey-message-to-bind")).map(Placeholder::boundTo)
                .contains(Optional.of("satisfaction-survey"));
        assertThat(bound.drafted()).isEqualTo(draft.drafted());
        assertThat(draft.unbound()).hasSize(3);
        assertThat(bound.describe()).contains("survey-message-to-bind (MESSAGE): the message 'a survey'; at survey; "
                + "bound to 'satisfaction-survey'", "survey: send 'satisfaction-survey' on preferred of");
    }

    @Test
    void bindingAgainReplacesTheBindingOnlyWhereThatPlaceholderStood() {
        Draft draft = drafter.draft(S6).bindAll(Map.of("thank-you-message-to-bind", "same-message",
                "survey-message-to-bind", "same-message"));

        Draft rebound = draft.bind("survey-message-to-bind", "satisfaction-survey");

        assertThat(rebound.journey().orElseThrow().steps()).filteredOn(Step.Send.class::isInstance)
                .map(s -> ((Step.Send) s).message()).containsExactly("same-message", "satisfaction-survey");
    }

    @Test
    void bindingRefusesWhatCannotStandWhereThePlaceholderIs() {
        Draft draft = drafter.draft("If they are a loyalty member, send the VIP offer; otherwise send the standard "
                + "offer.");

        assertThatThrownBy(() -> draft.bind("no-such-placeholder", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the draft has no placeholder 'no-such-placeholder'; its placeholders are ["
                        + "entry-event-to-bind, loyalty-member-segment-to-bind");
        assertThatThrownBy(() -> draft.bind("vip-offer-message-to-bind", " ")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> draft.bind("vip-offer-message-to-bind", "standard-offer-message-to-bind"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is itself a placeholder");
        assertThatThrownBy(() -> draft.bind("loyalty-member-segment-to-bind", "loyalty members"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot bind placeholder 'loyalty-member-segment-to-bind' (SEGMENT) to "
                        + "'loyalty members': segment id must start with a letter or digit and hold no white space");
        assertThat(draft.bind("loyalty-member-segment-to-bind", "loyalty-members").journey().orElseThrow().steps())
                .filteredOn(Step.Branch.class::isInstance).first()
                .satisfies(b -> assertThat(((Step.Branch) b).cases().get(0).when())
                        .isEqualTo(Condition.inSegment("loyalty-members")));
    }

    @Test
    void theChecklistSaysTheJourneyTypeAndWhyTheTimingTheStopsAndTheGovernanceNotYetSet() {
        Draft draft = drafter.draft(S6);

        assertThat(draft.checklist()).containsExactly(
                "Journey type: trigger-based, because 'After a landing page is completed' starts it on the event "
                        + "'form.submitted'.",
                "Timing: the longest path waits 2 days in all.",
                "Check: no channel was given for 'a survey': it goes on the contact's preferred channel among email, "
                        + "sms, push, like the message before it.",
                "Stop conditions: none; every contact goes to the end, whatever they do; say, for example, 'stop if "
                        + "they purchase'.",
                "Governance not yet set: no frequency cap on this journey (caps set on the engine still apply); say, "
                        + "for example, 'no more than 2 emails a week'.",
                "Governance not yet set: no quiet hours on this journey (the engine's apply, if it has any); say, for "
                        + "example, 'no messages between 9pm and 8am'.",
                "Governance not yet set: re-entry is the default, again once the previous journey ended; say, for "
                        + "example, 'people can enter only once'.",
                "Event types: check that your host sends 'form.submitted' (with the form's id in 'form').",
                "Bind 3 placeholders before publishing: landing-page-form-to-bind, thank-you-message-to-bind, "
                        + "survey-message-to-bind.");
    }

    @Test
    void theChecklistSaysWhatWasSetAndTheDefaultsUsed() {
        Draft draft = drafter.draft("When a customer abandons their cart, wait a few hours and send a reminder. If they "
                + "don't open it, send a discount. Stop if they purchase. No more than 2 emails a week. No messages "
                + "between 9pm and 8am. People can enter only once. Make it pop.");

        assertThat(draft.checklist()).contains(
                "Journey type: trigger-based, because 'When a customer abandons their cart' starts it on the event "
                        + "'checkout.abandoned'.",
                "Timing: the longest path waits 3 days 3 hours in all.",
                "Check: 'a few hours' was read as 3 hours (the default for 'a few' is 3).",
                "Check: 'If they don't open it' says no time: it waits up to 3 days (the default).",
                "Stop conditions: a contact leaves at once, wherever they are, on 'purchase.completed'.",
                "Frequency cap: at most 2 marketing messages on email per PT168H.",
                "Quiet hours: 21:00 to 08:00 in each contact's zone.",
                "Re-entry: a contact enters once only.",
                "Opens and clicks: your channels must report them as 'message.opened' and 'link.clicked' events "
                        + "carrying the message id.",
                "Not understood: 1 part of the request; review them and say them another way, or change the journey "
                        + "by hand.");
        assertThat(draft.checklist()).noneMatch(item -> item.startsWith("Governance not yet set"));
    }

    @Test
    void aSegmentOnADateEnrolsAPlaceholderSegmentAtNineInTheMorningAndGovernanceInWordsIsACap() {
        Draft draft = drafter.draft("On March 10 send the cold brew teaser to the loyalty members in Texas. No more "
                + "than 2 emails a week.");
        JourneyDefinition journey = draft.drafted().orElseThrow();

        assertThat(journey.entry()).isEqualTo(new Entry.FromSegment("loyalty-members-in-texas-segment-to-bind",
                Optional.of(Schedule.at(Instant.parse("2026-03-10T14:00:00Z")))));
        assertThat(journey.caps()).containsExactly(FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email"));
        assertThat(draft.checklist().get(0)).isEqualTo("Journey type: segment-based, because it sends to 'the loyalty "
                + "members in Texas' on 2026-03-10.");
        assertThat(draft.checklist()).contains("Check: 'On March 10' names no time: the enrolment runs at 09:00 in "
                + "America/Chicago.");
    }

    @Test
    void aDateWithoutAYearIsTheNextSuchDateFromTheDraftersToday() {
        JourneyDrafter inNovember = JourneyDrafter.ruleBased(InstantSource.fixed(Instant.parse("2026-11-20T12:00:00Z")),
                CHICAGO);

        Draft draft = inNovember.draft("On March 10 at 2pm send the spring teaser to the loyalty members.");

        assertThat(draft.drafted().orElseThrow().entry()).isEqualTo(new Entry.FromSegment("loyalty-members-segment-to-bind",
                Optional.of(Schedule.at(Instant.parse("2027-03-10T20:00:00Z")))));   // 14:00 CST
    }

    @Test
    void theSameRequestAlwaysGivesTheSameDraft() {
        assertThat(drafter.draft(S6)).isEqualTo(drafter.draft(S6));
        assertThat(drafter.draft(S6).describe()).isEqualTo(JourneyDrafter.ruleBased(TODAY, CHICAGO).draft(S6)
                .describe());
    }

    @Test
    void aDraftCanTakeTheJourneyIdTheHostWants() {
        Draft draft = drafter.draft(S6).withJourneyId("spring-thank-you");

        assertThat(draft.drafted().orElseThrow().id()).isEqualTo("spring-thank-you");
        assertThat(drafter.draft(S6).drafted().orElseThrow().id()).isEqualTo("draft-landing-page-form");
        assertThatThrownBy(() -> draft.withJourneyId("no spaces")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHostPlugsInItsOwnDrafterAndTheGuardTurnsItsFailuresIntoReports() {
        JourneyDrafter model = request -> new Draft(request, drafter.draft(S6).drafted(), List.of(), List.of(),
                List.of("drafted by the host's model"));
        JourneyDrafter failing = request -> {
            throw new IllegalStateException("model unavailable");
        };
        JourneyDrafter silent = request -> null;

        assertThat(JourneyDrafter.guarded(model).draft("anything").checklist()).containsExactly(
                "drafted by the host's model");
        Draft failed = JourneyDrafter.guarded(failing).draft("anything");
        assertThat(failed.drafted()).isEmpty();
        assertThat(failed.notUnderstood()).extracting(NotUnderstood::reason).containsExactly(
                "the drafter failed: java.lang.IllegalStateException: model unavailable");
        assertThat(failed.validate()).extracting(ValidationProblem::code).containsExactly(
                ValidationProblem.Code.MISSING_START);
        assertThat(JourneyDrafter.guarded(silent).draft("anything").notUnderstood()).extracting(NotUnderstood::reason)
                .containsExactly("the drafter returned no draft");
    }

    @Test
    void aDraftRejectsTwoPlaceholdersWithOneIdAndARefusalWithoutAReason() {
        Placeholder form = new Placeholder("form-to-bind", Placeholder.Kind.FORM, "the form", List.of("entry"),
                Optional.empty());

        assertThatThrownBy(() -> new Draft("x", Optional.empty(), List.of(form, form), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("placeholder id 'form-to-bind' is used twice");
        assertThatThrownBy(() -> Draft.refusal("x", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> drafter.draft(null)).isInstanceOf(NullPointerException.class).hasMessage("request");
    }
}
