package dev.journeys.store.postgres;

import dev.journeys.core.ContactState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three engine nodes, each a JVM of its own, share one PostgreSQL database and run a three-message
 * journey for {@value #CONTACTS} contacts under a virtual clock kept in the database (twenty
 * times faster than real time). The contacts enter at one instant, so each wait ends for all of
 * them at once and a node claims a batch of them. While the first timers fire, the node sending
 * is killed ({@code kill -KILL}); while the second fire, the node then sending is stopped
 * ({@code kill -STOP}) and left stopped, far past its lease, until the third node has finished
 * every contact, taking over what the other two held; then it is continued ({@code kill -CONT})
 * and runs on with the stale claims it held.
 *
 * <p>Then: every timer fired and every message was sent (none lost), a channel that honours
 * idempotency keys delivered each message once, and one that does not saw at most one duplicate
 * per crash. The figures are printed and written to {@code target/crash/figures.txt}; the nodes'
 * logs are beside them.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "stops and continues processes with kill signals")
class CrashTest {

    private static final int CONTACTS = 600;
    private static final int CRASHES = 2;
    private static final Duration TICK = Duration.ofMillis(10); // real time between clock moves
    private static final Duration TICK_STEP = Duration.ofMillis(200); // virtual time per move: 20 x real time
    private static final Duration PAUSE_JUMP = Duration.ofMinutes(5); // the clock's jump when a node is stopped
    private static final Duration AFTER_CONTINUE = Duration.ofSeconds(2); // real time a continued node runs
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final Path OUTPUT = Path.of("target", "crash");

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nodesKilledOrPausedMidRunLoseNoTimerOrEffectAndDeliverEachMessageOnce() throws Exception {
        DataSource db = DATABASE.dataSource();
        new PostgresSchema(db).migrate();
        CrashRig.createTables(db);
        Files.createDirectories(OUTPUT);
        int expected = CONTACTS * CrashRig.MESSAGES.length;
        Map<String, Process> nodes = new LinkedHashMap<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        List<String> story = new ArrayList<>();
        try {
            for (String name : List.of("node-a", "node-b", "node-c")) {
                nodes.put(name, startNode(name));
            }
            await("all three nodes to start", () -> count(db, "SELECT count(*) FROM crash_node") == nodes.size());
            feedSignUps(db); // at one instant: every contact's timers are then due together
            await("every contact's first message", () -> count(db, "SELECT count(*) FROM crash_delivery") == CONTACTS);
            ticker.scheduleAtFixedRate(() -> moveClock(db, TICK_STEP), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);

            await("the first timers to fire", () -> sent(db, "tips") >= CONTACTS / 10);
            String killed = lastSender(db); // working through the due contacts it claimed
            signal("KILL", nodes.get(killed));
            assertThat(nodes.get(killed).waitFor(10, TimeUnit.SECONDS)).isTrue();
            story.add(killed + " killed (kill -KILL) while sending tips, " + sent(db, "tips") + " of " + CONTACTS
                    + " sent");

            await("the second timers to fire", () -> sent(db, "offer") >= CONTACTS / 10);
            String paused = lastSender(db);
            signal("STOP", nodes.get(paused));
            long offersBefore = sent(db, "offer");
            moveClock(db, PAUSE_JUMP);
            // it stays stopped until the third node finished everything: what it claimed must be taken over
            boolean finished = within(PATIENCE, () -> count(db, "SELECT count(*) FROM crash_delivery")
                    >= expected && unfinished(db) == 0);
            signal("CONT", nodes.get(paused));
            Thread.sleep(AFTER_CONTINUE.toMillis()); // it goes on with the work it held, its claims stale
            story.add(paused + " stopped (kill -STOP) while sending offers, " + offersBefore + " of " + CONTACTS
                    + " sent; the clock jumped " + PAUSE_JUMP.toMinutes() + " minutes (the lease is "
                    + CrashRig.LEASE.toSeconds() + " s); continued (kill -CONT) "
                    + (finished ? "once every contact had finished the journey"
                            : "after waiting " + PATIENCE.toSeconds() + " s in vain for every contact to finish"));
            execute(db, "UPDATE crash_node SET stop_requested = true");
            for (String name : nodes.keySet()) {
                if (!name.equals(killed)) {
                    assertThat(nodes.get(name).waitFor(30, TimeUnit.SECONDS)).as(name + " stops when asked").isTrue();
                    assertThat(nodes.get(name).exitValue()).as(name + "'s exit status").isZero();
                }
            }
        } finally {
            ticker.shutdownNow();
            nodes.values().forEach(Process::destroyForcibly);
        }

        CrashFigures figures = CrashFigures.read(db, CONTACTS, unfinished(db), CRASHES);
        String report = String.join("\n", story) + "\n" + figures + "\n";
        Files.writeString(OUTPUT.resolve("figures.txt"), report);
        System.out.print(report);

        assertThat(count(db, "SELECT count(*) FROM crash_inbox")).as("events left in the inbox").isZero();
        assertThat(figures.timersLost()).as("timers lost").isZero();
        assertThat(figures.effectsLost()).as("effects lost").isZero();
        assertThat(figures.unfinishedContacts()).as("contacts with work left").isZero();
        assertThat(figures.duplicatesWithKeys()).as("duplicates through a channel that honours keys").isZero();
        assertThat(figures.duplicatesWithoutKeys()).as("duplicates through a channel that ignores keys")
                .isLessThanOrEqualTo(CRASHES);
    }

    private Process startNode(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashNode.class.getName(),
                DATABASE.jdbcUrl(), name, Integer.toString(CONTACTS));
        builder.redirectErrorStream(true);
        builder.redirectOutput(OUTPUT.resolve(name + ".log").toFile());
        return builder.start();
    }

    /** Puts one sign-up per contact in the inbox, at the clock's instant. */
    private void feedSignUps(DataSource db) throws SQLException {
        try (Connection connection = db.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO crash_inbox"
                     + " (event_id, contact_id, occurred_millis) SELECT ?, ?, now_millis FROM crash_clock")) {
            for (int i = 0; i < CONTACTS; i++) {
                insert.setString(1, "signup-" + i);
                insert.setString(2, CrashRig.contactId(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long sent(DataSource db, String message) {
        return count(db, "SELECT count(*) FROM crash_delivery WHERE message = '" + message + "'");
    }

    /** Names the node that called the channel last. */
    private static String lastSender(DataSource db) throws SQLException {
        try (Connection connection = db.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT node FROM crash_call ORDER BY seq DESC LIMIT 1");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    /** Counts the contacts still in the journey or with an effect not yet dispatched. */
    private static long unfinished(DataSource db) {
        PostgresJourneyStore store = new PostgresJourneyStore(db, java.time.InstantSource.fixed(CrashRig.START), CrashRig.LEASE);
        long unfinished = 0;
        for (int i = 0; i < CONTACTS; i++) {
            ContactState state = store.load(CrashRig.contactId(i)).orElse(null);
            if (state == null || !state.instances().isEmpty() || !state.outbox().isEmpty()) {
                unfinished++;
            }
        }
        return unfinished;
    }

    private static void signal(String signal, Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + process.pid()).isZero();
    }

    private static void moveClock(DataSource db, Duration by) {
        try {
            execute(db, "UPDATE crash_clock SET now_millis = now_millis + " + by.toMillis());
        } catch (SQLException failed) {
            throw new IllegalStateException("could not move the clock", failed);
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        if (!within(PATIENCE, done)) {
            throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what
                    + "; see the nodes' logs in " + OUTPUT.toAbsolutePath());
        }
    }

    private static boolean within(Duration patience, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    static long count(DataSource db, String sql) {
        try (Connection connection = db.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException failed) {
            throw new IllegalStateException("could not run " + sql, failed);
        }
    }

    private static void execute(DataSource db, String sql) throws SQLException {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
