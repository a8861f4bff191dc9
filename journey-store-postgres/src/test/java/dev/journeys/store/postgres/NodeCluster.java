package dev.journeys.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.journeys.core.ContactState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine nodes of the crash tests, each a JVM of its own ({@link CrashNode}) on one database, and
 * what the tests do to them and read from the database (through a small pool of its own). The
 * virtual clock runs ten times faster than real time once {@link #startClock() started}; signals
 * are sent with the {@code kill} command. Each node's output goes to
 * {@code target/<test>/<node>.log}.
 */
final class NodeCluster implements AutoCloseable {

    /** How many contacts sign up. */
    static final int CONTACTS = 600;
    /** How long a test waits for something before it gives up. */
    static final Duration PATIENCE = Duration.ofSeconds(150);

    private static final Duration TICK = Duration.ofMillis(10); // real time between clock moves
    private static final Duration TICK_STEP = Duration.ofMillis(100); // virtual time per move: 10 x real time
    private static final Duration NODE_LIFETIME = Duration.ofMinutes(10); // a node left behind ends itself

    private final HikariDataSource db;
    private final String jdbcUrl;
    private final Path output;
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    /** Creates the store's schema and the rig's tables on a fresh database. */
    NodeCluster(EmbeddedDatabase database, Path output) throws SQLException, IOException {
        this.jdbcUrl = database.jdbcUrl();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(3);
        pool.setPoolName("crash-test");
        this.db = new HikariDataSource(pool);
        this.output = output;
        new PostgresSchema(db).migrate();
        CrashRig.createTables(db);
        Files.createDirectories(output);
    }

    /** Starts a node per name and waits until each has said it runs. */
    void start(String... names) throws IOException, InterruptedException {
        start(false, names);
    }

    /**
     * Starts a node per name, each of which may be the one to stall right after a claim once
     * {@link #armClaimStall() armed}, and waits until each has said it runs.
     */
    void startStallingOnClaim(String... names) throws IOException, InterruptedException {
        start(true, names);
    }

    private void start(boolean mayStall, String... names) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String name : names) {
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CrashNode.class.getName(),
                    jdbcUrl, name, Integer.toString(CONTACTS), NODE_LIFETIME.toString(),
                    mayStall ? "stall-on-claim" : "no-stall");
            builder.redirectErrorStream(true);
            builder.redirectOutput(output.resolve(name + ".log").toFile());
            nodes.put(name, builder.start());
        }
        await("the nodes to start", () -> count("SELECT count(*) FROM crash_node") == nodes.size());
    }

    /** Puts one sign-up per contact in the inbox at the clock's instant, and waits for every first message. */
    void signUpEveryone() throws SQLException, InterruptedException {
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
        await("every contact's first message", () -> sent(CrashRig.MESSAGES[0]) == CONTACTS);
    }

    /** A node stalled right after claiming due contacts, before saving them. */
    record StalledNode(String name, int contactsClaimed) {
    }

    /** Has the next node whose claim of due work returns contacts stall right after it, until killed. */
    void armClaimStall() {
        execute("UPDATE crash_stall SET armed = true WHERE id = 1");
    }

    /** Waits until a node stalled after a claim, and names it. */
    StalledNode awaitClaimStall() throws InterruptedException {
        await("a node to stall right after a claim", () -> count("SELECT count(node) FROM crash_stall") == 1);
        try (Connection connection = db.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT node, contacts FROM crash_stall");
             ResultSet row = select.executeQuery()) {
            row.next();
            return new StalledNode(row.getString(1), row.getInt(2));
        } catch (SQLException failed) {
            throw new IllegalStateException("could not read the stalled node", failed);
        }
    }

    /** Counts the contacts under a claim whose lease has not run out on the virtual clock. */
    long contactsClaimed() {
        return count("SELECT count(*) FROM journey_contact, crash_clock WHERE claimed_until > now_millis");
    }

    /** Starts moving the virtual clock. */
    void startClock() {
        ticker.scheduleAtFixedRate(() -> {
            try {
                moveClock(TICK_STEP);
            } catch (RuntimeException failed) {
                System.out.println("the clock did not move this tick: " + failed); // the next tick tries again
            }
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves the virtual clock on by {@code by} at once. */
    void moveClock(Duration by) {
        execute("UPDATE crash_clock SET now_millis = now_millis + " + by.toMillis());
    }

    /** Returns how many contacts a message was delivered to. */
    long sent(String message) {
        return count("SELECT count(*) FROM crash_delivery WHERE message = '" + message + "'");
    }

    /** Names the node that called the channel last: one working through due contacts it claimed. */
    String lastSender() {
        try (Connection connection = db.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT node FROM crash_call ORDER BY seq DESC LIMIT 1");
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        } catch (SQLException failed) {
            throw new IllegalStateException("could not read the last sender", failed);
        }
    }

    /**
     * Cuts one connection, picked at random, of the nodes whose names match {@code nodes} (a
     * {@code LIKE} pattern) that is running a statement or in a transaction.
     *
     * @return the statement it was running (or ran last), if a connection was cut
     */
    Optional<String> cutBusyConnection(String nodes) {
        try (Connection connection = db.getConnection();
             PreparedStatement cut = connection.prepareStatement("SELECT query FROM (SELECT query,"
                     + " pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name LIKE ?"
                     + " AND state <> 'idle' ORDER BY random() LIMIT 1) busy WHERE cut")) {
            cut.setString(1, nodes);
            try (ResultSet row = cut.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("could not cut a connection", failed);
        }
    }

    /** Sends a node a signal ({@code KILL}, {@code STOP}, {@code CONT}). */
    void signal(String signal, String node) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(nodes.get(node).pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + node).isZero();
        if (signal.equals("KILL")) {
            assertThat(nodes.get(node).waitFor(10, TimeUnit.SECONDS)).as(node + " killed").isTrue();
        }
    }

    /** Waits until every contact was sent every message and has nothing left to do; false if it waited in vain. */
    boolean awaitEveryoneFinished() throws InterruptedException {
        long expected = (long) CONTACTS * CrashRig.MESSAGES.length;
        return within(PATIENCE, () -> count("SELECT count(*) FROM crash_delivery") >= expected && unfinished() == 0);
    }

    /** Asks the nodes still running to stop, and checks that each does, cleanly. */
    void stopRunningNodes() throws InterruptedException {
        execute("UPDATE crash_node SET stop_requested = true");
        for (Map.Entry<String, Process> node : nodes.entrySet()) {
            Process process = node.getValue();
            if (process.isAlive()) {
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(node.getKey() + " stops when asked").isTrue();
                assertThat(process.exitValue()).as(node.getKey() + "'s exit status").isZero();
            }
        }
    }

    /** Reads the figures, writes them with the story to {@code figures.txt}, and prints them. */
    CrashFigures figures(int crashes, String story) throws IOException {
        CrashFigures figures = CrashFigures.read(this, CONTACTS, unfinished(), crashes);
        String report = story + "\n" + figures + "\n";
        Files.writeString(output.resolve("figures.txt"), report);
        System.out.print(report);
        return figures;
    }

    /** Returns each node's engine statistics, saved when it stopped ("killed" if it did not). */
    String nodeStats() {
        StringBuilder text = new StringBuilder();
        try (Connection connection = db.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT name, coalesce(stats, 'killed') FROM crash_node ORDER BY name");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                text.append("\n  ").append(rows.getString(1)).append(": ").append(rows.getString(2));
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("could not read the nodes' statistics", failed);
        }
        return text.toString();
    }

    /** Counts the contacts still in the journey or with an effect not yet dispatched. */
    long unfinished() {
        PostgresJourneyStore store = new PostgresJourneyStore(db, InstantSource.fixed(CrashRig.START), CrashRig.LEASE);
        long unfinished = 0;
        for (int i = 0; i < CONTACTS; i++) {
            ContactState state = store.load(CrashRig.contactId(i)).orElse(null);
            if (state == null || !state.instances().isEmpty() || !state.outbox().isEmpty()) {
                unfinished++;
            }
        }
        return unfinished;
    }

    long count(String sql) {
        try (Connection connection = db.getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException failed) {
            throw new IllegalStateException("could not run " + sql, failed);
        }
    }

    void execute(String sql) {
        try (Connection connection = db.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException failed) {
            throw new IllegalStateException("could not run " + sql, failed);
        }
    }

    void await(String what, BooleanSupplier done) throws InterruptedException {
        if (!within(PATIENCE, done)) {
            throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + "; see the nodes' logs in "
                    + output.toAbsolutePath());
        }
    }

    static boolean within(Duration patience, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Stops the clock, kills every node still running and waits for it to end, and closes the pool. */
    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        for (Process node : nodes.values()) {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        db.close();
    }
}
