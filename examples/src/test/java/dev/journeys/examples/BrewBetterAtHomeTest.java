package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.JourneyTestExtension;
import dev.journeys.testkit.StartAt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.examples.BrewBetterAtHome.guideRequested;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Scenario S1, every "then", on the testkit's virtual clock. */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class BrewBetterAtHomeTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final String JOURNEY = "brew-better-at-home";

    private JourneyTestEnvironment env;

    @BeforeEach
    void givenTheLiveJourney(JourneyTestEnvironment.Builder given) {
        env = given.journey(BrewBetterAtHome.journey())
                .contact(Contact.of("clicker").withConsent("email"))
                .contact(Contact.of("browser").withConsent("email"))
                .contact(Contact.of("buyer").withConsent("email"))
                .build();
    }

    private String guideId(String contact) {
        return env.contact(contact).sent().get(0).messageId();
    }

    @Test
    void submittingTheFormSendsTheGuideAtOnce() {
        env.accept(guideRequested("f1", "clicker", T));

        assertThat(env.contact("clicker")).received("french-press-guide").receivedAt("french-press-guide", T)
                .isWaitingAt(JOURNEY, "two-days");
    }

    @Test
    void anotherFormDoesNotEnter() {
        env.accept(Event.of("f1", "form.submitted", "clicker", T).withPayload(Attributes.of("form", "newsletter")));

        assertThat(env.contact("clicker")).received();
        assertThat(env.contact("clicker").events()).isEmpty();
    }

    @Test
    void aContactWhoClickedShopGrindersGetsTheGrinderOfferTwoDaysAfterT() {
        env.accept(guideRequested("f1", "clicker", T));
        env.schedule(Event.linkClicked("c1", "clicker", T.plus(Duration.ofHours(3)), guideId("clicker"), "shop-grinders"));

        env.advance(Duration.ofDays(5));

        assertThat(env.contact("clicker"))
                .received("french-press-guide", "grinder-offer")
                .receivedAt("grinder-offer", T.plus(Duration.ofDays(2)))
                .exited(JOURNEY, ExitCause.COMPLETED);
    }

    @Test
    void aContactWhoDidNotClickGetsTheBrewTipsTwoDaysAfterT() {
        env.accept(guideRequested("f1", "browser", T));
        env.schedule(Event.linkClicked("c1", "browser", T.plusSeconds(60), guideId("browser"), "read-more"));

        env.advance(Duration.ofDays(5));

        assertThat(env.contact("browser"))
                .received("french-press-guide", "brew-tips-soft-cta")
                .receivedAt("brew-tips-soft-cta", T.plus(Duration.ofDays(2)))
                .neverReceived("grinder-offer");
    }

    @Test
    void aPurchaseDuringTheWaitEndsTheInstanceAtOnceAndNothingMoreIsSent() {
        env.accept(guideRequested("f1", "buyer", T));
        Instant purchase = T.plus(Duration.ofHours(30));
        env.schedule(Event.of("p1", "purchase.completed", "buyer", purchase));

        env.advance(Duration.ofDays(10));

        assertThat(env.contact("buyer")).received("french-press-guide").exited(JOURNEY, ExitCause.EXIT_TRIGGER);
        assertThat(env.contact("buyer").eventsOf(dev.journeys.core.event.JourneyEvent.Exited.class)).singleElement()
                .satisfies(exit -> {
                    assertThat(exit.at()).isEqualTo(purchase);
                    assertThat(exit.stepId()).isEqualTo("two-days");
                });
        assertThat(env.engine().nextDueAt()).isEmpty();
    }

    @Test
    void aPurchaseAfterTheJourneyCompletedChangesNothingAndAClickAfterThePurchaseDoesNotReviveIt() {
        env.accept(guideRequested("f1", "buyer", T));
        env.advance(Duration.ofDays(3));
        env.accept(Event.of("p1", "purchase.completed", "buyer", env.now()));
        env.accept(Event.linkClicked("c1", "buyer", env.now(), guideId("buyer"), "shop-grinders"));

        env.advance(Duration.ofDays(10));

        assertThat(env.contact("buyer")).received("french-press-guide", "brew-tips-soft-cta")
                .exited(JOURNEY, ExitCause.COMPLETED);
    }

    @Test
    void aContactWhoSubmitsTheFormAgainAfterLeavingStartsANewInstance() {
        env.accept(guideRequested("f1", "buyer", T));
        env.accept(Event.of("p1", "purchase.completed", "buyer", T.plusSeconds(60)));
        env.accept(guideRequested("f2", "buyer", T.plusSeconds(120)));

        assertThat(env.contact("buyer").sent()).extracting(m -> m.key().toString())
                .containsExactly("buyer:brew-better-at-home:1:1:guide:1", "buyer:brew-better-at-home:1:2:guide:1");
    }

    @Test
    void theExampleProgramPrintsEveryContactsTimeline() {
        String out = Printed.by(BrewBetterAtHome::run);

        assertThat(out)
                .contains("  2026-03-04T09:00:00Z  [clicked-grinders] took case 1: clicked link 'shop-grinders' in 'guide'")
                .contains("  2026-03-04T09:00:00Z  sent 'grinder-offer' on email (ana:brew-better-at-home:1:1:grinder-offer:4)")
                .contains("  2026-03-04T09:00:00Z  [clicked-grinders] took otherwise: did not hold: clicked link 'shop-grinders' in 'guide'")
                .contains("  2026-03-03T09:00:00Z  exited brew-better-at-home at [two-days]: EXIT_TRIGGER");
    }
}
