package dev.journeys.examples;

import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SkipReason;
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

import static dev.journeys.examples.BrewBetterWeekly.COMPARISON_CHART;
import static dev.journeys.examples.BrewBetterWeekly.IN_STOCK_OFFER;
import static dev.journeys.examples.BrewBetterWeekly.ISSUE;
import static dev.journeys.examples.BrewBetterWeekly.PROMO;
import static dev.journeys.examples.BrewBetterWeekly.clickedSeePricing;
import static dev.journeys.examples.BrewBetterWeekly.promoStarted;
import static dev.journeys.examples.BrewBetterWeekly.subscribed;
import static dev.journeys.examples.BrewBetterWeekly.unsubscribed;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Scenario S3, every "then", on the testkit's virtual clock. */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class BrewBetterWeeklyTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final String JOURNEY = BrewBetterWeekly.JOURNEY_ID;
    private static final String WAIT = "pricing-click-or-a-week";

    private JourneyTestEnvironment env;

    @BeforeEach
    void givenTheLiveNewsletterAndPromo(JourneyTestEnvironment.Builder given) {
        env = given.journey(BrewBetterWeekly.journey())
                .journey(BrewBetterWeekly.promo())
                .contact(Contact.of("reader").withConsent("email"))
                .build();
        env.accept(subscribed("s1", "reader", T));
    }

    private static Instant day(int days) {
        return T.plus(Duration.ofDays(days));
    }

    /** Returns the n-th message (from 0) the reader was sent. */
    private OutgoingMessage sent(int index) {
        return env.contact("reader").sent().get(index);
    }

    private List<JourneyEvent.Exited> exitsFrom(String journey) {
        return env.contact("reader").eventsOf(JourneyEvent.Exited.class).stream()
                .filter(exit -> exit.instance().journeyId().equals(journey)).toList();
    }

    @Test
    void subscribingSendsTheFirstIssueAtOnceAndWaitsAWeekForAPricingClick() {
        assertThat(env.contact("reader")).received(ISSUE).receivedAt(ISSUE, T).isWaitingAt(JOURNEY, WAIT);
        assertThat(sent(0).purpose()).isEqualTo("newsletter");
        assertThat(env.engine().nextDueAt()).contains(day(7));
    }

    @Test
    void anIssueGoesOutEverySevenDaysWhileTheReaderDoesNotClickSeePricing() {
        env.advanceTo(day(20));

        assertThat(env.contact("reader").sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple(ISSUE, T), tuple(ISSUE, day(7)), tuple(ISSUE, day(14)));
        assertThat(env.contact("reader")).isWaitingAt(JOURNEY, WAIT);
        assertThat(env.engine().nextDueAt()).contains(day(21));
        assertThat(exitsFrom(JOURNEY)).isEmpty();
    }

    @Test
    void aSeePricingClickOnDayEightSendsTheComparisonChartAtOnceTheOfferNextDayAndNoFurtherIssue() {
        env.advanceTo(day(8));
        env.accept(clickedSeePricing("c1", sent(1), day(8)));

        env.advanceTo(day(30));

        assertThat(env.contact("reader").sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple(ISSUE, T), tuple(ISSUE, day(7)),
                        tuple(COMPARISON_CHART, day(8)), tuple(IN_STOCK_OFFER, day(9)));
        assertThat(env.contact("reader")).exited(JOURNEY, ExitCause.COMPLETED);
        assertThat(exitsFrom(JOURNEY)).singleElement().satisfies(exit -> {
            assertThat(exit.at()).isEqualTo(day(9));
            assertThat(exit.stepId()).isEqualTo("in-stock-offer");
        });
        assertThat(env.engine().nextDueAt()).isEmpty();
    }

    @Test
    void aSeePricingClickInAnEarlierIssueCountsToo() {
        Instant click = day(8).plus(Duration.ofHours(5));
        env.advanceTo(click);
        env.accept(clickedSeePricing("c1", sent(0), click));

        env.advanceTo(day(30));

        assertThat(env.contact("reader").sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple(ISSUE, T), tuple(ISSUE, day(7)),
                        tuple(COMPARISON_CHART, click), tuple(IN_STOCK_OFFER, click.plus(Duration.ofDays(1))));
        assertThat(env.contact("reader")).exited(JOURNEY, ExitCause.COMPLETED);
    }

    @Test
    void anotherLinkInAnIssueLeavesTheReaderOnTheNewsletter() {
        env.schedule(Event.linkClicked("c1", "reader", day(1), sent(0).messageId(), "read-more"));

        env.advanceTo(day(15));

        assertThat(env.contact("reader")).received(ISSUE, ISSUE, ISSUE).isWaitingAt(JOURNEY, WAIT)
                .neverReceived(COMPARISON_CHART);
    }

    @Test
    void aSeePricingClickInAnotherJourneysEmailLeavesTheReaderOnTheNewsletter() {
        env.accept(promoStarted("p1", "reader", T));
        OutgoingMessage promo = sent(1);
        assertThat(promo.message()).isEqualTo(PROMO);
        env.schedule(clickedSeePricing("c1", promo, day(1)));

        env.advanceTo(day(15));

        assertThat(env.contact("reader")).received(ISSUE, PROMO, ISSUE, ISSUE).isWaitingAt(JOURNEY, WAIT)
                .neverReceived(COMPARISON_CHART);
    }

    @Test
    void anUnsubscribeFromAnIssueEndsTheJourneyAndRevokesEmailConsent() {
        env.advanceTo(day(10));
        env.accept(unsubscribed("u1", sent(1), day(10)));

        env.advanceTo(day(30));

        assertThat(env.contact("reader")).received(ISSUE, ISSUE).exited(JOURNEY, ExitCause.UNSUBSCRIBED);
        assertThat(exitsFrom(JOURNEY)).singleElement().satisfies(exit -> {
            assertThat(exit.at()).isEqualTo(day(10));
            assertThat(exit.stepId()).isEqualTo(WAIT);
        });
        assertThat(env.contact("reader").eventsOf(JourneyEvent.ConsentChanged.class)).singleElement()
                .satisfies(change -> {
                    assertThat(change.consent()).isEqualTo(Consent.to("email"));
                    assertThat(change.withdrawn()).isTrue();
                    assertThat(change.cause()).isEqualTo("u1");
                    assertThat(change.at()).isEqualTo(day(10));
                });
        assertThat(env.contact("reader").state().orElseThrow().withdrawnConsents()).containsExactly(Consent.to("email"));
        assertThat(env.engine().nextDueAt()).isEmpty();
    }

    @Test
    void anUnsubscribeFromThePurchaseSupportPathEndsItBeforeTheInStockOffer() {
        env.advanceTo(day(8));
        env.accept(clickedSeePricing("c1", sent(1), day(8)));
        Instant unsubscribe = day(8).plus(Duration.ofHours(6));
        env.advanceTo(unsubscribe);
        env.accept(unsubscribed("u1", sent(2), unsubscribe));

        env.advanceTo(day(30));

        assertThat(env.contact("reader")).received(ISSUE, ISSUE, COMPARISON_CHART)
                .exited(JOURNEY, ExitCause.UNSUBSCRIBED);
        assertThat(exitsFrom(JOURNEY)).singleElement().satisfies(exit -> {
            assertThat(exit.at()).isEqualTo(unsubscribe);
            assertThat(exit.stepId()).isEqualTo("next-day");
        });
        assertThat(env.contact("reader").eventsOf(JourneyEvent.ConsentChanged.class)).singleElement()
                .satisfies(change -> assertThat(change.at()).isEqualTo(unsubscribe));
    }

    @Test
    void noLaterJourneyEmailsAContactWhoUnsubscribed() {
        env.advanceTo(day(10));
        env.accept(unsubscribed("u1", sent(1), day(10)));
        env.schedule(promoStarted("p1", "reader", day(11)));

        env.advanceTo(day(30));

        assertThat(env.contact("reader")).received(ISSUE, ISSUE).neverReceived(PROMO)
                .exited(BrewBetterWeekly.PROMO_ID, ExitCause.COMPLETED);
        assertThat(env.contact("reader").eventsOf(JourneyEvent.Entered.class))
                .extracting(entered -> entered.instance().journeyId(), JourneyEvent.Entered::at)
                .containsExactly(tuple(JOURNEY, T), tuple(BrewBetterWeekly.PROMO_ID, day(11)));
        assertThat(env.contact("reader").eventsOf(JourneyEvent.MessageSkipped.class)).singleElement()
                .satisfies(skip -> {
                    assertThat(skip.instance().journeyId()).isEqualTo(BrewBetterWeekly.PROMO_ID);
                    assertThat(skip.stepId()).isEqualTo("promo");
                    assertThat(skip.reason()).isEqualTo(SkipReason.NO_CONSENT);
                    assertThat(skip.at()).isEqualTo(day(11));
                });
    }

    @Test
    void theExampleProgramPrintsEverySubscribersTimeline() {
        String out = Printed.by(BrewBetterWeekly::run);

        assertThat(out)
                .contains("Journeys: Brew Better weekly and Cold brew promo, starting 2026-03-02T09:00:00Z")
                .contains("  2026-03-09T09:00:00Z  sent 'brew-better-weekly' on email (ana:brew-better-weekly:1:1:issue:3)")
                .contains("  2026-03-10T09:00:00Z  sent 'grinder-comparison-chart' on email (ana:brew-better-weekly:1:1:comparison-chart:5)")
                .contains("  2026-03-11T09:00:00Z  sent 'in-stock-offer' on email (ana:brew-better-weekly:1:1:in-stock-offer:7)")
                .contains("  2026-03-12T09:00:00Z  withdrew consent to email (by unsubscribe-ben)")
                .contains("  2026-03-12T09:00:00Z  exited brew-better-weekly at [pricing-click-or-a-week]: UNSUBSCRIBED")
                .contains("  2026-03-13T09:00:00Z  skipped the send of [promo]: NO_CONSENT")
                .contains("  2026-03-23T09:00:00Z  sent 'brew-better-weekly' on email (cleo:brew-better-weekly:1:1:issue:7)")
                .doesNotContain("sent 'brew-better-weekly' on email (ana:brew-better-weekly:1:1:issue:5)")
                .doesNotContain("sent 'cold-brew-promo' on email (ben");
    }
}
