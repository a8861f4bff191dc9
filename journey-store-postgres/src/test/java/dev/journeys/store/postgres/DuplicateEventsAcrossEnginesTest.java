package dev.journeys.store.postgres;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Contact;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.Event;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engines sharing one PostgreSQL database apply each event once: handed the same events at once,
 * one engine applies each and the other drops it as a duplicate; an engine started afterwards on
 * the same database drops them all. Every order enters the contact into the thank-you journey
 * again (re-entry is always allowed), so an order applied twice would show as one entry and one
 * thank-you too many.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateEventsAcrossEnginesTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final int CONTACTS = 40;
    private static final int ORDERS_EACH = 3;

    /** Each order placed: a thank-you, and the contact may be in it several times at once. */
    private final JourneyDefinition thanks = Journey.withId("thanks")
            .triggeredBy(on("order.placed"))
            .reentry(ReentryRule.always())
            .send("thank-you", Message.email("thank-you"))
            .build();

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private DataSource dataSource;
    private VirtualClock clock;
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
    private final Map<IdempotencyKey, AtomicInteger> sends = new ConcurrentHashMap<>();
    private final MessageChannel channel = message -> sends.computeIfAbsent(message.key(), key -> new AtomicInteger())
            .incrementAndGet();

    @BeforeAll
    void connect() {
        dataSource = DATABASE.dataSource();
        new PostgresSchema(dataSource).migrate();
    }

    @BeforeEach
    void startOver() throws SQLException {
        clock = VirtualClock.at(START);
        sends.clear();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE journey_contact, journey_enrolment_progress, journey_processed_event, "
                    + "journey_version, journey_status, journey_draft");
        }
    }

    @Test
    void eventsHandedToTwoEnginesAtOnceAndToARestartedOneAreEachAppliedOnce() throws Exception {
        List<Event> orders = orders();
        try (JourneyEngine first = engine(Duration.ofHours(24));
             JourneyEngine second = engine(Duration.ofHours(24))) {
            List<List<Acceptance>> results = AtOnce.onEach(List.of(first, second), engine -> {
                List<Acceptance> accepted = new ArrayList<>();
                orders.forEach(order -> accepted.add(engine.accept(order)));
                return accepted;
            });

            for (int i = 0; i < orders.size(); i++) {
                assertThat(List.of(results.get(0).get(i), results.get(1).get(i))).as("deliveries of %s", orders.get(i).id())
                        .containsExactlyInAnyOrder(Acceptance.ACCEPTED, Acceptance.DUPLICATE);
            }
            EngineStats a = first.stats();
            EngineStats b = second.stats();
            assertThat(a.eventsAccepted() + b.eventsAccepted()).isEqualTo(orders.size());
            assertThat(a.duplicateEvents() + b.duplicateEvents()).isEqualTo(orders.size());
            assertThat(a.entries() + b.entries()).isEqualTo(orders.size());
            assertThat(a.processingFailures() + b.processingFailures()).isZero();
            assertAppliedOnce(orders);
        }

        try (JourneyEngine restarted = engine(Duration.ofHours(24))) {
            clock.advance(Duration.ofHours(1));
            orders.forEach(order -> assertThat(restarted.accept(order)).as("redelivered %s", order.id())
                    .isEqualTo(Acceptance.DUPLICATE));

            assertThat(restarted.stats().duplicateEvents()).isEqualTo(orders.size());
            assertThat(restarted.stats().eventsAccepted()).isZero();
            assertAppliedOnce(orders);
        }
    }

    @Test
    void theIdsAreKeptForTheDuplicateWindowThenForgottenByRunDue() throws SQLException {
        List<Event> orders = orders();
        try (JourneyEngine engine = engine(Duration.ofHours(1))) {
            orders.forEach(engine::accept);
            assertThat(processedRows()).isEqualTo(orders.size());

            clock.advance(Duration.ofMinutes(59));
            engine.runDue();
            assertThat(processedRows()).as("within the window").isEqualTo(orders.size());
        }
        try (JourneyEngine restarted = engine(Duration.ofHours(1))) {
            assertThat(restarted.accept(orders.get(0))).isEqualTo(Acceptance.DUPLICATE);

            clock.advance(Duration.ofMinutes(2));
            restarted.runDue();
            assertThat(processedRows()).as("past the window").isZero();
            // Its id is forgotten, but it happened longer ago than the window: refused, not taken for a new order.
            assertThat(restarted.accept(orders.get(1))).as("a copy past the window").isEqualTo(Acceptance.TOO_LATE);
        }
    }

    /** Every order entered its contact once and got one thank-you, once. */
    private void assertAppliedOnce(List<Event> orders) {
        assertThat(sends).hasSize(orders.size());
        assertThat(sends.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        PostgresJourneyStore store = new PostgresJourneyStore(dataSource, clock, Duration.ofMinutes(1));
        for (int c = 0; c < CONTACTS; c++) {
            assertThat(store.load("c" + c).orElseThrow().historyOf("thanks").orElseThrow().entries())
                    .as("entries of contact c%d", c).isEqualTo(ORDERS_EACH);
        }
    }

    private List<Event> orders() {
        List<Event> orders = new ArrayList<>();
        for (int c = 0; c < CONTACTS; c++) {
            contacts.put(Contact.of("c" + c).withConsent("email"));
        }
        for (int n = 0; n < ORDERS_EACH; n++) {
            for (int c = 0; c < CONTACTS; c++) {
                orders.add(Event.of("order-" + c + "-" + n, "order.placed", "c" + c, START));
            }
        }
        return orders;
    }

    private long processedRows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM journey_processed_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }


    private JourneyEngine engine(Duration duplicateWindow) {
        return JourneyEngine.builder()
                .clock(clock)
                .store(new PostgresJourneyStore(dataSource, clock, Duration.ofMinutes(1)))
                .contacts(contacts)
                .channel("email", channel)
                .journey(thanks)
                .duplicateWindow(duplicateWindow)
                .build();
    }
}
