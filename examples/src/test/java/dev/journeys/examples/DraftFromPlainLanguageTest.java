package dev.journeys.examples;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.ValidationProblem;
import dev.journeys.dsl.draft.Draft;
import dev.journeys.dsl.draft.Placeholder;
import dev.journeys.testkit.JourneyTestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.journeys.examples.DraftFromPlainLanguage.FORM_PLACEHOLDER;
import static dev.journeys.examples.DraftFromPlainLanguage.LANDING_PAGE;
import static dev.journeys.examples.DraftFromPlainLanguage.START;
import static dev.journeys.examples.DraftFromPlainLanguage.SURVEY;
import static dev.journeys.examples.DraftFromPlainLanguage.SURVEY_PLACEHOLDER;
import static dev.journeys.examples.DraftFromPlainLanguage.THANK_YOU;
import static dev.journeys.examples.DraftFromPlainLanguage.THANK_YOU_PLACEHOLDER;
import static dev.journeys.examples.DraftFromPlainLanguage.landingPageCompleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Scenario S6, every "then", and the drafted journey run on the testkit's virtual clock. */
class DraftFromPlainLanguageTest {

    @Test
    void theRequestBecomesAnEntryOnALandingPageSubmissionASendOnThePreferredChannelATwoDayWaitAndASend() {
        JourneyDefinition journey = DraftFromPlainLanguage.draft().drafted().orElseThrow();

        assertThat(journey.entry()).isEqualTo(new Entry.OnEvent(Trigger.on("form.submitted")
                .where(Condition.payload("form").isEqualTo(FORM_PLACEHOLDER))));
        assertThat(journey.steps()).hasSize(3);
        assertThat(journey.steps().get(0)).isInstanceOfSatisfying(Step.Send.class, send -> {
            assertThat(send.channel()).isInstanceOf(ChannelChoice.Preferred.class);
            assertThat(send.message()).isEqualTo(THANK_YOU_PLACEHOLDER);
            assertThat(send.next()).contains(journey.steps().get(1).id());
        });
        assertThat(journey.steps().get(1)).isInstanceOfSatisfying(Step.Wait.class,
                wait -> assertThat(wait.delay()).isEqualTo(new Delay.Fixed(Duration.ofDays(2))));
        assertThat(journey.steps().get(2)).isInstanceOfSatisfying(Step.Send.class, send -> {
            assertThat(send.message()).isEqualTo(SURVEY_PLACEHOLDER);
            assertThat(send.next()).isEmpty();
        });
        assertThat(DraftFromPlainLanguage.draft().notUnderstood()).isEmpty();
    }

    @Test
    void theDraftNamesTheAssetsItCouldNotBindTheFormTheThankYouMessageAndTheSurvey() {
        Draft draft = DraftFromPlainLanguage.draft();

        assertThat(draft.placeholders()).extracting(Placeholder::id, Placeholder::kind, Placeholder::isBound)
                .containsExactly(
                        tuple(FORM_PLACEHOLDER, Placeholder.Kind.FORM, false),
                        tuple(THANK_YOU_PLACEHOLDER, Placeholder.Kind.MESSAGE, false),
                        tuple(SURVEY_PLACEHOLDER, Placeholder.Kind.MESSAGE, false));
    }

    @Test
    void itCannotBePublishedUntilTheyAreBoundAndValidationListsThemAllAtOnce() {
        Draft draft = DraftFromPlainLanguage.draft();

        assertThat(draft.validate()).extracting(ValidationProblem::code, ValidationProblem::stepId).containsExactly(
                tuple(ValidationProblem.Code.UNBOUND_PLACEHOLDER, Optional.empty()),
                tuple(ValidationProblem.Code.UNBOUND_PLACEHOLDER, Optional.of("thank-you")),
                tuple(ValidationProblem.Code.UNBOUND_PLACEHOLDER, Optional.of("survey")));
        assertThatThrownBy(draft::journeyOrThrow).isInstanceOfSatisfying(InvalidJourneyException.class,
                refused -> assertThat(refused.problems()).hasSize(3));
        Draft partly = draft.bind(FORM_PLACEHOLDER, LANDING_PAGE).bind(THANK_YOU_PLACEHOLDER, THANK_YOU);
        assertThatThrownBy(partly::journeyOrThrow).isInstanceOfSatisfying(InvalidJourneyException.class,
                refused -> assertThat(refused.problems()).extracting(ValidationProblem::message)
                        .singleElement().asString().contains(SURVEY_PLACEHOLDER));
        assertThat(DraftFromPlainLanguage.bound(draft).validate()).isEmpty();
    }

    @Test
    void boundAndPublishedEachContactGetsTheThankYouOnTheirPreferredChannelAndTheSurveyTwoDaysLater() {
        JourneyDefinition journey = DraftFromPlainLanguage.bound(DraftFromPlainLanguage.draft()).journeyOrThrow();
        try (JourneyTestEnvironment env = DraftFromPlainLanguage.environment(journey)) {
            for (String contact : List.of("ana", "ben", "cleo")) {
                env.accept(landingPageCompleted("page-" + contact, contact, START, LANDING_PAGE));
            }

            env.advance(Duration.ofDays(3));

            assertThat(env.contact("ana").sent()).extracting(OutgoingMessage::message, OutgoingMessage::channel,
                    OutgoingMessage::decidedAt).containsExactly(
                            tuple(THANK_YOU, "sms", START), tuple(SURVEY, "sms", START.plus(Duration.ofDays(2))));
            assertThat(env.contact("ben").sent()).extracting(OutgoingMessage::message, OutgoingMessage::channel)
                    .containsExactly(tuple(THANK_YOU, "email"), tuple(SURVEY, "email"));
            assertThat(env.contact("cleo").sent()).extracting(OutgoingMessage::message, OutgoingMessage::channel)
                    .containsExactly(tuple(THANK_YOU, "push"), tuple(SURVEY, "push"));
        }
    }

    @Test
    void aContactWhoCompletesAnotherLandingPageDoesNotEnter() {
        JourneyDefinition journey = DraftFromPlainLanguage.bound(DraftFromPlainLanguage.draft()).journeyOrThrow();
        try (JourneyTestEnvironment env = DraftFromPlainLanguage.environment(journey)) {
            env.accept(landingPageCompleted("page-dan", "dan", START, "autumn-landing-page"));

            env.advance(Duration.ofDays(3));

            assertThat(env.contact("dan").events()).isEmpty();
            assertThat(env.sent()).isEmpty();
        }
    }

    @Test
    void theProgramPrintsTheDraftItsDiagramTheProblemsTheBindingsAndTheTimelines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        DraftFromPlainLanguage.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed)
                .contains("thank-you: send 'thank-you-message-to-bind' on preferred of [email, sms, push] -> wait-2-days")
                .contains("placeholders:", "checklist:", "Not understood: nothing", "flowchart TD")
                .contains("- Journey type: trigger-based, because 'After a landing page is completed' starts it on "
                        + "the event 'form.submitted'.")
                .contains("UNBOUND_PLACEHOLDER at step 'survey': placeholder 'survey-message-to-bind' is not bound")
                .contains("not publishable: 3 problems, all listed at once")
                .contains("survey-message-to-bind -> satisfaction-survey", "validation: no problems")
                .contains("2026-03-04T15:00:00Z  sent 'satisfaction-survey' on sms")
                .contains("(did not enter: another landing page)");
    }
}
