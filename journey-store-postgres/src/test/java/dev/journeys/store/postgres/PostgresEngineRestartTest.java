package dev.journeys.store.postgres;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;

/** A journey's wait outlives the engine that started it: a new engine on the same database fires it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEngineRestartTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    private final JourneyDefinition welcome = EmbeddedDatabase.welcome();

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private DataSource dataSource;

    @BeforeAll
    void connect() {
        dataSource = DATABASE.dataSource();
    }

    @Test
    void aNewEngineOnTheSameDatabaseSendsWhatTheFirstOneScheduled() {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(Contact.of("ana").withConsent("email"));

        RecordingChannel before = new RecordingChannel();
        try (JourneyEngine first = engine(clock, contacts, before)) {
            first.accept(Event.of("signup-ana", "signed.up", "ana", START));
        }
        assertThat(before.sent()).extracting(OutgoingMessage::message).containsExactly("hello");

        clock.advance(Duration.ofDays(2));
        RecordingChannel after = new RecordingChannel();
        try (JourneyEngine second = engine(clock, contacts, after)) {
            assertThat(second.nextDueAt()).contains(START.plus(Duration.ofDays(2)));
            second.runDue();
        }

        assertThat(after.sent()).extracting(OutgoingMessage::message).containsExactly("tips");
        PostgresJourneyStore store = new PostgresJourneyStore(dataSource, clock, LEASE);
        assertThat(store.load("ana").orElseThrow().instances()).isEmpty();
        assertThat(store.nextDueAt()).isEmpty();
    }

    @Test
    void aContactWhoseRowCannotBeReadIsParkedWhileTheOthersGoOn() throws Exception {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory()
                .put(Contact.of("cas").withConsent("email")).put(Contact.of("dan").withConsent("email"));
        RecordingChannel channel = new RecordingChannel();
        try (JourneyEngine engine = engine(clock, contacts, channel)) {
            engine.accept(Event.of("signup-cas", "signed.up", "cas", START));
            engine.accept(Event.of("signup-dan", "signed.up", "dan", START));
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("UPDATE journey_contact SET state = '\\x01'::bytea WHERE contact_id = 'cas'");
            }

            clock.advance(Duration.ofDays(2));
            engine.runDue();
            assertThat(engine.stats().processingFailures()).isEqualTo(1);
            engine.runDue(); // the parked contact is not tried again

            assertThat(engine.stats().processingFailures()).isEqualTo(1);
            assertThat(channel.sent()).extracting(m -> m.key().contactId() + ":" + m.message())
                    .containsExactly("cas:hello", "dan:hello", "dan:tips");
            PostgresJourneyStore store = new PostgresJourneyStore(dataSource, clock, LEASE);
            assertThat(store.parkedContacts()).containsOnlyKeys("cas");
            assertThat(store.nextDueAt()).isEmpty();
        }
    }

    private JourneyEngine engine(VirtualClock clock, InMemoryContactDirectory contacts, RecordingChannel channel) {
        return JourneyEngine.builder()
                .clock(clock)
                .store(PostgresJourneyStore.open(dataSource, clock, LEASE))
                .contacts(contacts)
                .channel("email", channel)
                .journey(welcome)
                .build();
    }
}
