package dev.journeys.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.journeys.core.Event;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.MessageChannel;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine node of {@link CrashTest}, run as a JVM of its own: it takes sign-up events from
 * {@code crash_inbox}, runs due work, and sends through a channel that records every call and
 * every first delivery of a key, until the test asks it to stop (or kills it).
 *
 * <p>Arguments: the JDBC URL, the node's name, the number of contacts, the longest it may run (an
 * ISO-8601 duration; it also ends when the test's JVM does), and {@code stall-on-claim} or
 * {@code no-stall}: whether the node may be the one that stalls right after a claim once the test
 * arms the stall in {@code crash_stall} ({@link ClaimStall}).
 */
public final class CrashNode {

    private static final int INBOX_BATCH = 5;
    private static final Duration STOP_CHECK = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final String name;
    private final JourneyEngine engine;
    private final PostgresJourneyStore store;

    private CrashNode(DataSource dataSource, String name, JourneyEngine engine, PostgresJourneyStore store) {
        this.dataSource = dataSource;
        this.name = name;
        this.engine = engine;
        this.store = store;
    }

    /**
     * Runs a node until {@code crash_node.stop_requested} is set for it.
     *
     * @param args the JDBC URL, the node's name, the number of contacts, the longest it may run
     * @throws Exception if the node cannot start or its database fails outside the engine
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String name = args[1];
        int contacts = Integer.parseInt(args[2]);
        Duration lifetime = Duration.parse(args[3]);
        boolean mayStall = args[4].equals("stall-on-claim");
        // A node whose test is gone, or that outlives any test, ends itself: none is left running.
        ProcessHandle.current().parent().ifPresent(test -> test.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(lifetime.toMillis());
                Runtime.getRuntime().halt(4);
            } catch (InterruptedException ended) {
                // the node stopped first
            }
        }, "lifetime");
        deadline.setDaemon(true);
        deadline.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(5);
        config.setPoolName(name);
        // A transaction left open by a node that is stopped (SIGSTOP) would hold its row locks until
        // the node continues; the server ends such a transaction instead, as it should in production.
        config.setConnectionInitSql("SET idle_in_transaction_session_timeout = '5s'");
        config.addDataSourceProperty("ApplicationName", name); // ConnectionLossTest cuts connections by it
        try (HikariDataSource dataSource = new HikariDataSource(config);
             DatabaseClock clock = DatabaseClock.start(dataSource, Duration.ofMillis(5))) {
            PostgresJourneyStore store = new PostgresJourneyStore(dataSource, clock, CrashRig.LEASE);
            ClaimStall stall = new ClaimStall(dataSource, name);
            try (JourneyEngine engine = JourneyEngine.builder()
                     .clock(clock)
                     .store(mayStall ? new ClaimStallingStore(store, stall::afterClaim) : store)
                     .contacts(CrashRig.contacts(contacts))
                     .channel("email", new TableChannel(dataSource, name))
                     .journey(CrashRig.journey())
                     .retryPolicy(CrashRig.RETRIES)
                     .build()) {
                new CrashNode(dataSource, name, engine, store).run();
            }
        }
    }

    private void run() throws SQLException, InterruptedException {
        execute("INSERT INTO crash_node (name, pid) VALUES (?, ?)", name, ProcessHandle.current().pid());
        System.out.println(name + " running as process " + ProcessHandle.current().pid());
        long nextStopCheck = 0;
        while (true) {
            int worked = 0;
            try {
                worked = acceptFromInbox() + engine.runDue();
                long now = System.nanoTime();
                if (now >= nextStopCheck) {
                    execute("UPDATE crash_node SET claims_taken_over = ? WHERE name = ?", store.claimsTakenOver(), name);
                    if (stopRequested()) {
                        break;
                    }
                    nextStopCheck = now + STOP_CHECK.toNanos();
                }
            } catch (SQLException | RuntimeException failed) {
                // as an application's consumer loop would: say so, and go on
                System.out.println(name + " failed a round, going on: " + failed);
            }
            if (worked == 0) {
                Thread.sleep(2);
            }
        }
        String stats = engine.stats().toString();
        execute("UPDATE crash_node SET stats = ?, claims_taken_over = ? WHERE name = ?", stats,
                store.claimsTakenOver(), name);
        System.out.println(name + " stopped, having taken over " + store.claimsTakenOver() + " claims: " + stats);
    }

    /**
     * Takes a batch of events, hands each to the engine, and deletes them in the transaction that
     * took them: an event whose node dies before the commit is taken again by another node.
     */
    private int acceptFromInbox() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Long> taken = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement("SELECT seq, event_id, contact_id,"
                    + " occurred_millis FROM crash_inbox ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED")) {
                take.setInt(1, INBOX_BATCH);
                try (ResultSet rows = take.executeQuery()) {
                    while (rows.next()) {
                        taken.add(rows.getLong(1));
                        engine.accept(Event.of(rows.getString(2), "signed.up", rows.getString(3),
                                Instant.ofEpochMilli(rows.getLong(4))));
                    }
                }
            }
            if (!taken.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM crash_inbox WHERE seq = ANY (?)")) {
                    Array seqs = connection.createArrayOf("bigint", taken.toArray());
                    delete.setArray(1, seqs);
                    delete.executeUpdate();
                }
            }
            connection.commit();
            return taken.size();
        }
    }

    private boolean stopRequested() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT stop_requested FROM crash_node WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /**
     * The stall of one node right after a claim, before it evaluates and saves the contacts it
     * claimed: once the test arms it ({@code crash_stall.armed}), the first node whose claim
     * returns contacts takes it (writes its name and how many contacts it claimed), then stalls
     * until the test kills it. What it claimed stays claimed until the lease ends, and is then
     * taken over by another node: the take-over {@link PostgresJourneyStore#claimsTakenOver()}
     * counts.
     */
    private record ClaimStall(DataSource dataSource, String node) {

        void afterClaim(List<DueContact> page) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (PreparedStatement armed = connection.prepareStatement(
                        "SELECT armed AND node IS NULL FROM crash_stall WHERE id = 1");
                     ResultSet row = armed.executeQuery()) {
                    if (!row.next() || !row.getBoolean(1)) {
                        return;
                    }
                }
                try (PreparedStatement take = connection.prepareStatement("UPDATE crash_stall SET node = ?,"
                        + " contacts = ? WHERE id = 1 AND armed AND node IS NULL")) {
                    take.setString(1, node);
                    take.setInt(2, page.size());
                    if (take.executeUpdate() == 0) {
                        return; // another node took it first
                    }
                }
            } catch (SQLException failed) {
                throw new IllegalStateException("could not read or take the claim stall", failed);
            }
            System.out.println(node + " claimed " + page.size() + " due contacts and stalls before saving them,"
                    + " until it is killed");
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ignored) {
                    // stalls on: only the kill ends it (or the node's lifetime)
                }
            }
        }
    }

    /**
     * The channel: each call is a row of {@code crash_call} (what a provider that ignores keys
     * would deliver), and the first call with a key is a row of {@code crash_delivery} (what one
     * that honours keys delivers). Each row is committed on its own, at once, outside any
     * transaction of the node's: a delivery stays delivered when the node dies or stalls right
     * after it, as a real provider's would. A call that fails throws, and the engine retries it
     * with the same key.
     */
    private record TableChannel(DataSource dataSource, String node) implements MessageChannel {

        @Override
        public void send(OutgoingMessage message) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                insert(connection, "INSERT INTO crash_call (idempotency_key, contact_id, message, node)"
                        + " VALUES (?, ?, ?, ?)", message);
                insert(connection, "INSERT INTO crash_delivery (idempotency_key, contact_id, message, node)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING", message);
            } catch (SQLException failed) {
                throw new IllegalStateException("the crash test's channel could not record " + message.key(), failed);
            }
        }

        private void insert(Connection connection, String sql, OutgoingMessage message) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, message.key().toString());
                insert.setString(2, message.contactId());
                insert.setString(3, message.message());
                insert.setString(4, node);
                insert.executeUpdate();
            }
        }
    }
}
