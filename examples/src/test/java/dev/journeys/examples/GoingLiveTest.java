package dev.journeys.examples;

import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SendPreview;
import dev.journeys.core.SkipReason;
import dev.journeys.core.ValidationProblem;
import dev.journeys.testkit.JourneyCounts;
import dev.journeys.testkit.JourneyTestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.journeys.examples.GoingLive.HOLIDAY_ID;
import static dev.journeys.examples.GoingLive.JOURNEY_ID;
import static dev.journeys.examples.GoingLive.OFFER_ONLINE;
import static dev.journeys.examples.GoingLive.OFFER_PICKUP;
import static dev.journeys.examples.GoingLive.REMINDER;
import static dev.journeys.examples.GoingLive.REMINDER_V2;
import static dev.journeys.examples.GoingLive.START;
import static dev.journeys.examples.GoingLive.boughtGrinder;
import static dev.journeys.examples.GoingLive.viewedGrinder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Scenario S7, every "then", on the testkit's virtual clock. */
class GoingLiveTest {

    /** 09:00 in Austin on the first day. */
    private static final Instant MORNING = START.plus(Duration.ofHours(11));

    private JourneyTestEnvironment env;
    private JourneyEngine engine;

    @BeforeEach
    void environment() {
        env = GoingLive.environment();
        engine = env.engine();
    }

    @AfterEach
    void close() {
        env.close();
    }

    /** Publishes version 1, lets ana, ben, cleo and dan view a grinder at 09:00, ana buy a day later. */
    private void goLiveWithFourContacts() {
        engine.saveDraft(GoingLive.version1());
        engine.publishDraft(JOURNEY_ID);
        for (String contact : List.of("ana", "ben", "cleo", "dan")) {
            env.schedule(viewedGrinder("view-" + contact, contact, MORNING));
        }
        env.schedule(boughtGrinder("bought-ana", "ana", MORNING.plus(Duration.ofDays(1))));
    }

    @Test
    void aJourneyCannotGoLiveWhileValidationReportsProblems() {
        List<ValidationProblem> problems = engine.saveDraft(GoingLive.firstDraft());

        assertThat(problems).extracting(ValidationProblem::code, ValidationProblem::stepId).containsExactly(
                tuple(ValidationProblem.Code.UNBOUND_ACTION, Optional.of("tell-sales")),
                tuple(ValidationProblem.Code.UNKNOWN_SEGMENT, Optional.empty()));
        assertThatThrownBy(() -> engine.publishDraft(JOURNEY_ID)).isInstanceOfSatisfying(InvalidJourneyException.class,
                refused -> assertThat(refused.problems()).isEqualTo(problems));
        assertThat(engine.status(JOURNEY_ID)).isEqualTo(JourneyStatus.DRAFT);

        env.accept(viewedGrinder("view-ana", "ana", env.now()));
        env.advance(Duration.ofDays(3));

        assertThat(env.sent()).isEmpty();
        assertThat(engine.saveDraft(GoingLive.version1())).isEmpty();
    }

    @Test
    void aPreviewShowsTheVariantTheFieldsTheChannelAndWhatEachRuleWouldDo() {
        engine.saveDraft(GoingLive.version1());

        SendPreview tess = engine.preview("tess", JOURNEY_ID, "offer");
        SendPreview theo = engine.preview("theo", JOURNEY_ID, "offer");

        assertThat(tess.message()).isEqualTo(OFFER_PICKUP);
        assertThat(tess.variant()).isPresent();
        assertThat(tess.fields().string("nearestStore")).contains("South Congress");
        assertThat(tess.channel()).isEqualTo("email");
        assertThat(tess.outcome()).isEqualTo(SendPreview.Outcome.DEFER);
        assertThat(tess.heldUntil()).contains(Instant.parse("2026-03-03T14:00:00Z")); // 08:00 in Austin
        assertThat(tess.describe()).contains("ok   suppression", "ok   consent", "stop quiet hours",
                "ok   frequency caps");
        assertThat(theo.message()).isEqualTo(OFFER_ONLINE);
        assertThat(theo.outcome()).isEqualTo(SendPreview.Outcome.SKIP);
        assertThat(theo.skipReason()).contains(SkipReason.NO_CONSENT);
        assertThat(env.sent()).isEmpty();
        assertThat(engine.status(JOURNEY_ID)).isEqualTo(JourneyStatus.DRAFT);
    }

    @Test
    void aLiveJourneyReportsPerStepTheContactsTheSkipsAndWhyAndTheGoal() {
        goLiveWithFourContacts();

        env.advanceTo(MORNING.plus(Duration.ofDays(3)));
        JourneyCounts counts = env.report().journey(JOURNEY_ID);

        assertThat(counts.entered()).isEqualTo(4);
        assertThat(counts.goals()).isEqualTo(1);
        assertThat(counts.step("offer").reached()).isEqualTo(4);
        assertThat(counts.step("offer").sent()).isEqualTo(3);
        assertThat(counts.step("offer").skipped()).containsExactly(Map.entry(SkipReason.NO_CONSENT, 1L));
        assertThat(counts.step("reminder").reached()).isEqualTo(3);
        assertThat(counts.step("reminder").sent()).isEqualTo(2);
        assertThat(counts.step("tell-sales").reached()).isEqualTo(3);
        assertThat(env.actions()).extracting(a -> a.key().contactId()).containsExactlyInAnyOrder("ben", "cleo", "dan");
    }

    @Test
    void aLiveJourneyIsClonedIntoANewDraftAndTheOriginalGoesOn() {
        goLiveWithFourContacts();
        env.advanceTo(MORNING.plus(Duration.ofHours(1)));

        JourneyDefinition holiday = engine.cloneAsDraft(JOURNEY_ID, HOLIDAY_ID);

        assertThat(holiday.id()).isEqualTo(HOLIDAY_ID);
        assertThat(holiday.version()).isEqualTo(1);
        assertThat(holiday.steps()).isEqualTo(GoingLive.version1().steps());
        assertThat(engine.status(HOLIDAY_ID)).isEqualTo(JourneyStatus.DRAFT);
        assertThat(engine.status(JOURNEY_ID)).isEqualTo(JourneyStatus.LIVE);
        env.advanceTo(MORNING.plus(Duration.ofDays(3)));
        assertThat(env.sent()).extracting(m -> m.key().journeyId()).containsOnly(JOURNEY_ID);
    }

    @Test
    void contactsInFlightFinishOnTheVersionTheyEnteredWhenANewVersionIsPublished() {
        goLiveWithFourContacts();
        Instant publishV2 = MORNING.plus(Duration.ofDays(1)).plus(Duration.ofHours(2));
        env.advanceTo(publishV2);

        engine.publish(GoingLive.version2());
        env.accept(viewedGrinder("view-eve", "eve", publishV2));
        env.advanceTo(MORNING.plus(Duration.ofDays(5)));

        assertThat(env.sent()).filteredOn(m -> m.message().startsWith("grinder-reminder"))
                .extracting(OutgoingMessage::contactId, OutgoingMessage::message, m -> m.key().version(),
                        OutgoingMessage::decidedAt)
                .containsExactlyInAnyOrder(
                        tuple("ben", REMINDER, 1, MORNING.plus(Duration.ofDays(2))),
                        tuple("cleo", REMINDER, 1, MORNING.plus(Duration.ofDays(2))),
                        tuple("eve", REMINDER_V2, 2, publishV2.plus(Duration.ofDays(1))));
    }

    @Test
    void theExampleProgramPrintsEachStage() {
        String printed = Printed.by(GoingLive::run);

        assertThat(printed)
                .contains("UNKNOWN_SEGMENT: journey 'grinder-upgrade' refers to segment 'recent-buyer'")
                .contains("publish refused: 2 problems; status DRAFT")
                .contains("2. The corrected draft: 0 problems")
                .contains("grinder-upgrade [offer] for tess at 2026-03-03T04:00:00Z: DEFER until 2026-03-03T14:00:00Z")
                .contains("grinder-upgrade [offer] for theo at 2026-03-03T04:00:00Z: SKIP (NO_CONSENT)")
                .contains("grinder-upgrade-holiday v1: DRAFT")
                .contains("entered grinder-upgrade v2 (#1, by view-eve)")
                .contains("offer                    Send         reached         5  sent 4  skipped 1 (NO_CONSENT)")
                .contains("flowchart TD")
                .contains("reached 5 · sent 4 · skipped 1 (NO_CONSENT)");
    }
}
