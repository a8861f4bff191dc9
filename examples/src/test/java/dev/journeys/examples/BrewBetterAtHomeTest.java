package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.testkit.TimeTravel;
import dev.journeys.testkit.Timeline;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static dev.journeys.examples.BrewBetterAtHome.guideRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Scenario S1, every "then", on a virtual clock. */
class BrewBetterAtHomeTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private final VirtualClock clock = VirtualClock.at(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
    private final RecordingChannel email = MessageChannel.recording();
    private final Timeline timeline = new Timeline();
    private JourneyEngine engine;

    @BeforeEach
    void givenTheLiveJourney() {
        for (String id : new String[] {"clicker", "browser", "buyer"}) {
            contacts.put(Contact.of(id).withConsent("email"));
        }
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email).listener(timeline)
                .journey(BrewBetterAtHome.journey()).build();
    }

    private void advanceTo(Instant instant) {
        TimeTravel.advanceTo(engine, clock, instant);
    }

    private String guideId(String contact) {
        return email.sentTo(contact).get(0).messageId();
    }

    @Test
    void submittingTheFormSendsTheGuideAtOnce() {
        engine.accept(guideRequested("f1", "clicker", T));

        assertThat(email.sentTo("clicker")).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple("french-press-guide", T));
    }

    @Test
    void anotherFormDoesNotEnter() {
        engine.accept(Event.of("f1", "form.submitted", "clicker", T).withPayload(Attributes.of("form", "newsletter")));

        assertThat(email.sent()).isEmpty();
        assertThat(timeline.of("clicker")).isEmpty();
    }

    @Test
    void aContactWhoClickedShopGrindersGetsTheGrinderOfferTwoDaysAfterT() {
        engine.accept(guideRequested("f1", "clicker", T));
        advanceTo(T.plus(Duration.ofHours(3)));
        engine.accept(Event.linkClicked("c1", "clicker", clock.instant(), guideId("clicker"), "shop-grinders"));

        advanceTo(T.plus(Duration.ofDays(5)));

        assertThat(email.sentTo("clicker")).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple("french-press-guide", T), tuple("grinder-offer", T.plus(Duration.ofDays(2))));
        assertThat(timeline.of("clicker", JourneyEvent.Exited.class)).singleElement()
                .extracting(JourneyEvent.Exited::cause, JourneyEvent.Exited::at)
                .containsExactly(ExitCause.COMPLETED, T.plus(Duration.ofDays(2)));
    }

    @Test
    void aContactWhoDidNotClickGetsTheBrewTipsTwoDaysAfterT() {
        engine.accept(guideRequested("f1", "browser", T));
        engine.accept(Event.linkClicked("c1", "browser", T.plusSeconds(60), guideId("browser"), "read-more"));

        advanceTo(T.plus(Duration.ofDays(5)));

        assertThat(email.sentTo("browser")).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple("french-press-guide", T), tuple("brew-tips-soft-cta", T.plus(Duration.ofDays(2))));
    }

    @Test
    void aPurchaseDuringTheWaitEndsTheInstanceAtOnceAndNothingMoreIsSent() {
        engine.accept(guideRequested("f1", "buyer", T));
        Instant purchase = T.plus(Duration.ofHours(30));
        advanceTo(purchase);
        engine.accept(Event.of("p1", "purchase.completed", "buyer", purchase));

        advanceTo(T.plus(Duration.ofDays(10)));

        assertThat(email.sentTo("buyer")).extracting(OutgoingMessage::message).containsExactly("french-press-guide");
        assertThat(timeline.of("buyer", JourneyEvent.Exited.class)).singleElement()
                .extracting(JourneyEvent.Exited::cause, JourneyEvent.Exited::at, JourneyEvent.Exited::stepId)
                .containsExactly(ExitCause.EXIT_TRIGGER, purchase, "two-days");
        assertThat(engine.state("buyer").orElseThrow().instances()).isEmpty();
        assertThat(engine.nextDueAt()).isEmpty();
    }

    @Test
    void aPurchaseAfterTheJourneyCompletedChangesNothingAndAClickAfterThePurchaseDoesNotReviveIt() {
        engine.accept(guideRequested("f1", "buyer", T));
        advanceTo(T.plus(Duration.ofDays(3)));
        engine.accept(Event.of("p1", "purchase.completed", "buyer", clock.instant()));
        engine.accept(Event.linkClicked("c1", "buyer", clock.instant(), guideId("buyer"), "shop-grinders"));

        advanceTo(T.plus(Duration.ofDays(10)));

        assertThat(email.sentTo("buyer")).extracting(OutgoingMessage::message)
                .containsExactly("french-press-guide", "brew-tips-soft-cta");
        assertThat(timeline.of("buyer", JourneyEvent.Exited.class)).singleElement()
                .extracting(JourneyEvent.Exited::cause).isEqualTo(ExitCause.COMPLETED);
        assertThat(timeline.of("buyer", JourneyEvent.Entered.class)).hasSize(1);
    }

    @Test
    void aContactWhoSubmitsTheFormAgainAfterLeavingStartsANewInstance() {
        engine.accept(guideRequested("f1", "buyer", T));
        engine.accept(Event.of("p1", "purchase.completed", "buyer", T.plusSeconds(60)));
        engine.accept(guideRequested("f2", "buyer", T.plusSeconds(120)));

        assertThat(email.sentTo("buyer")).extracting(m -> m.key().toString())
                .containsExactly("buyer:brew-better-at-home:1:1:guide:1", "buyer:brew-better-at-home:1:2:guide:1");
    }

    @Test
    void theExampleProgramPrintsEveryContactsTimeline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BrewBetterAtHome.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("  2026-03-04T09:00:00Z  [clicked-grinders] took case 1: clicked link 'shop-grinders' in 'guide'")
                .contains("  2026-03-04T09:00:00Z  sent 'grinder-offer' on email (ana:brew-better-at-home:1:1:grinder-offer:4)")
                .contains("  2026-03-04T09:00:00Z  [clicked-grinders] took otherwise: no earlier case held")
                .contains("  2026-03-03T09:00:00Z  exited brew-better-at-home at [two-days]: EXIT_TRIGGER");
    }
}
