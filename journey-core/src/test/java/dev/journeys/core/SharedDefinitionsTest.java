package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordedStatus;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Engines sharing one in-memory store share its journey definitions: versions, statuses and
 * drafts made on one are seen on the other after a refresh, and by an engine started later.
 */
class SharedDefinitionsTest {

    private final TestClock clock = new TestClock(T);
    private final JourneyStore store = JourneyStore.inMemory();
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory()
            .put(emailable("ana")).put(emailable("ben"));
    private final List<JourneyEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(JourneyEngine::close);
    }

    /** Welcome: hello, two days, tips. */
    private static JourneyDefinition welcome(int version) {
        JourneyDefinition first = TestJourneys.journey("welcome",
                email("hello", "hello-v" + version, to("two-days")),
                waitFor("two-days", Duration.ofDays(2), to("tips")),
                email("tips", "tips-v" + version, Optional.empty()));
        return new JourneyDefinition(first.id(), version, first.name(), first.entry(), first.startStep(), first.steps(),
                first.exitTriggers(), first.goal(), first.policies());
    }

    private JourneyEngine engine(MessageChannel channel, List<JourneyEvent> events, JourneyDefinition... journeys) {
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).store(store).contacts(contacts)
                .defaultChannel(channel).listener(events::add);
        List.of(journeys).forEach(builder::journey);
        JourneyEngine engine = builder.build();
        engines.add(engine);
        return engine;
    }

    private JourneyEngine engine(MessageChannel channel, JourneyDefinition... journeys) {
        return engine(channel, new CopyOnWriteArrayList<>(), journeys);
    }

    @Test
    void aPauseOnOneEngineStopsEntriesAndDispatchOnAnotherAfterItsRefresh() {
        MessageChannel failing = message -> {
            throw new IllegalStateException("provider down");
        };
        RecordingChannel channelB = MessageChannel.recording();
        List<JourneyEvent> eventsB = new CopyOnWriteArrayList<>();
        JourneyEngine a = engine(failing, welcome(1));
        JourneyEngine b = engine(channelB, eventsB, welcome(1));
        a.accept(go("go-ana", "ana", T)); // hello fails on A and waits in the outbox for its retry

        a.pause("welcome");
        assertThat(b.status("welcome")).as("before B refreshes").isEqualTo(JourneyStatus.LIVE);
        b.refreshDefinitions();

        assertThat(b.status("welcome")).isEqualTo(JourneyStatus.PAUSED);
        b.accept(go("go-ben", "ben", T));
        assertThat(eventsB).filteredOn(JourneyEvent.EntryDeclined.class::isInstance)
                .map(JourneyEvent.EntryDeclined.class::cast).extracting(JourneyEvent.EntryDeclined::reason)
                .containsExactly(DeclineReason.NOT_LIVE);
        clock.advance(Duration.ofHours(1)); // past the retry and A's hold
        b.runDue();
        assertThat(channelB.sent()).as("B sends nothing of the paused journey").isEmpty();

        a.resume("welcome"); // A tries hello again at once, and fails again
        clock.advance(Duration.ofHours(1)); // past B's refresh interval, the next retry and A's hold
        b.runDue();
        assertThat(b.status("welcome")).isEqualTo(JourneyStatus.LIVE);
        assertThat(channelB.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ana", "hello-v1"));
    }

    @Test
    void runDueRefreshesAtMostOncePerInterval() {
        JourneyEngine a = engine(MessageChannel.recording(), welcome(1));
        JourneyEngine b = engine(MessageChannel.recording(), welcome(1));
        b.runDue();

        a.pause("welcome");
        b.runDue();
        assertThat(b.status("welcome")).as("within the interval").isEqualTo(JourneyStatus.LIVE);
        clock.advance(Duration.ofSeconds(1));
        b.runDue();
        assertThat(b.status("welcome")).isEqualTo(JourneyStatus.PAUSED);
    }

    @Test
    void aStopSurvivesARestartAndANewVersionOfTheStoppedJourneyIsRefusedAtBuild() {
        RecordingChannel channel = MessageChannel.recording();
        JourneyEngine first = engine(channel, welcome(1));
        first.accept(go("go-ana", "ana", T));
        first.stop("welcome", "campaign over");
        first.close();

        JourneyEngine restarted = engine(channel, welcome(1));

        assertThat(restarted.status("welcome")).isEqualTo(JourneyStatus.STOPPED);
        restarted.accept(go("go-ben", "ben", T));
        clock.advance(Duration.ofDays(3));
        restarted.runDue();
        assertThat(channel.sent()).extracting(OutgoingMessage::contactId).containsExactly("ana");
        assertThat(store.definitions().status("welcome")).map(RecordedStatus::reason).contains("campaign over");
        assertThatThrownBy(() -> engine(channel, welcome(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("journey 'welcome' is STOPPED, which is final");
    }

    @Test
    void aDraftSavedOnOneEngineIsReadAndPublishedOnAnother() {
        JourneyEngine a = engine(MessageChannel.recording(), welcome(1));
        JourneyEngine b = engine(MessageChannel.recording(), welcome(1));

        a.saveDraft(welcome(2));
        JourneyDefinition copy = a.cloneAsDraft("welcome", "welcome-again");

        assertThat(b.draft("welcome")).contains(welcome(2));
        assertThat(b.draft("welcome-again")).contains(copy);
        assertThat(b.status("welcome-again")).isEqualTo(JourneyStatus.DRAFT);
        b.publishDraft("welcome");
        assertThat(a.draft("welcome")).as("published, so gone for every engine").isEmpty();
        a.refreshDefinitions();
        assertThat(a.journey("welcome", 2)).contains(welcome(2));
    }

    @Test
    void aVersionPublishedOnOneEngineRunsOnAnotherAfterItsRefreshAndOnOneStartedLater() {
        RecordingChannel channelB = MessageChannel.recording();
        RecordingChannel channelC = MessageChannel.recording();
        JourneyEngine a = engine(MessageChannel.recording(), welcome(1));
        JourneyEngine b = engine(channelB, welcome(1));
        a.accept(go("go-ana", "ana", T)); // on version 1

        a.publish(welcome(2));
        assertThat(b.journey("welcome", 2)).as("before B refreshes").isEmpty();
        b.refreshDefinitions();
        b.accept(go("go-ben", "ben", T));
        assertThat(channelB.sent()).extracting(OutgoingMessage::message).containsExactly("hello-v2");

        JourneyEngine later = engine(channelC); // given no journeys: runs what the store records
        clock.advance(Duration.ofDays(3));
        later.runDue();
        assertThat(channelC.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ana", "tips-v1"),
                        org.assertj.core.groups.Tuple.tuple("ben", "tips-v2"));
    }

    @Test
    void anEngineStartingWhileAnotherPublishesTheSameVersionStartsToo() {
        engine(MessageChannel.recording(), welcome(1));
        JourneyDefinitions recorded = store.definitions();
        AtomicBoolean firstLook = new AtomicBoolean(true);
        JourneyDefinitions lagging = new JourneyDefinitions() { // the first look misses the other engine's publish
            public boolean recordVersion(JourneyDefinition journey, Instant publishedAt) {
                return recorded.recordVersion(journey, publishedAt);
            }

            public List<JourneyDefinition> versions() {
                return firstLook.getAndSet(false) ? List.of() : recorded.versions();
            }

            public Optional<RecordedStatus> status(String journeyId) {
                return recorded.status(journeyId);
            }

            public List<RecordedStatus> statuses() {
                return recorded.statuses();
            }

            public boolean saveStatus(RecordedStatus status) {
                return recorded.saveStatus(status);
            }

            public void saveDraft(JourneyDefinition draft) {
                recorded.saveDraft(draft);
            }

            public Optional<JourneyDefinition> draft(String journeyId) {
                return recorded.draft(journeyId);
            }

            public void deleteDraft(String journeyId, int upToVersion) {
                recorded.deleteDraft(journeyId, upToVersion);
            }
        };
        RecordingChannel channel = MessageChannel.recording();
        JourneyEngine second = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .store(new ForwardingJourneyStore(store) {
                    @Override
                    public JourneyDefinitions definitions() {
                        return lagging;
                    }
                })
                .journey(welcome(1)).build();
        engines.add(second);

        second.accept(go("e1", "ana", T));

        assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("hello-v1");
    }

    @Test
    void anotherDefinitionUnderARecordedVersionIsRefusedAtBuild() {
        engine(MessageChannel.recording(), welcome(1));
        JourneyDefinition changed = TestJourneys.journey("welcome", email("hello", "other", Optional.empty()));

        assertThatThrownBy(() -> engine(MessageChannel.recording(), changed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("journey 'welcome' version 1 is already published in this store with another"
                        + " definition");
    }

    @Test
    void twoEnginesPausingAndResumingAtOnceLoseNoChange() throws Exception {
        JourneyEngine a = engine(MessageChannel.recording(), welcome(1));
        JourneyEngine b = engine(MessageChannel.recording(), welcome(1));
        int attempts = 200;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<StatusChange>>> made = new ArrayList<>();
            for (JourneyEngine engine : List.of(a, b)) {
                made.add(threads.submit(() -> toggle(engine, attempts, start)));
            }
            start.countDown();
            List<StatusChange> changes = new ArrayList<>();
            for (Future<List<StatusChange>> one : made) {
                changes.addAll(one.get(60, TimeUnit.SECONDS));
            }

            long revision = store.definitions().status("welcome").map(RecordedStatus::revision).orElse(0L);
            assertThat(changes).as("every change made is one revision").hasSize((int) revision);
            assertThat(changes.stream().filter(c -> c.to() == JourneyStatus.PAUSED).count())
                    .as("pauses and resumes alternate").isEqualTo((revision + 1) / 2);
            JourneyStatus last = revision % 2 == 1 ? JourneyStatus.PAUSED : JourneyStatus.LIVE;
            assertThat(store.definitions().status("welcome")).map(RecordedStatus::status).contains(last);
            a.refreshDefinitions();
            b.refreshDefinitions();
            assertThat(List.of(a.status("welcome"), b.status("welcome"))).containsOnly(last);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Pauses, or resumes when that is refused, {@code attempts} times; returns the changes made. */
    private static List<StatusChange> toggle(JourneyEngine engine, int attempts, CountDownLatch start)
            throws InterruptedException {
        start.await();
        List<StatusChange> changes = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            try {
                changes.add(engine.pause("welcome"));
            } catch (IllegalStateException paused) {
                try {
                    changes.add(engine.resume("welcome"));
                } catch (IllegalStateException live) {
                    // the other engine resumed in between: nothing changed here
                }
            }
        }
        return changes;
    }
}
