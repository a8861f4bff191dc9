package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.engine.UnknownContactException;
import dev.journeys.core.engine.UnknownContactPolicy;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.guideRequested;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JourneyEngineTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private final RecordingChannel email = MessageChannel.recording();
    private final List<JourneyEvent> events = Collections.synchronizedList(new ArrayList<>());
    private JourneyEngine engine;

    private JourneyEngineBuilder engineWith(JourneyDefinition journey) {
        return JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .listener(events::add).journey(journey);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void runsTheJourneyThroughItsTimerOnTheInjectedClock() {
        engine = engineWith(brewBetter()).build();

        assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);
        assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("french-press-guide");
        assertThat(engine.nextDueAt()).contains(T.plus(Duration.ofDays(2)));

        clock.advance(Duration.ofDays(2).minusSeconds(1));
        assertThat(engine.runDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(engine.runDue()).isEqualTo(1);

        assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("french-press-guide", "brew-tips");
        assertThat(email.sent().get(1).decidedAt()).isEqualTo(T.plus(Duration.ofDays(2)));
        assertThat(engine.nextDueAt()).isEmpty();
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
        assertThat(engine.stats().messagesSent()).isEqualTo(2);
        assertThat(engine.stats().exits()).isEqualTo(1);
    }

    @Test
    void interactionEventsAreCorrelatedToTheInstanceAndStepThatSentTheMessage() {
        engine = engineWith(brewBetter()).build();
        engine.accept(guideRequested("e1", "ana", T));
        String guideId = email.sent().get(0).messageId();

        engine.accept(Event.linkClicked("c1", "ana", T, guideId, "shop-grinders"));
        clock.advance(Duration.ofDays(2));
        engine.runDue();

        assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("french-press-guide", "grinder-offer");
    }

    @Test
    void unknownEventTypesAreIgnoredAndCounted() {
        engine = engineWith(brewBetter()).build();

        assertThat(engine.accept(Event.of("x", "weather.changed", "ana", T))).isEqualTo(Acceptance.IGNORED);

        assertThat(engine.stats().eventsIgnored()).isEqualTo(1);
        assertThat(engine.state("ana")).isEmpty();
    }

    @Test
    void aSecondEventWithTheSameIdIsDroppedAndCounted() {
        engine = engineWith(brewBetter()).build();
        engine.accept(guideRequested("e1", "ana", T));
        engine.accept(Event.of("p1", "purchase.completed", "ana", T));

        assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.DUPLICATE);

        assertThat(engine.stats().duplicateEvents()).isEqualTo(1);
        assertThat(engine.state("ana").orElseThrow().instances()).isEmpty();
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void eventsForUnknownContactsFollowThePolicy() {
        engine = engineWith(brewBetter()).build();
        assertThat(engine.accept(guideRequested("e1", "stranger", T))).isEqualTo(Acceptance.UNKNOWN_CONTACT);
        assertThat(engine.stats().unknownContacts()).isEqualTo(1);
        engine.close();

        engine = JourneyEngine.builder().contacts(contacts).clock(clock).journey(brewBetter())
                .unknownContacts(UnknownContactPolicy.REJECT).build();
        assertThatThrownBy(() -> engine.accept(guideRequested("e1", "stranger", T)))
                .isInstanceOf(UnknownContactException.class)
                .hasMessage("event 'e1' is for contact 'stranger', whom the contact directory does not know");
    }

    @Test
    void aContactRemovedFromTheDirectoryLeavesWithARecordedCause() {
        engine = engineWith(brewBetter()).build();
        engine.accept(guideRequested("e1", "ana", T));
        contacts.remove("ana");

        clock.advance(Duration.ofDays(2));
        engine.runDue();

        assertThat(engine.state("ana").orElseThrow().instances()).isEmpty();
        assertThat(events).filteredOn(JourneyEvent.Exited.class::isInstance).singleElement()
                .extracting(e -> ((JourneyEvent.Exited) e).cause()).isEqualTo(ExitCause.CONTACT_UNKNOWN);
        assertThat(engine.nextDueAt()).isEmpty();
    }

    @Test
    void aThrowingChannelIsRetriedWithTheSameKeyAndTheContactsStateIsKept() {
        AtomicInteger calls = new AtomicInteger();
        List<OutgoingMessage> delivered = new ArrayList<>();
        MessageChannel flaky = message -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("smtp down");
            }
            delivered.add(message);
        };
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", flaky)
                .listener(events::add).journey(brewBetter()).build();

        engine.accept(guideRequested("e1", "ana", T));

        ContactState afterFailure = engine.state("ana").orElseThrow();
        assertThat(afterFailure.instances()).singleElement().extracting(JourneyInstance::stepId).isEqualTo("two-days");
        assertThat(afterFailure.outbox()).singleElement().satisfies(entry -> {
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.lastFailure()).contains("java.lang.IllegalStateException: smtp down");
        });
        assertThat(engine.nextDueAt()).contains(T.plus(Duration.ofMinutes(1)));
        assertThat(events).filteredOn(JourneyEvent.DispatchFailed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((JourneyEvent.DispatchFailed) e).willRetry()).isTrue());

        clock.advance(Duration.ofMinutes(1));
        engine.runDue();

        assertThat(delivered).singleElement().extracting(m -> m.key().toString())
                .isEqualTo("ana:brew-better:1:1:guide:1");
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
        assertThat(engine.nextDueAt()).contains(T.plus(Duration.ofDays(2)));
    }

    @Test
    void aSendThatFailsEveryAttemptIsDroppedWithItsReasonAndThePathGoesOn() {
        MessageChannel broken = message -> {
            throw new IllegalArgumentException("no such template: " + message.message());
        };
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", broken)
                .retryPolicy(RetryPolicy.of(2, Duration.ofMinutes(5))).listener(events::add)
                .journey(brewBetter()).build();

        engine.accept(guideRequested("e1", "ana", T));
        clock.advance(Duration.ofMinutes(5));
        engine.runDue();

        assertThat(events).filteredOn(JourneyEvent.DispatchFailed.class::isInstance)
                .extracting(e -> ((JourneyEvent.DispatchFailed) e).willRetry()).containsExactly(true, false);
        assertThat(engine.stats().effectsDropped()).isEqualTo(1);
        ContactState state = engine.state("ana").orElseThrow();
        assertThat(state.outbox()).isEmpty();
        assertThat(state.instances()).singleElement().extracting(JourneyInstance::stepId).isEqualTo("two-days");
    }

    @Test
    void actionsRunThroughTheirBoundHandlerAndUnboundActionsCannotBePublished() {
        JourneyDefinition alerting = journey("alerting",
                new Step.Action("alert", "alert-sales-queue", Attributes.of("queue", "west"), Optional.empty()));
        List<ActionRequest> requests = new ArrayList<>();

        assertThatThrownBy(() -> JourneyEngine.builder().contacts(contacts).journey(alerting).build())
                .isInstanceOf(InvalidJourneyException.class)
                .hasMessageContaining("UNBOUND_ACTION at step 'alert': action 'alert-sales-queue' of step 'alert' has no handler");

        engine = JourneyEngine.builder().clock(clock).contacts(contacts).action("alert-sales-queue", requests::add)
                .journey(alerting).build();
        engine.accept(go("g", "ana", T));

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.parameters().string("queue")).contains("west");
            assertThat(r.key().toString()).isEqualTo("ana:alerting:1:1:alert:1");
        });
        assertThat(engine.stats().actionsRun()).isEqualTo(1);
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheEngine() {
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .listener(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .journey(brewBetter()).build();

        assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

        assertThat(email.sent()).hasSize(1);
        assertThat(engine.state("ana").orElseThrow().instances()).hasSize(1);
    }

    @Test
    void publicMethodsNameTheirNullArgument() {
        engine = engineWith(brewBetter()).build();

        assertThatThrownBy(() -> engine.accept(null)).isInstanceOf(NullPointerException.class).hasMessage("event");
        assertThatThrownBy(() -> engine.publish(null)).isInstanceOf(NullPointerException.class).hasMessage("journey");
        assertThatThrownBy(() -> engine.enrol("brew-better", null)).hasMessage("contactId");
        assertThatThrownBy(() -> engine.enrol("nope", "ana")).hasMessage("no journey 'nope' is published");
        assertThatThrownBy(() -> JourneyEngine.builder().clock(null)).hasMessage("clock");
        assertThatThrownBy(() -> JourneyEngine.builder().clock(clock).clock(clock))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("clock was already set");
        assertThatThrownBy(() -> JourneyEngine.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("contacts must be set");
    }

    @Test
    void enrolStartsAnyPublishedJourneyOncePerInstance() {
        JourneyDefinition segment = new JourneyDefinition("teaser", 1, "Teaser", new Entry.FromSegment("texas-loyal"),
                "teaser", List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty());
        engine = engineWith(segment).segments(Segments.builder()
                .segment(Segment.of("texas-loyal", Condition.attribute("state").isEqualTo("TX"))).build()).build();

        assertThat(engine.enrol("teaser", "ana")).isEqualTo(Acceptance.ACCEPTED);
        assertThat(engine.enrol("teaser", "nobody")).isEqualTo(Acceptance.UNKNOWN_CONTACT);

        assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("teaser");
    }

    @Test
    void publishingANewVersionSendsNewEntriesThereWhileInFlightContactsFinishTheirs() {
        engine = engineWith(brewBetter()).build();
        contacts.put(emailable("bob"));
        engine.accept(guideRequested("e1", "ana", T));
        JourneyDefinition v1 = brewBetter();
        JourneyDefinition v2 = new JourneyDefinition(v1.id(), 2, v1.name(), v1.entry(), "guide",
                List.of(email("guide", "guide-v2", Optional.empty())), List.of(), Optional.empty());

        engine.publish(v2);
        engine.accept(guideRequested("e2", "bob", T));
        clock.advance(Duration.ofDays(2));
        engine.runDue();

        assertThat(email.sentTo("ana")).extracting(OutgoingMessage::message).containsExactly("french-press-guide", "brew-tips");
        assertThat(email.sentTo("bob")).extracting(OutgoingMessage::message).containsExactly("guide-v2");
        assertThat(engine.journeys()).extracting(JourneyDefinition::version).containsExactly(2);
        assertThatThrownBy(() -> engine.publish(v2)).hasMessageContaining("version 2 of journey 'brew-better' is already published");
    }

    @Test
    void manyThreadsFeedingManyContactsEnterEachContactExactlyOnce() throws Exception {
        int contactsCount = 400;
        for (int i = 0; i < contactsCount; i++) {
            contacts.put(emailable("c" + i));
        }
        engine = engineWith(brewBetter()).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < contactsCount; i++) {
                        String id = "c" + ((i + offset * 97) % contactsCount);
                        engine.accept(guideRequested("form-" + id + "-" + offset, id, T));
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(email.sent()).hasSize(contactsCount);
        assertThat(email.sent()).extracting(OutgoingMessage::contactId).doesNotHaveDuplicates();
        assertThat(engine.stats().entries()).isEqualTo(contactsCount);
        assertThat(engine.stats().entriesDeclined()).isEqualTo(3L * contactsCount);
    }

    @Test
    void theSchedulerFiresTimersOnTheInjectedClockUntilClosed() throws Exception {
        CountDownLatch secondSend = new CountDownLatch(1);
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", message -> {
            if (message.message().equals("brew-tips")) {
                secondSend.countDown();
            }
        }).schedulerPollInterval(Duration.ofMillis(10)).journey(brewBetter()).build();
        engine.start();
        engine.accept(guideRequested("e1", "ana", T));

        clock.advance(Duration.ofDays(2));

        assertThat(secondSend.await(30, TimeUnit.SECONDS)).as("the scheduler sent brew-tips").isTrue();
        assertThatThrownBy(engine::start).hasMessage("the scheduler was already started");
        engine.close();
        assertThatThrownBy(() -> engine.accept(guideRequested("e2", "ana", T))).hasMessage("the engine is closed");
    }

    @Test
    void aListenerThatCallsBackIsDeferredUntilTheCurrentInputIsDoneAndNothingIsSentTwice() {
        List<Acceptance> answers = new ArrayList<>();
        JourneyEngine[] self = new JourneyEngine[1];
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .listener(event -> {
                    if (event instanceof JourneyEvent.Entered) {
                        answers.add(self[0].accept(Event.of("p1", "purchase.completed", "ana", T)));
                    }
                })
                .journey(brewBetter()).build();
        self[0] = engine;

        assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

        assertThat(answers).containsExactly(Acceptance.DEFERRED);
        assertThat(email.sent()).extracting(m -> m.key().toString()).containsExactly("ana:brew-better:1:1:guide:1");
        assertThat(engine.state("ana").orElseThrow().instances()).isEmpty();
        assertThat(engine.stats().eventsAccepted()).isEqualTo(2);
    }

    @Test
    void aPendingRetryIsCancelledWhenTheInstanceIsStopped() {
        AtomicInteger attempts = new AtomicInteger();
        engine = engineFailingFirstSend(attempts);
        engine.accept(guideRequested("e1", "ana", T));

        clock.advance(Duration.ofSeconds(30));
        engine.accept(Event.of("p1", "purchase.completed", "ana", clock.instant()));
        clock.advance(Duration.ofDays(3));
        engine.runDue();

        assertThat(email.sent()).isEmpty();
        assertThat(attempts).hasValue(1);
        assertThat(engine.stats().effectsCancelled()).isEqualTo(1);
        assertThat(engine.nextDueAt()).isEmpty();
    }

    @Test
    void consentIsCheckedAgainWhenARetriedSendGoesOut() {
        AtomicInteger attempts = new AtomicInteger();
        engine = engineFailingFirstSend(attempts);
        engine.accept(guideRequested("e1", "ana", T));

        contacts.update("ana", c -> c.withoutConsent("email"));
        clock.advance(Duration.ofMinutes(1));
        engine.runDue();

        assertThat(email.sent()).isEmpty();
        assertThat(events).filteredOn(JourneyEvent.MessageSkipped.class::isInstance).singleElement()
                .satisfies(e -> {
                    JourneyEvent.MessageSkipped skipped = (JourneyEvent.MessageSkipped) e;
                    assertThat(skipped.reason()).isEqualTo(SkipReason.NO_CONSENT);
                    assertThat(skipped.stepId()).isEqualTo("guide");
                });
        assertThat(events).filteredOn(JourneyEvent.EffectCancelled.class::isInstance).isEmpty();
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
    }

    @Test
    void aPendingRetryOfAContactWhoLeftTheDirectoryIsCancelledInsteadOfStayingDue() {
        MessageChannel down = message -> {
            throw new IllegalStateException("smtp down");
        };
        JourneyDefinition oneShot = journey("one-shot", email("hello", "hello", Optional.empty()));
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", down)
                .listener(events::add).journey(oneShot).build();
        engine.accept(go("g", "ana", T));
        contacts.remove("ana");

        clock.advance(Duration.ofMinutes(1));
        assertThat(engine.runDue()).isEqualTo(1);

        assertThat(engine.nextDueAt()).isEmpty();
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
        assertThat(engine.stats().effectsCancelled()).isEqualTo(1);
    }

    @Test
    void aChannelThatThrowsAnErrorDoesNotGetAnythingDispatchedTwice() {
        List<String> delivered = new ArrayList<>();
        JourneyDefinition twoSends = journey("two", email("first", "first", to("second")),
                email("second", "second", Optional.empty()));
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", message -> {
            if (message.message().equals("second") && delivered.size() == 1) {
                delivered.add("error");
                throw new AssertionError("template engine crashed");
            }
            delivered.add(message.message());
        }).journey(twoSends).build();

        assertThatThrownBy(() -> engine.accept(go("g", "ana", T))).isInstanceOf(AssertionError.class);
        clock.advance(Duration.ofMinutes(1));
        engine.runDue();

        assertThat(delivered).containsExactly("first", "error", "second");
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
    }

    @Test
    void runDuePagesPastContactsThatStayDueAndOneFailingContactDoesNotBlockTheOthers() {
        JourneyStore store = JourneyStore.inMemory();
        JourneyDefinition waiting = journey("waiting", waitFor("hour", Duration.ofHours(1), to("hello")),
                email("hello", "hello", Optional.empty()));
        int stuck = 1_100;
        for (int i = 0; i < stuck; i++) {
            contacts.put(emailable("stuck-" + i));
        }
        try (JourneyEngine first = JourneyEngine.builder().clock(clock).contacts(contacts).store(store)
                .journey(waiting).build()) {
            for (int i = 0; i < stuck; i++) {
                first.accept(go("g", "stuck-" + i, T));
            }
        }
        // A second engine on the same store that does not publish 'waiting': those timers cannot fire there.
        JourneyDefinition other = new JourneyDefinition("other", 1, "other", new Entry.OnEvent(Trigger.on("go2")), "later",
                List.of(waitFor("later", Duration.ofMinutes(90), to("bye")), email("bye", "bye", Optional.empty())),
                List.of(), Optional.empty());
        contacts.put(emailable("bad"));
        ContactDirectory failingForBad = id -> {
            if (id.equals("bad")) {
                throw new IllegalStateException("directory down for bad");
            }
            return contacts.find(id);
        };
        engine = JourneyEngine.builder().clock(clock).contacts(failingForBad).store(store).channel("email", email)
                .journey(other).build();
        engine.accept(Event.of("g", "go2", "ana", T));
        store.save(new ContactState("bad", 1, List.of(new JourneyInstance("other", 1, 1, "later",
                T.toEpochMilli(), T.toEpochMilli(), T.toEpochMilli(), 1, 0L)), List.of(
                new JourneyHistory("other", 1, T.toEpochMilli())), List.of(), List.of(), List.of()));

        clock.advance(Duration.ofMinutes(90));
        engine.runDue();

        assertThat(email.sentTo("ana")).extracting(OutgoingMessage::message).containsExactly("bye");
        assertThat(engine.stats().processingFailures()).isEqualTo(1);
    }

    @Test
    void channelsBoundByNameMustCoverEverySendOfAJourney() {
        JourneyDefinition sms = journey("sms", new Step.Send("text", "hi", ChannelChoice.of("sms"), List.of(),
                Optional.empty()));

        assertThatThrownBy(() -> engineWith(sms).build()).isInstanceOf(InvalidJourneyException.class)
                .hasMessageContaining("UNBOUND_CHANNEL at step 'text': step 'text' sends on [sms], which no channel is bound to");
        engine = engineWith(sms).defaultChannel(email).build();
        engine.accept(go("g", "ana", T));
        assertThat(email.sent()).isEmpty(); // ana has no consent for sms
    }

    @Test
    void closeStopsTheSchedulerThread() throws Exception {
        engine = engineWith(brewBetter()).schedulerPollInterval(Duration.ofMillis(5)).build();
        engine.start();
        assertThat(schedulerThreads()).isNotEmpty();

        engine.close();

        for (Thread thread : schedulerThreads()) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(schedulerThreads()).isEmpty();
    }

    /** An engine on S1 whose email channel fails its first attempt and records the rest in {@code email}. */
    private JourneyEngine engineFailingFirstSend(AtomicInteger attempts) {
        return JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", message -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("smtp down");
            }
            email.send(message);
        }).listener(events::add).journey(brewBetter()).build();
    }

    private static List<Thread> schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("journey-scheduler") && t.isAlive()).toList();
    }
}
