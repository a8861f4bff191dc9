package dev.journeys.store.postgres;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Contact;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.Event;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engines share one PostgreSQL database and work on the same contacts at once: both are
 * handed every entry event, then both fire the due timers. Each message goes out once, nothing
 * is lost, and the conflicts between them are retried, not failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoEnginesTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final int CONTACTS = 200;

    private final JourneyDefinition welcome = EmbeddedDatabase.welcome();

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private DataSource dataSource;

    @BeforeAll
    void connect() {
        dataSource = DATABASE.dataSource();
    }

    @Test
    void twoEnginesOnOneDatabaseSendEachMessageOnceAndLoseNothing() throws Exception {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        List<Event> signUps = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            contacts.put(Contact.of("c" + i).withConsent("email"));
            signUps.add(Event.of("signup-" + i, "signed.up", "c" + i, START));
        }
        Map<IdempotencyKey, AtomicInteger> sends = new ConcurrentHashMap<>();
        MessageChannel channel = message -> sends.computeIfAbsent(message.key(), key -> new AtomicInteger())
                .incrementAndGet();
        new PostgresSchema(dataSource).migrate();
        try (JourneyEngine first = engine(clock, contacts, channel);
             JourneyEngine second = engine(clock, contacts, channel)) {
            List<JourneyEngine> engines = List.of(first, second);

            List<List<Acceptance>> accepted = AtOnce.onEach(engines, engine -> {
                List<Acceptance> results = new ArrayList<>();
                signUps.forEach(event -> results.add(engine.accept(event)));
                return results;
            });
            // One engine applies each sign-up; the other's copy is a duplicate (the store holds its
            // id) or, when it loaded the contact after the save, an entry declined that changes nothing.
            for (int i = 0; i < CONTACTS; i++) {
                assertThat(List.of(accepted.get(0).get(i), accepted.get(1).get(i))).as("copies of signup-%d", i)
                        .contains(Acceptance.ACCEPTED).isSubsetOf(Acceptance.ACCEPTED, Acceptance.DUPLICATE);
            }
            assertThat(sends).hasSize(CONTACTS); // one hello per contact

            clock.advance(Duration.ofDays(2));
            List<Integer> fired = AtOnce.onEach(engines, JourneyEngine::runDue);

            assertThat(fired.get(0) + fired.get(1)).isEqualTo(CONTACTS); // claims split the due contacts
            assertThat(sends).hasSize(2 * CONTACTS);
            assertThat(sends.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(first.nextDueAt()).isEmpty();
            EngineStats a = first.stats();
            EngineStats b = second.stats();
            assertThat(a.processingFailures() + b.processingFailures()).isZero();
            assertThat(a.entries() + b.entries()).isEqualTo(CONTACTS);
            assertThat(a.entriesDeclined() + b.entriesDeclined() + a.duplicateEvents() + b.duplicateEvents())
                    .isEqualTo(CONTACTS); // the other engine's copy
        }
    }


    private JourneyEngine engine(VirtualClock clock, InMemoryContactDirectory contacts, MessageChannel channel) {
        return JourneyEngine.builder()
                .clock(clock)
                .store(new PostgresJourneyStore(dataSource, clock, Duration.ofMinutes(1)))
                .contacts(contacts)
                .channel("email", channel)
                .journey(welcome)
                .build();
    }
}
