package dev.journeys.store.postgres;

import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.StatusChange;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordedStatus;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The journey definitions in PostgreSQL, shared by the nodes: versions, statuses and drafts made on
 * one node are seen on another after its refresh, and survive a restart. A new instance per test,
 * so each starts with its own clock; the database is started once for the class.
 */
class PostgresDefinitionsTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private final JourneyDefinition welcome = EmbeddedDatabase.welcome();
    private final VirtualClock clock = VirtualClock.at(START);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory()
            .put(Contact.of("ana").withConsent("email"))
            .put(Contact.of("bob").withConsent("email"));
    private final List<JourneyEngine> engines = new ArrayList<>();
    private DataSource dataSource;

    @BeforeEach
    void freshTables() throws SQLException {
        dataSource = DATABASE.dataSource();
        execute("DROP SCHEMA public CASCADE");
        execute("CREATE SCHEMA public");
        new PostgresSchema(dataSource).migrate();
    }

    @AfterEach
    void close() {
        engines.forEach(JourneyEngine::close);
    }

    private static JourneyDefinition welcomeVersion2() {
        return Journey.withId("welcome")
                .triggeredBy(on("signed.up"))
                .version(2)
                .send("hello", Message.email("hello-v2"))
                .build();
    }

    private PostgresJourneyStore store() {
        return new PostgresJourneyStore(dataSource, clock, Duration.ofMinutes(1));
    }

    private JourneyEngine engine(MessageChannel channel, List<JourneyEvent> events, JourneyDefinition... journeys) {
        JourneyEngineBuilder builder = JourneyEngine.builder()
                .clock(clock)
                .store(store())
                .contacts(contacts)
                .channel("email", channel)
                .listener(events::add);
        List.of(journeys).forEach(builder::journey);
        JourneyEngine engine = builder.build();
        engines.add(engine);
        return engine;
    }

    private JourneyEngine engine(MessageChannel channel, JourneyDefinition... journeys) {
        return engine(channel, new CopyOnWriteArrayList<>(), journeys);
    }

    @Test
    void aPauseOnOneNodeStopsEntriesAndDispatchOnAnotherAfterItsRefresh() {
        MessageChannel failing = message -> {
            throw new IllegalStateException("provider down");
        };
        RecordingChannel channelB = new RecordingChannel();
        List<JourneyEvent> eventsB = new CopyOnWriteArrayList<>();
        JourneyEngine a = engine(failing, welcome);
        JourneyEngine b = engine(channelB, eventsB, welcome);
        a.accept(Event.of("signup-ana", "signed.up", "ana", START)); // hello fails on A and waits for its retry

        a.pause("welcome");
        assertThat(b.status("welcome")).as("before B refreshes").isEqualTo(JourneyStatus.LIVE);
        clock.advance(Duration.ofHours(1)); // past B's refresh interval, the retry and A's hold
        b.runDue();

        assertThat(b.status("welcome")).isEqualTo(JourneyStatus.PAUSED);
        assertThat(channelB.sent()).as("B sends nothing of the paused journey").isEmpty();
        b.accept(Event.of("signup-bob", "signed.up", "bob", clock.instant()));
        assertThat(eventsB).filteredOn(JourneyEvent.EntryDeclined.class::isInstance)
                .map(JourneyEvent.EntryDeclined.class::cast).extracting(JourneyEvent.EntryDeclined::reason)
                .containsExactly(DeclineReason.NOT_LIVE);
    }

    @Test
    void aStopSurvivesARestart() {
        RecordingChannel channel = new RecordingChannel();
        JourneyEngine first = engine(channel, welcome);
        first.accept(Event.of("signup-ana", "signed.up", "ana", START));
        first.stop("welcome", "campaign over");
        first.close();

        JourneyEngine restarted = engine(channel, welcome);

        assertThat(restarted.status("welcome")).isEqualTo(JourneyStatus.STOPPED);
        restarted.accept(Event.of("signup-bob", "signed.up", "bob", START));
        clock.advance(Duration.ofDays(3));
        restarted.runDue();
        assertThat(channel.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message)
                .containsExactly(tuple("ana", "hello"));
        assertThat(store().definitions().status("welcome")).map(RecordedStatus::reason).contains("campaign over");
    }

    @Test
    void aDraftSavedOnOneNodeIsReadOnAnother() {
        JourneyEngine a = engine(new RecordingChannel(), welcome);
        JourneyEngine b = engine(new RecordingChannel(), welcome);

        a.saveDraft(welcomeVersion2());
        JourneyDefinition copy = a.cloneAsDraft("welcome", "welcome-again");

        assertThat(b.draft("welcome")).contains(welcomeVersion2());
        assertThat(b.draft("welcome-again")).contains(copy);
        b.publishDraft("welcome");
        assertThat(a.draft("welcome")).isEmpty();
    }

    @Test
    void aVersionPublishedOnOneNodeRunsOnAnotherAfterItsRefreshAndOnANodeStartedLater() {
        RecordingChannel channel = new RecordingChannel();
        JourneyEngine a = engine(channel, welcome);
        JourneyEngine b = engine(channel, welcome);
        a.accept(Event.of("signup-ana", "signed.up", "ana", START)); // ana stays on version 1

        a.publish(welcomeVersion2());
        b.refreshDefinitions();
        b.accept(Event.of("signup-bob", "signed.up", "bob", START));
        JourneyEngine later = engine(channel); // given no journeys: runs what the database records
        clock.advance(Duration.ofDays(2));
        later.runDue();

        assertThat(channel.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message)
                .containsExactly(tuple("ana", "hello"), tuple("bob", "hello-v2"), tuple("ana", "tips"));
    }

    @Test
    void twoNodesPausingAndResumingAtOnceLoseNoChange() throws Exception {
        JourneyEngine a = engine(new RecordingChannel(), welcome);
        JourneyEngine b = engine(new RecordingChannel(), welcome);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<StatusChange>>> made = new ArrayList<>();
            for (JourneyEngine engine : List.of(a, b)) {
                made.add(threads.submit(() -> toggle(engine, 40, start)));
            }
            start.countDown();
            List<StatusChange> changes = new ArrayList<>();
            for (Future<List<StatusChange>> one : made) {
                changes.addAll(one.get(120, TimeUnit.SECONDS));
            }

            long revision = store().definitions().status("welcome").map(RecordedStatus::revision).orElse(0L);
            assertThat(changes).as("every change made is one revision").hasSize((int) revision);
            assertThat(changes.stream().filter(c -> c.to() == JourneyStatus.PAUSED).count())
                    .as("pauses and resumes alternate").isEqualTo((revision + 1) / 2);
            JourneyStatus last = revision % 2 == 1 ? JourneyStatus.PAUSED : JourneyStatus.LIVE;
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
                    // the other node resumed in between: nothing changed here
                }
            }
        }
        return changes;
    }

    @Test
    void aJourneyWithACustomConditionIsRefusedWhenPublishedSayingWhy() {
        JourneyDefinition custom = Journey.withId("custom")
                .triggeredBy(on("signed.up").where(Condition.custom("always", contact -> true)))
                .send("hi", Message.email("hi"))
                .build();
        JourneyEngine engine = engine(new RecordingChannel(), welcome);

        assertThatThrownBy(() -> engine.publish(custom))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("journey 'custom' v1 cannot be published on a PostgreSQL store, which keeps"
                        + " journey definitions as JSON documents for every node:")
                .hasMessageContaining("custom condition 'always' is Java code and cannot be written as JSON");
        assertThat(engine.journey("custom", 1)).isEmpty();
        assertThat(store().definitions().versions()).containsExactly(welcome);
        assertThatThrownBy(() -> engine(new RecordingChannel(), custom))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom condition 'always'");
    }

    @Test
    void anotherDefinitionUnderARecordedVersionIsRefusedNamingBoth() {
        engine(new RecordingChannel(), welcome);
        JourneyDefinition changed = Journey.withId("welcome")
                .triggeredBy(on("signed.up"))
                .send("hello", Message.email("hello-again"))
                .build();

        assertThatThrownBy(() -> engine(new RecordingChannel(), changed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("journey 'welcome' version 1 is already published in jdbc:postgresql:")
                .hasMessageContaining("with another definition; a published version is frozen: publish the change"
                        + " as a higher version")
                .hasMessageContaining("hello-again");
        assertThat(store().definitions().versions()).containsExactly(welcome);
    }

    @Test
    void aRecordedDocumentThatCannotBeReadIsNamed() throws SQLException {
        store().definitions().recordVersion(welcome, START);
        execute("UPDATE journey_version SET document = '{\"format\": \"journey-engine/1\"'");

        assertThatThrownBy(() -> store().definitions().versions())
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageStartingWith("journey 'welcome' version 1 recorded in jdbc:postgresql:")
                .hasMessageContaining("cannot be read");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
