package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.ExitCause;
import dev.journeys.core.OutgoingMessage;
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

import static dev.journeys.examples.CartRecovery.REMINDER;
import static dev.journeys.examples.CartRecovery.TIPS;
import static dev.journeys.examples.CartRecovery.WELCOME;
import static dev.journeys.examples.CartRecovery.checkoutAbandoned;
import static dev.journeys.examples.CartRecovery.purchaseCompleted;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Scenario S5, every "then", on the testkit's virtual clock. */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class CartRecoveryTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final String JOURNEY = CartRecovery.JOURNEY_ID;
    private static final String ONBOARDING = CartRecovery.ONBOARDING_ID;
    private static final List<String> CART = List.of("grinder", "filters");

    private JourneyTestEnvironment env;

    @BeforeEach
    void givenCartRecoveryAndOnboarding(JourneyTestEnvironment.Builder given) {
        env = given.journey(CartRecovery.cartRecovery())
                .journey(CartRecovery.onboarding())
                .contact(Contact.of("shopper").withConsent("email"))
                .build();
        env.accept(checkoutAbandoned("cart-1", "shopper", T, CART));
    }

    private static Instant hours(int hours) {
        return T.plus(Duration.ofHours(hours));
    }

    private List<JourneyEvent.Exited> exitsFrom(String journey) {
        return env.contact("shopper").eventsOf(JourneyEvent.Exited.class).stream()
                .filter(exit -> exit.instance().journeyId().equals(journey)).toList();
    }

    private List<OutgoingMessage> reminders() {
        return env.contact("shopper").sent().stream().filter(m -> m.message().equals(REMINDER)).toList();
    }

    @Test
    void anAbandonedCheckoutStartsCartRecoveryAndWaitsFourHours() {
        assertThat(env.contact("shopper")).received().isWaitingAt(JOURNEY, "four-hours");
        assertThat(env.contact("shopper").eventsOf(JourneyEvent.Entered.class)).singleElement()
                .satisfies(entered -> assertThat(entered.at()).isEqualTo(T));
        assertThat(env.engine().nextDueAt()).contains(hours(4));
    }

    @Test
    void fourHoursLaterTheReminderListsExactlyTheItemsOfTheCart() {
        env.advance(Duration.ofDays(3));

        assertThat(env.contact("shopper")).received(REMINDER).receivedAt(REMINDER, hours(4))
                .exited(JOURNEY, ExitCause.COMPLETED);
        OutgoingMessage reminder = reminders().get(0);
        assertThat(CartRecovery.itemsOf(reminder)).containsExactly("grinder", "filters");
        assertThat(reminder.data().asMap()).containsOnlyKeys(CartRecovery.ITEMS);
        assertThat(CartRecovery.render(reminder))
                .isEqualTo("cart-reminder: Still thinking about: grinder, filters");
        assertThat(exitsFrom(JOURNEY)).singleElement().satisfies(exit -> assertThat(exit.at()).isEqualTo(hours(4)));
    }

    @Test
    void aPurchaseBeforeTheReminderEndsCartRecoveryAndStartsOnboarding() {
        env.schedule(purchaseCompleted("p1", "shopper", hours(2)));

        env.advance(Duration.ofDays(5));

        Instant purchase = hours(2);
        assertThat(env.contact("shopper")).received(WELCOME, TIPS)
                .receivedAt(WELCOME, purchase)
                .receivedAt(TIPS, purchase.plus(Duration.ofDays(2)))
                .neverReceived(REMINDER)
                .exited(JOURNEY, ExitCause.EXIT_TRIGGER)
                .exited(ONBOARDING, ExitCause.COMPLETED);
        assertThat(exitsFrom(JOURNEY)).singleElement().satisfies(exit -> {
            assertThat(exit.at()).isEqualTo(purchase);
            assertThat(exit.stepId()).isEqualTo("four-hours");
        });
        assertThat(env.contact("shopper").eventsOf(JourneyEvent.Entered.class))
                .extracting(entered -> entered.instance().journeyId(), JourneyEvent.Entered::at)
                .containsExactly(tuple(JOURNEY, T), tuple(ONBOARDING, purchase));
        assertThat(exitsFrom(ONBOARDING)).singleElement()
                .satisfies(exit -> assertThat(exit.at()).isEqualTo(purchase.plus(Duration.ofDays(2))));
    }

    @Test
    void theSamePurchaseEndsCartRecoveryBeforeItStartsOnboarding() {
        env.schedule(purchaseCompleted("p1", "shopper", hours(2)));

        env.advanceTo(hours(2));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.InstanceEvent.class))
                .filteredOn(e -> e instanceof JourneyEvent.Entered || e instanceof JourneyEvent.Exited)
                .extracting(e -> e.getClass().getSimpleName(), e -> e.instance().journeyId(), JourneyEvent::at)
                .containsExactly(tuple("Entered", JOURNEY, T), tuple("Exited", JOURNEY, hours(2)),
                        tuple("Entered", ONBOARDING, hours(2)));
        assertThat(env.contact("shopper")).isWaitingAt(ONBOARDING, "two-days");
        assertThat(env.contact("shopper").state().orElseThrow().instanceOf(JOURNEY)).isEmpty();
    }

    @Test
    void aSecondCartWhileStillInCartRecoveryIsDeclinedAndTheReminderListsTheFirst() {
        env.schedule(checkoutAbandoned("cart-2", "shopper", hours(1), List.of("scale")));

        env.advance(Duration.ofDays(1));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.EntryDeclined.class)).singleElement()
                .satisfies(declined -> {
                    assertThat(declined.journeyId()).isEqualTo(JOURNEY);
                    assertThat(declined.reason()).isEqualTo(DeclineReason.REENTRY_RULE);
                    assertThat(declined.detail()).contains("already in the journey");
                    assertThat(declined.at()).isEqualTo(hours(1));
                });
        assertThat(env.contact("shopper")).received(REMINDER).receivedAt(REMINDER, hours(4));
        assertThat(CartRecovery.itemsOf(reminders().get(0))).containsExactly("grinder", "filters");
    }

    @Test
    void aSecondCartAfterThePurchaseButWithin24HoursOfEntryIsDeclined() {
        env.schedule(purchaseCompleted("p1", "shopper", hours(2)));
        env.schedule(checkoutAbandoned("cart-2", "shopper", hours(3), List.of("scale")));

        env.advance(Duration.ofDays(1));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.EntryDeclined.class)).singleElement()
                .satisfies(declined -> {
                    assertThat(declined.reason()).isEqualTo(DeclineReason.REENTRY_RULE);
                    assertThat(declined.detail()).contains("cool-down of PT24H since the last entry at " + T);
                    assertThat(declined.at()).isEqualTo(hours(3));
                });
        assertThat(env.contact("shopper")).neverReceived(REMINDER);
        assertThat(exitsFrom(JOURNEY)).hasSize(1);
    }

    @Test
    void aSecondCartAfterTheReminderButWithin24HoursOfEntryIsDeclined() {
        env.schedule(checkoutAbandoned("cart-2", "shopper", hours(10), List.of("scale")));

        env.advance(Duration.ofDays(1));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.EntryDeclined.class)).singleElement()
                .satisfies(declined -> {
                    assertThat(declined.reason()).isEqualTo(DeclineReason.REENTRY_RULE);
                    assertThat(declined.detail()).contains("cool-down");
                    assertThat(declined.at()).isEqualTo(hours(10));
                });
        assertThat(reminders()).hasSize(1);
    }

    @Test
    void aSecondCart25HoursLaterReentersAndItsReminderListsItsOwnItems() {
        env.schedule(checkoutAbandoned("cart-2", "shopper", hours(25), List.of("scale")));

        env.advance(Duration.ofDays(3));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.EntryDeclined.class)).isEmpty();
        assertThat(env.contact("shopper").eventsOf(JourneyEvent.Entered.class))
                .extracting(entered -> entered.instance().instance(), JourneyEvent.Entered::at)
                .containsExactly(tuple(1, T), tuple(2, hours(25)));
        assertThat(reminders()).extracting(OutgoingMessage::decidedAt, CartRecovery::itemsOf)
                .containsExactly(tuple(hours(4), List.of("grinder", "filters")), tuple(hours(29), List.of("scale")));
        assertThat(env.contact("shopper")).exited(JOURNEY, ExitCause.COMPLETED);
    }

    @Test
    void aCartExactly24HoursAfterTheLastEntryIsAccepted() {
        env.schedule(checkoutAbandoned("cart-2", "shopper", hours(24), List.of("scale")));

        env.advance(Duration.ofDays(3));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.EntryDeclined.class)).isEmpty();
        assertThat(reminders()).extracting(OutgoingMessage::decidedAt).containsExactly(hours(4), hours(28));
    }

    @Test
    void aDeclinedCartDoesNotMoveTheCoolDown() {
        env.schedule(checkoutAbandoned("cart-2", "shopper", hours(10), List.of("scale")));
        env.schedule(checkoutAbandoned("cart-3", "shopper", hours(25), List.of("scale", "kettle")));

        env.advance(Duration.ofDays(3));

        assertThat(env.contact("shopper").eventsOf(JourneyEvent.EntryDeclined.class))
                .extracting(JourneyEvent.EntryDeclined::at).containsExactly(hours(10));
        assertThat(reminders()).extracting(OutgoingMessage::decidedAt, CartRecovery::itemsOf)
                .containsExactly(tuple(hours(4), List.of("grinder", "filters")),
                        tuple(hours(29), List.of("scale", "kettle")));
    }

    @Test
    void theExampleProgramPrintsTheRemindersWithTheirItemsAndEveryTimeline() {
        String out = Printed.by(CartRecovery::run);

        assertThat(out)
                .contains("Journeys: Cart recovery and Onboarding, starting 2026-03-02T09:00:00Z")
                .contains("  2026-03-02T13:00:00Z  email to ana: cart-reminder: Still thinking about: grinder, filters")
                .contains("  2026-03-03T14:00:00Z  email to ana: cart-reminder: Still thinking about: scale")
                .contains("  2026-03-02T11:00:00Z  email to ben: welcome")
                .contains("  2026-03-04T11:00:00Z  email to ben: brewing-tips")
                .contains("  2026-03-02T10:00:00Z  not entered cart-recovery: REENTRY_RULE (already in the journey")
                .contains("  2026-03-02T19:00:00Z  not entered cart-recovery: REENTRY_RULE (cool-down of PT24H")
                .contains("  2026-03-02T11:00:00Z  exited cart-recovery at [four-hours]: EXIT_TRIGGER")
                .contains("  2026-03-02T11:00:00Z  entered onboarding v1 (#1, by purchase-ben)")
                .doesNotContain("email to ben: cart-reminder");
    }
}
