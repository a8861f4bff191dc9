package dev.journeys.testkit.store;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.Trigger;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.RecordedStatus;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expectations every {@link JourneyDefinitions} store meets, as JUnit 5 tests: a recorded
 * version reads back equal and is frozen (the same definition again does nothing, another one under
 * its id and version is refused, naming them); versions come back by journey and version; a status
 * write is compare-and-set on its revision, and of several threads writing the next revision at
 * once exactly one wins; a draft is saved, replaced, read and deleted up to a version, problems and
 * all. {@link JourneyStoreContract} runs these on every {@link dev.journeys.core.spi.JourneyStore};
 * a store of definitions alone extends this class.
 *
 * <pre>{@code
 * class MyDefinitionsTest extends JourneyDefinitionsContract {
 *     protected JourneyDefinitions newDefinitions() { return new MyDefinitions(); }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit runs one test of an instance at a time.
 */
public abstract class JourneyDefinitionsContract {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00.123456789Z");

    /**
     * Returns a new store that records no definitions; called once per test.
     *
     * @return the store
     */
    protected abstract JourneyDefinitions newDefinitions();

    /** Returns a published-ready version of a journey that sends one message. */
    private static JourneyDefinition journey(String id, int version, String message) {
        return Journey.withId(id).triggeredBy(Trigger.on("signed.up")).version(version)
                .send("hello", Message.email(message)).build();
    }

    @Test
    void aRecordedVersionReadsBackEqualAndRecordingItAgainDoesNothing() {
        JourneyDefinitions store = newDefinitions();
        JourneyDefinition welcome = journey("welcome", 1, "hello");

        assertThat(store.versions()).isEmpty();
        assertThat(store.recordVersion(welcome, NOW)).isTrue();
        assertThat(store.recordVersion(welcome, NOW.plusSeconds(1))).as("another node with the same code").isFalse();

        assertThat(store.versions()).containsExactly(welcome);
    }

    @Test
    void anotherDefinitionUnderARecordedVersionIsRefusedNamingJourneyAndVersion() {
        JourneyDefinitions store = newDefinitions();
        JourneyDefinition welcome = journey("welcome", 1, "hello");
        store.recordVersion(welcome, NOW);

        assertThatThrownBy(() -> store.recordVersion(journey("welcome", 1, "hello-again"), NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'welcome'").hasMessageContaining("version 1")
                .hasMessageContaining("another definition");
        assertThat(store.versions()).containsExactly(welcome);
    }

    @Test
    void versionsComeBackByJourneyThenVersion() {
        JourneyDefinitions store = newDefinitions();
        JourneyDefinition second = journey("welcome", 2, "hello-v2");
        JourneyDefinition first = journey("welcome", 1, "hello");
        JourneyDefinition other = journey("another", 1, "hi");
        store.recordVersion(second, NOW);
        store.recordVersion(other, NOW);
        store.recordVersion(first, NOW);

        assertThat(store.versions()).containsExactly(other, first, second);
    }

    @Test
    void aJourneyWithNoRecordedStatusHasNone() {
        JourneyDefinitions store = newDefinitions();

        assertThat(store.status("welcome")).isEmpty();
        assertThat(store.statuses()).isEmpty();
    }

    @Test
    void aStatusIsWrittenOnlyOverTheRevisionBeforeIt() {
        JourneyDefinitions store = newDefinitions();
        RecordedStatus paused = RecordedStatus.first("welcome", JourneyStatus.PAUSED, "paused", NOW);
        RecordedStatus resumed = paused.next(JourneyStatus.LIVE, "resumed", NOW.plusSeconds(60));

        assertThat(store.saveStatus(resumed)).as("revision 2 over none").isFalse();
        assertThat(store.saveStatus(paused)).isTrue();
        assertThat(store.saveStatus(RecordedStatus.first("welcome", JourneyStatus.STOPPED, "late", NOW)))
                .as("a second revision 1").isFalse();
        assertThat(store.status("welcome")).contains(paused);
        assertThat(store.saveStatus(resumed)).isTrue();
        assertThat(store.saveStatus(paused.next(JourneyStatus.STOPPED, "stale", NOW))).as("revision 2 again").isFalse();

        assertThat(store.status("welcome")).contains(resumed);
        assertThat(store.status("another")).isEmpty();
    }

    @Test
    void statusesListEveryJourneyWithOneByJourneyId() {
        JourneyDefinitions store = newDefinitions();
        RecordedStatus welcome = RecordedStatus.first("welcome", JourneyStatus.STOPPED, "campaign over", NOW);
        RecordedStatus another = RecordedStatus.first("another", JourneyStatus.COMPLETED, "schedule ended", NOW);
        store.saveStatus(welcome);
        store.saveStatus(another);

        assertThat(store.statuses()).containsExactly(another, welcome);
    }

    @Test
    void ofSeveralThreadsWritingTheNextStatusAtOnceExactlyOneWins() throws Exception {
        JourneyDefinitions store = newDefinitions();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            RecordedStatus current = RecordedStatus.first("welcome", JourneyStatus.LIVE, "published", NOW);
            store.saveStatus(current);
            for (int round = 1; round <= 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<RecordedStatus> attempts = new ArrayList<>();
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    RecordedStatus next = current.next(t % 2 == 0 ? JourneyStatus.PAUSED : JourneyStatus.LIVE,
                            "thread " + t, NOW.plus(Duration.ofSeconds(round)));
                    attempts.add(next);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.saveStatus(next);
                    }));
                }
                start.countDown();
                List<RecordedStatus> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    if (results.get(t).get(30, TimeUnit.SECONDS)) {
                        winners.add(attempts.get(t));
                    }
                }

                assertThat(winners).as("writes of revision %d that won", current.revision() + 1).hasSize(1);
                assertThat(store.status("welcome")).contains(winners.get(0));
                current = winners.get(0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDraftIsSavedReplacedReadAndDeletedUpToAVersion() {
        JourneyDefinitions store = newDefinitions();
        JourneyDefinition two = journey("welcome", 2, "hello-v2");
        JourneyDefinition three = journey("welcome", 3, "hello-v3");

        assertThat(store.draft("welcome")).isEmpty();
        store.saveDraft(two);
        assertThat(store.draft("welcome")).contains(two);
        store.saveDraft(three);
        assertThat(store.draft("welcome")).contains(three);
        store.deleteDraft("welcome", 2);
        assertThat(store.draft("welcome")).as("a draft of a higher version is kept").contains(three);
        store.deleteDraft("welcome", 3);
        assertThat(store.draft("welcome")).isEmpty();
        store.deleteDraft("welcome", 3);
        assertThat(store.draft("another")).isEmpty();
    }

    @Test
    void aDraftWithProblemsIsKeptAsItIs() {
        JourneyDefinitions store = newDefinitions();
        JourneyDefinition valid = journey("welcome", 1, "hello");
        JourneyDefinition unfinished = new JourneyDefinition(valid.id(), 1, valid.name(), valid.entry(), "nowhere",
                valid.steps(), valid.exitTriggers(), valid.goal(), valid.policies());

        store.saveDraft(unfinished);

        assertThat(store.draft("welcome")).contains(unfinished);
        assertThat(store.versions()).as("a draft is no version").isEmpty();
    }
}
