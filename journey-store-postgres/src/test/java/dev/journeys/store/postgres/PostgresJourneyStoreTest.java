package dev.journeys.store.postgres;

import dev.journeys.core.persistence.UnreadableStateException;
import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.DuplicateEventException;
import dev.journeys.core.spi.ProcessedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What the PostgreSQL store and its schema do beyond the store contract. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJourneyStoreTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-03-02T09:00:00Z"));

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private DataSource dataSource;

    @BeforeAll
    void connect() {
        dataSource = DATABASE.dataSource();
    }

    @BeforeEach
    void freshSchema() throws SQLException {
        execute("DROP SCHEMA public CASCADE");
        execute("CREATE SCHEMA public");
    }

    @Test
    void migrateCreatesTheTablesOnceAndRecordsTheVersion() throws SQLException {
        PostgresSchema schema = new PostgresSchema(dataSource);
        assertThat(schema.currentVersion()).isZero();

        assertThat(schema.migrate()).isEqualTo(PostgresSchema.LATEST_VERSION);
        assertThat(schema.migrate()).isEqualTo(PostgresSchema.LATEST_VERSION);

        assertThat(schema.currentVersion()).isEqualTo(PostgresSchema.LATEST_VERSION).isEqualTo(6);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM journey_schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).as("one row per version applied").isEqualTo(PostgresSchema.LATEST_VERSION);
        }
    }

    @Test
    void migrateRefusesASchemaNewerThanItKnows() throws SQLException {
        new PostgresSchema(dataSource).migrate();
        execute("INSERT INTO journey_schema_version (version, script) VALUES (7, 'V7__from_the_future.sql')");

        assertThatThrownBy(() -> new PostgresSchema(dataSource).migrate())
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("version 7")
                .hasMessageContaining("version " + PostgresSchema.LATEST_VERSION);
        assertThatThrownBy(() -> PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1)))
                .isInstanceOf(PostgresStoreException.class).hasMessageContaining("version 7");
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/journeys?user=app&password=s3cret");
        unreachable.setConnectTimeout(5);

        assertThatThrownBy(() -> PostgresJourneyStore.open(unreachable, CLOCK, Duration.ofMinutes(1)))
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aStateRowThatCannotBeReadRaisesAnErrorNamingTheContact() throws SQLException {
        PostgresJourneyStore store = PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        store.save(new ContactState("ana", 1, List.of(), List.of(), List.of(), List.of(), List.of()));
        execute("UPDATE journey_contact SET state = '\\x63'::bytea WHERE contact_id = 'ana'");

        assertThatThrownBy(() -> store.load("ana"))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("'ana'")
                .hasMessageContaining("unknown format version 99");
    }

    @Test
    void aContactWhoseStateCannotBeReadIsParkedAndTheOthersGoOn() throws SQLException {
        PostgresJourneyStore store = PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        Instant now = CLOCK.instant();
        store.save(stateDueAt("ana", now.minusSeconds(2)));
        store.save(stateDueAt("ben", now.minusSeconds(1)));
        execute("UPDATE journey_contact SET state = '\\x0102'::bytea WHERE contact_id = 'ana'");

        List<DueContact> claimed = store.claimDue(now, 10);
        assertThat(claimed).extracting(DueContact::contactId).containsExactly("ana", "ben");
        assertThat(claimed.get(0).state()).as("unreadable: left to a load, which parks it").isEmpty();
        assertThat(claimed.get(1).state()).contains(stateDueAt("ben", now.minusSeconds(1)));
        assertThatThrownBy(() -> store.load("ana")).isInstanceOf(UnreadableStateException.class);
        claimed.forEach(store::release);

        assertThat(store.parkedContacts()).containsOnlyKeys("ana");
        assertThat(store.parkedContacts().get("ana")).contains("'ana'");
        assertThat(store.claimDue(now, 10)).extracting(DueContact::contactId).containsExactly("ben");
        assertThat(store.nextDueAt()).isEmpty(); // ben is claimed, ana parked
        assertThatThrownBy(() -> store.load("ana")).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("parked");
        assertThat(store.load("ben")).isPresent();
    }

    @Test
    void schemaVersionOneIsUpgradedInPlace() throws SQLException {
        PostgresJourneyStore store = PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        store.save(stateDueAt("ana", CLOCK.instant()));
        execute("ALTER TABLE journey_contact DROP COLUMN parked_reason, DROP COLUMN claim_token");
        execute("DROP SEQUENCE journey_claim_token");
        execute("DROP TABLE journey_processed_event");
        execute("DROP TABLE journey_version");
        execute("DROP TABLE journey_status, journey_draft");
        execute("DELETE FROM journey_schema_version WHERE version > 1");

        assertThat(new PostgresSchema(dataSource).currentVersion()).isEqualTo(1);
        assertThat(new PostgresSchema(dataSource).migrate()).isEqualTo(PostgresSchema.LATEST_VERSION);
        assertThat(store.load("ana")).isPresent();
        assertThat(store.parkedContacts()).isEmpty();
        assertThat(store.hasProcessed("ana", "e1")).isFalse();
        assertThat(store.definitions().statuses()).isEmpty();
        assertThat(store.definitions().draft("welcome")).isEmpty();
    }

    @Test
    void aDatabaseThatComesBackWithinTheRetriesCostsTheCallsNothing() {
        PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(3);
        DataSource flaky = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && refusals.getAndDecrement() > 0) {
                        throw new SQLException("Connection to localhost refused", "08001");
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (java.lang.reflect.InvocationTargetException failed) {
                        throw failed.getCause();
                    }
                });
        PostgresJourneyStore store = new PostgresJourneyStore(flaky, CLOCK, Duration.ofMinutes(1))
                .withConnectionRetries(5, Duration.ZERO);

        store.save(stateDueAt("ana", CLOCK.instant())); // after three refusals
        assertThat(refusals.get()).isNegative();

        refusals.set(5);
        assertThatThrownBy(() -> store.load("ana")).isInstanceOf(PostgresStoreException.class)
                .hasMessageContaining("refused").hasMessageContaining("after 5 attempts");
        refusals.set(0);
        assertThat(store.load("ana")).isPresent();
        assertThatThrownBy(() -> store.withConnectionRetries(0, Duration.ZERO))
                .hasMessage("attempts must be at least 1, was 0");
    }

    @Test
    void aStateWithNothingDueHasNoDueTimeInItsRow() throws SQLException {
        PostgresJourneyStore store = PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        store.save(ContactState.empty("ana").withOutbox(List.of()));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var row = statement.executeQuery("SELECT next_due_at, claimed_until FROM journey_contact")) {
            row.next();
            assertThat(row.getObject(1)).isNull();
            assertThat(row.getObject(2)).isNull();
        }
        assertThat(store.nextDueAt()).isEmpty();
    }

    @Test
    void claimsTakeTheEarliestDueAcrossTheWholeStoreFirst() {
        PostgresJourneyStore store = PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        Instant now = CLOCK.instant();
        for (int i = 0; i < 10; i++) {
            store.save(stateDueAt("c" + i, now.minusSeconds(i)));
        }

        assertThat(store.claimDue(now, 3)).extracting(DueContact::dueAt, DueContact::contactId).containsExactly(
                tuple(now.minusSeconds(9), "c9"), tuple(now.minusSeconds(8), "c8"), tuple(now.minusSeconds(7), "c7"));
    }

    @Test
    void aClaimWhoseLeaseRanOutIsTakenOverAndCounted() {
        dev.journeys.testkit.VirtualClock clock = dev.journeys.testkit.VirtualClock.at(CLOCK.instant());
        PostgresJourneyStore crashed = PostgresJourneyStore.open(dataSource, clock, Duration.ofMinutes(1));
        PostgresJourneyStore survivor = new PostgresJourneyStore(dataSource, clock, Duration.ofMinutes(1));
        Instant now = clock.instant();
        crashed.save(stateDueAt("c1", now));
        crashed.save(stateDueAt("c2", now));
        assertThat(crashed.claimDue(now, 1)).extracting(DueContact::contactId).containsExactly("c1");

        List<DueContact> second = survivor.claimDue(now, 10);
        assertThat(second).extracting(DueContact::contactId).containsExactly("c2");
        assertThat(survivor.claimsTakenOver()).isZero(); // c2 was never claimed; c1's lease runs
        survivor.release(second.get(0));

        clock.advance(Duration.ofMinutes(1));
        assertThat(survivor.claimDue(clock.instant(), 10)).extracting(DueContact::contactId)
                .containsExactly("c1", "c2");
        assertThat(survivor.claimsTakenOver()).isEqualTo(1); // c1; c2 had been released
        assertThat(crashed.claimsTakenOver()).isZero();
    }

    private static ContactState stateDueAt(String contactId, Instant dueAt) {
        JourneyInstance waiting = new JourneyInstance("welcome", 1, 1, "wait", 0, 0, dueAt.toEpochMilli(), 1, 0);
        return new ContactState(contactId, 1, List.of(waiting), List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void anEventIdIsRecordedOnlyWithTheStateItsSaveWrites() throws SQLException {
        PostgresJourneyStore store = PostgresJourneyStore.open(dataSource, CLOCK, Duration.ofMinutes(1));
        execute("CREATE OR REPLACE FUNCTION journey_test_refuse() RETURNS trigger AS "
                + "$$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$ LANGUAGE plpgsql");
        execute("CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON journey_contact "
                + "FOR EACH ROW EXECUTE FUNCTION journey_test_refuse()");
        ProcessedEvent event = new ProcessedEvent("e1", CLOCK.instant());

        assertThatThrownBy(() -> store.save(stateDueAt("ana", CLOCK.instant()), event))
                .isInstanceOf(PostgresStoreException.class).hasMessageContaining("the disk is full")
                .hasMessageContaining("'e1'");
        assertThat(store.hasProcessed("ana", "e1")).as("taken back with the state write").isFalse();

        execute("DROP TRIGGER refuse ON journey_contact");
        store.save(stateDueAt("ana", CLOCK.instant()), event);
        assertThat(store.hasProcessed("ana", "e1")).isTrue();
        assertThat(store.load("ana")).isPresent();
        assertThatThrownBy(() -> store.save(stateDueAt("ana", CLOCK.instant()), event))
                .isInstanceOf(DuplicateEventException.class);
        store.save(new ContactState("ana", 2, List.of(), List.of(), List.of(), List.of(), List.of()));
        assertThat(store.load("ana").orElseThrow().version()).as("the connections work on after a refusal").isEqualTo(2);
    }

    @Test
    void aLeaseMustBePositive() {
        assertThatThrownBy(() -> new PostgresJourneyStore(dataSource, CLOCK, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lease must be positive, was PT0S");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
