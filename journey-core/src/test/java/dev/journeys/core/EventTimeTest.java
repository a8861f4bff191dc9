package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules for an event's own time: a click counts only from its send on, and an event too late is refused. */
class EventTimeTest {

    /** The guide goes out a day after entry, so its send is later than the instance's start. */
    private static final Instant GUIDE_SENT = T.plus(Duration.ofDays(1));

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<JourneyEvent> events = Collections.synchronizedList(new ArrayList<>());
    private JourneyEngine engine;

    private static JourneyDefinition guideThenBranch() {
        return journey("late", waitFor("a-day", Duration.ofDays(1), to("guide")),
                email("guide", "guide", to("two-days")),
                waitFor("two-days", Duration.ofDays(2), to("clicked?")),
                new Step.Branch("clicked?", List.of(
                        new Step.Case(Condition.clicked("guide", "shop"), to("offer")),
                        new Step.Case(Condition.always(), to("tips")))),
                email("offer", "offer", Optional.empty()),
                email("tips", "tips", Optional.empty()));
    }

    private JourneyEngineBuilder engineWith(JourneyDefinition journey) {
        return JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", channel)
                .listener(events::add).journey(journey);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Enters ana at T and runs the day's wait: the guide goes out at GUIDE_SENT; returns its message id. */
    private String guideSent() {
        engine.accept(go("go", "ana", T));
        clock.set(GUIDE_SENT);
        engine.runDue();
        OutgoingMessage guide = channel.sentTo("ana").get(0);
        assertThat(guide.decidedAt()).isEqualTo(GUIDE_SENT);
        return guide.messageId();
    }

    /** Runs the journey to its end: the branch is two days after the guide. */
    private List<String> sentAfterTheBranch() {
        clock.set(GUIDE_SENT.plus(Duration.ofDays(2)));
        engine.runDue();
        return channel.sentTo("ana").stream().map(OutgoingMessage::message).toList();
    }

    @Test
    void aClickAfterItsSendCountsAndTakesTheBranch() {
        engine = engineWith(guideThenBranch()).build();
        String guide = guideSent();
        clock.set(GUIDE_SENT.plus(Duration.ofHours(2)));

        assertThat(engine.accept(Event.linkClicked("c1", "ana", GUIDE_SENT.plus(Duration.ofHours(1)), guide, "shop")))
                .isEqualTo(Acceptance.ACCEPTED);

        assertThat(sentAfterTheBranch()).containsExactly("guide", "offer");
        assertThat(events).noneMatch(JourneyEvent.InteractionBeforeSend.class::isInstance);
        assertThat(engine.stats().interactionsBeforeSend()).isZero();
    }

    @Test
    void aClickAtTheInstantOfItsSendCounts() {
        engine = engineWith(guideThenBranch()).build();
        String guide = guideSent();

        engine.accept(Event.linkClicked("c1", "ana", GUIDE_SENT, guide, "shop"));

        assertThat(sentAfterTheBranch()).containsExactly("guide", "offer");
    }

    @Test
    void aClickDatedBeforeItsSendIsNotCountedAndIsReported() {
        engine = engineWith(guideThenBranch()).build();
        String guide = guideSent();
        clock.set(GUIDE_SENT.plus(Duration.ofHours(2)));
        Instant before = GUIDE_SENT.minus(Duration.ofHours(12)); // after the entry, before the send

        assertThat(engine.accept(Event.linkClicked("c1", "ana", before, guide, "shop")))
                .isEqualTo(Acceptance.ACCEPTED);

        assertThat(sentAfterTheBranch()).containsExactly("guide", "tips");
        assertThat(events).filteredOn(JourneyEvent.InteractionBeforeSend.class::isInstance).singleElement()
                .isEqualTo(new JourneyEvent.InteractionBeforeSend(new InstanceRef("ana", "late", 1, 1), "guide", "c1",
                        before, GUIDE_SENT, GUIDE_SENT.plus(Duration.ofHours(2))));
        assertThat(engine.stats().interactionsBeforeSend()).isEqualTo(1);
        assertThat(engine.stats().eventsAccepted()).isEqualTo(2);
    }

    @Test
    void aClickWithABareKeyAsMessageIdIsNotCountedBeforeTheInstanceBegan() {
        engine = engineWith(guideThenBranch()).duplicateWindow(Duration.ofDays(7)).build(); // so not too late
        String guide = guideSent();
        String bareKey = IdempotencyKey.parse(guide).orElseThrow().toString();

        engine.accept(Event.linkClicked("c1", "ana", T.minusSeconds(1), bareKey, "shop"));

        assertThat(sentAfterTheBranch()).containsExactly("guide", "tips");
        assertThat(engine.stats().interactionsBeforeSend()).isEqualTo(1);
    }

    @Test
    void aClickDatedIn1970IsRefusedAsTooLate() {
        engine = engineWith(guideThenBranch()).build();
        String guide = guideSent();
        long version = engine.state("ana").orElseThrow().version();

        assertThat(engine.accept(Event.linkClicked("c1", "ana", Instant.EPOCH, guide, "shop")))
                .isEqualTo(Acceptance.TOO_LATE);

        assertThat(engine.stats().eventsTooLate()).isEqualTo(1);
        assertThat(engine.stats().eventsAccepted()).isEqualTo(1);
        assertThat(engine.state("ana").orElseThrow().version()).isEqualTo(version);
        assertThat(sentAfterTheBranch()).containsExactly("guide", "tips");
    }

    @Test
    void anEventOlderThanTheDuplicateWindowIsRefusedByDefault() {
        engine = engineWith(guideThenBranch()).build();
        clock.set(T.plus(Duration.ofDays(3)));

        assertThat(engine.accept(go("old", "ana", T.plus(Duration.ofDays(2)).minusMillis(1))))
                .isEqualTo(Acceptance.TOO_LATE);
        assertThat(engine.accept(go("recent", "ana", T.plus(Duration.ofDays(2))))).isEqualTo(Acceptance.ACCEPTED);

        assertThat(engine.stats().eventsTooLate()).isEqualTo(1);
        assertThat(engine.state("ana").orElseThrow().instances()).hasSize(1);
    }

    @Test
    void theLatenessIsAnOptionOfTheEngine() {
        engine = engineWith(guideThenBranch()).maxEventLateness(Duration.ofHours(1)).build();
        clock.set(T.plus(Duration.ofHours(3)));

        assertThat(engine.accept(go("two-hours-old", "ana", T.plus(Duration.ofHours(1))))).isEqualTo(Acceptance.TOO_LATE);
        assertThat(engine.accept(go("half-an-hour-old", "ana", T.plus(Duration.ofMinutes(150)))))
                .isEqualTo(Acceptance.ACCEPTED);
        assertThat(engine.accept(go("from-the-future", "ana", T.plus(Duration.ofDays(1)))))
                .isEqualTo(Acceptance.ACCEPTED);
    }

    @Test
    void anUnsubscribeIsAppliedHoweverLate() {
        engine = engineWith(guideThenBranch()).build();
        String guide = guideSent();

        assertThat(engine.accept(Event.unsubscribed("u1", "ana", Instant.EPOCH, guide, "email")))
                .isEqualTo(Acceptance.ACCEPTED);

        assertThat(engine.state("ana").orElseThrow().withdrawnConsents()).containsExactly(new Consent("email",
                Optional.empty()));
        assertThat(engine.state("ana").orElseThrow().instances()).isEmpty();
        assertThat(engine.stats().eventsTooLate()).isZero();
    }

    @Test
    void theLatenessMustBePositiveAndNoLongerThanTheDuplicateWindow() {
        assertThatThrownBy(() -> JourneyEngine.builder().maxEventLateness(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventLateness must be positive, was PT0S");
        assertThatThrownBy(() -> engineWith(guideThenBranch()).maxEventLateness(Duration.ofDays(2)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("maxEventLateness (PT48H) must not be longer than duplicateWindow (PT24H)");

        engine = engineWith(guideThenBranch()).duplicateWindow(Duration.ofDays(7)).maxEventLateness(Duration.ofDays(7))
                .build();
    }

    @Test
    void aMessageIdIsItsKeyAndWhenItWasDecided() {
        IdempotencyKey key = new IdempotencyKey("ana@example.com", "late", 1, 2, "guide", 3);
        OutgoingMessage message = new OutgoingMessage(key, "email", "guide", "marketing", Attributes.empty(),
                Instant.ofEpochMilli(1_772_442_000_000L));

        assertThat(message.messageId()).isEqualTo("ana@example.com:late:1:2:guide:3@1772442000000");
        assertThat(IdempotencyKey.parse(message.messageId())).contains(key);
        assertThat(IdempotencyKey.parse(key.toString())).contains(key);
        assertThat(OutgoingMessage.decidedAtOf(message.messageId())).contains(Instant.ofEpochMilli(1_772_442_000_000L));
        assertThat(OutgoingMessage.decidedAtOf(key.toString())).isEmpty(); // the '@' is the contact's
        assertThat(OutgoingMessage.decidedAtOf("ana:late:1:2:guide:3@")).isEmpty();
        assertThat(OutgoingMessage.decidedAtOf("ana:late:1:2:guide:3@12x")).isEmpty();
        assertThat(OutgoingMessage.decidedAtOf("ana@12")).isEmpty(); // no key before it
        assertThat(OutgoingMessage.decidedAtOf("ana:late:1:2:guide:3@99999999999999999999")).isEmpty();
    }
}
