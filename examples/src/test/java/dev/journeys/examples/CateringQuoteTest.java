package dev.journeys.examples;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.JourneyTestExtension;
import dev.journeys.testkit.StartAt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.journeys.examples.CateringQuote.leadCreated;
import static dev.journeys.examples.CateringQuote.leadQualified;
import static dev.journeys.examples.CateringQuote.opportunityCreated;
import static dev.journeys.examples.CateringQuote.opportunityLost;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Scenario S4, every "then", on the testkit's virtual clock. The testkit binds a recording
 * handler to every action its journeys run, so {@code env.actions()} holds the sales alerts.
 */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class CateringQuoteTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final String JOURNEY = CateringQuote.JOURNEY_ID;
    private static final String CONFIRMATION = "catering-quote-confirmation";
    private static final String CASE_STUDY = "catering-case-study";
    private static final String MENU = "catering-menu";

    private JourneyTestEnvironment env;

    @BeforeEach
    void givenTheLiveJourney(JourneyTestEnvironment.Builder given) {
        env = given.journey(CateringQuote.journey())
                .contact(lead("emea-lead", "emea"))
                .contact(lead("americas-lead", "americas"))
                .contact(lead("apac-lead", "apac"))
                .contact(Contact.of("no-region-lead").withConsent("email"))
                .build();
    }

    private static Contact lead(String id, String region) {
        return Contact.of(id).withConsent("email").withAttributes(Attributes.of("region", region));
    }

    private static Instant day(int days) {
        return T.plus(Duration.ofDays(days));
    }

    private ActionRequest onlyAlertFor(String contact) {
        assertThat(env.contact(contact).eventsOf(JourneyEvent.ActionCompleted.class)).singleElement()
                .satisfies(done -> assertThat(done.at()).isEqualTo(T));
        List<ActionRequest> alerts = env.actions().stream().filter(a -> a.contactId().equals(contact)).toList();
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private JourneyEvent.Exited onlyExitOf(String contact) {
        List<JourneyEvent.Exited> exits = env.contact(contact).eventsOf(JourneyEvent.Exited.class);
        assertThat(exits).hasSize(1);
        return exits.get(0);
    }

    @Test
    void aCateringQuoteLeadGetsTheConfirmationAtOnceAndWaitsThreeDays() {
        env.accept(leadCreated("l1", "emea-lead", T));

        assertThat(env.contact("emea-lead")).received(CONFIRMATION).receivedAt(CONFIRMATION, T)
                .isWaitingAt(JOURNEY, "three-days");
        assertThat(env.engine().nextDueAt()).contains(day(3));
    }

    @Test
    void anEmeaLeadAlertsTheEmeaSalesQueueAtT() {
        env.accept(leadCreated("l1", "emea-lead", T));

        ActionRequest alert = onlyAlertFor("emea-lead");
        assertThat(alert.action()).isEqualTo(CateringQuote.ALERT_SALES_QUEUE);
        assertThat(alert.parameters()).isEqualTo(Attributes.of("queue", "sales-emea"));
        assertThat(alert.decidedAt()).isEqualTo(T);
    }

    @Test
    void anAmericasLeadAlertsTheAmericasSalesQueueAtT() {
        env.accept(leadCreated("l1", "americas-lead", T));

        ActionRequest alert = onlyAlertFor("americas-lead");
        assertThat(alert.action()).isEqualTo(CateringQuote.ALERT_SALES_QUEUE);
        assertThat(alert.parameters()).isEqualTo(Attributes.of("queue", "sales-americas"));
        assertThat(alert.decidedAt()).isEqualTo(T);
    }

    @Test
    void aLeadFromAnotherRegionOrNoneAlertsTheGeneralSalesQueueAtT() {
        env.accept(leadCreated("l1", "apac-lead", T));
        env.accept(leadCreated("l2", "no-region-lead", T));

        for (String contact : new String[] {"apac-lead", "no-region-lead"}) {
            ActionRequest alert = onlyAlertFor(contact);
            assertThat(alert.action()).isEqualTo(CateringQuote.ALERT_SALES_QUEUE);
            assertThat(alert.parameters()).isEqualTo(Attributes.of("queue", "sales-general"));
            assertThat(alert.decidedAt()).isEqualTo(T);
        }
        assertThat(env.actions()).hasSize(2);
    }

    @Test
    void withNothingElseTheCaseStudyGoesOutAtDayThreeAndTheMenuAtDaySevenFromEntry() {
        env.accept(leadCreated("l1", "emea-lead", T));

        env.advance(Duration.ofDays(30));

        assertThat(env.contact("emea-lead"))
                .received(CONFIRMATION, CASE_STUDY, MENU)
                .receivedAt(CONFIRMATION, T)
                .receivedAt(CASE_STUDY, day(3))
                .receivedAt(MENU, day(7))
                .exited(JOURNEY, ExitCause.COMPLETED);
        assertThat(onlyExitOf("emea-lead").at()).isEqualTo(day(7));
    }

    @Test
    void aLeadFromAnotherFormOrWithNoSourceDoesNotEnter() {
        env.accept(leadCreated("l1", "emea-lead", T, "newsletter"));
        env.accept(Event.of("l2", "lead.created", "emea-lead", T));

        env.advance(Duration.ofDays(30));

        assertThat(env.contact("emea-lead")).received();
        assertThat(env.contact("emea-lead").events()).isEmpty();
        assertThat(env.actions()).isEmpty();
    }

    @Test
    void anOpportunityOnDayOnePausesTheLeadAndNothingIsSentForWeeks() {
        env.accept(leadCreated("l1", "emea-lead", T));
        env.schedule(opportunityCreated("o1", "emea-lead", day(1)));

        env.advance(Duration.ofDays(56));

        assertThat(env.contact("emea-lead")).received(CONFIRMATION).isWaitingAt(JOURNEY, "three-days");
        assertThat(env.contact("emea-lead").eventsOf(JourneyEvent.PauseChanged.class)).singleElement()
                .satisfies(pause -> {
                    assertThat(pause.paused()).isTrue();
                    assertThat(pause.at()).isEqualTo(day(1));
                    assertThat(pause.stepId()).isEqualTo("three-days");
                });
        JourneyInstance paused = env.contact("emea-lead").state().flatMap(s -> s.instanceOf(JOURNEY)).orElseThrow();
        assertThat(paused.isPaused()).isTrue();
        assertThat(paused.pausedRemaining()).contains(Duration.ofDays(2));
        assertThat(paused.dueAt()).isEmpty();
        assertThat(env.engine().nextDueAt()).isEmpty();
        assertThat(env.actions()).hasSize(1);
    }

    @Test
    void aLostOpportunityOnDayTenResumesTheFirstWaitWithTheTwoDaysItHadLeft() {
        env.accept(leadCreated("l1", "emea-lead", T));
        env.schedule(opportunityCreated("o1", "emea-lead", day(1)));
        env.schedule(opportunityLost("o2", "emea-lead", day(10)));

        env.advanceTo(day(10));
        assertThat(env.contact("emea-lead")).received(CONFIRMATION).isWaitingAt(JOURNEY, "three-days");
        assertThat(env.engine().nextDueAt()).contains(day(12));

        env.advance(Duration.ofDays(30));

        // paused at day 1 with 2 of 3 days left; resumed at day 10: 10 + 2 = 12, then 4 days more
        assertThat(env.contact("emea-lead"))
                .received(CONFIRMATION, CASE_STUDY, MENU)
                .receivedAt(CASE_STUDY, day(12))
                .receivedAt(MENU, day(16))
                .exited(JOURNEY, ExitCause.COMPLETED);
        assertThat(env.contact("emea-lead").eventsOf(JourneyEvent.PauseChanged.class))
                .extracting(JourneyEvent.PauseChanged::paused, JourneyEvent.PauseChanged::at)
                .containsExactly(tuple(true, day(1)),
                        tuple(false, day(10)));
        assertThat(env.actions()).hasSize(1);
    }

    @Test
    void aPauseDuringTheSecondWaitResumesThereWithoutSendingTheCaseStudyAgain() {
        env.accept(leadCreated("l1", "emea-lead", T));
        env.schedule(opportunityCreated("o1", "emea-lead", day(5)));
        env.schedule(opportunityLost("o2", "emea-lead", day(20)));

        env.advance(Duration.ofDays(40));

        // the second wait ran from day 3 to day 7; paused at day 5 with 2 days left; resumed at day 20
        assertThat(env.contact("emea-lead"))
                .received(CONFIRMATION, CASE_STUDY, MENU)
                .receivedAt(CASE_STUDY, day(3))
                .receivedAt(MENU, day(22))
                .exited(JOURNEY, ExitCause.COMPLETED);
        assertThat(env.contact("emea-lead").eventsOf(JourneyEvent.PauseChanged.class))
                .allSatisfy(change -> assertThat(change.stepId()).isEqualTo("until-day-seven"));
    }

    @Test
    void aLostOpportunityWhileRunningChangesNothing() {
        env.accept(leadCreated("l1", "emea-lead", T));
        env.schedule(opportunityLost("o1", "emea-lead", day(1)));

        env.advance(Duration.ofDays(30));

        assertThat(env.contact("emea-lead"))
                .received(CONFIRMATION, CASE_STUDY, MENU)
                .receivedAt(CASE_STUDY, day(3))
                .receivedAt(MENU, day(7));
        assertThat(env.contact("emea-lead").eventsOf(JourneyEvent.PauseChanged.class)).isEmpty();
    }

    @Test
    void aQualifiedLeadWhileRunningEndsTheJourneyAtOnceAndNothingMoreIsSent() {
        env.accept(leadCreated("l1", "emea-lead", T));
        env.schedule(leadQualified("q1", "emea-lead", day(2)));

        env.advance(Duration.ofDays(30));

        assertThat(env.contact("emea-lead")).received(CONFIRMATION).exited(JOURNEY, ExitCause.EXIT_TRIGGER);
        JourneyEvent.Exited exit = onlyExitOf("emea-lead");
        assertThat(exit.at()).isEqualTo(day(2));
        assertThat(exit.stepId()).isEqualTo("three-days");
        assertThat(env.engine().nextDueAt()).isEmpty();
    }

    @Test
    void aQualifiedLeadWhilePausedEndsTheJourneyAndALaterLostOpportunityDoesNotReviveIt() {
        env.accept(leadCreated("l1", "emea-lead", T));
        env.schedule(opportunityCreated("o1", "emea-lead", day(1)));
        env.schedule(leadQualified("q1", "emea-lead", day(4)));
        env.schedule(opportunityLost("o2", "emea-lead", day(10)));

        env.advance(Duration.ofDays(30));

        assertThat(env.contact("emea-lead")).received(CONFIRMATION).exited(JOURNEY, ExitCause.EXIT_TRIGGER);
        JourneyEvent.Exited exit = onlyExitOf("emea-lead");
        assertThat(exit.at()).isEqualTo(day(4));
        assertThat(exit.stepId()).isEqualTo("three-days");
        assertThat(env.contact("emea-lead").eventsOf(JourneyEvent.PauseChanged.class)).singleElement()
                .satisfies(pause -> assertThat(pause.paused()).isTrue());
        assertThat(env.engine().nextDueAt()).isEmpty();
    }

    @Test
    void theExampleProgramPrintsEachLeadsTimelineAndTheSalesAlerts() {
        String out = Printed.by(CateringQuote::run);

        assertThat(out)
                .contains("Journey: Catering quote, starting 2026-03-02T09:00:00Z")
                .contains("  2026-03-03T09:00:00Z  paused at [three-days]: 'opportunity.created' fired by event 'opp-ana'")
                .contains("  2026-03-12T09:00:00Z  resumed at [three-days]: 'opportunity.lost' fired by event 'lost-ana'")
                .contains("  2026-03-14T09:00:00Z  sent 'catering-case-study' on email (ana:catering-quote:1:1:case-study:5)")
                .contains("  2026-03-18T09:00:00Z  sent 'catering-menu' on email (ana:catering-quote:1:1:menu:7)")
                .contains("  2026-03-05T09:00:00Z  sent 'catering-case-study' on email (ben:catering-quote:1:1:case-study:5)")
                .contains("  2026-03-09T09:00:00Z  sent 'catering-menu' on email (ben:catering-quote:1:1:menu:7)")
                .contains("  2026-03-04T09:00:00Z  exited catering-quote at [three-days]: EXIT_TRIGGER")
                .contains("  2026-03-02T09:00:00Z  ana -> sales-emea")
                .contains("  2026-03-02T09:00:00Z  ben -> sales-americas")
                .contains("  2026-03-02T09:00:00Z  cleo -> sales-general")
                .doesNotContain("sent 'catering-case-study' on email (cleo");
    }
}
