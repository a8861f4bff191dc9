package dev.journeys.store.postgres.stress;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two engines on one store under a mixed stream, with what the library promises checked on every
 * channel call: no key sent twice; no send for an instance after an {@code accept} that reported
 * its exit (a purchase) or unsubscribe had returned, on either engine (a call already under way
 * then is counted, and at most one per engine); no send without consent; the shared cap never
 * exceeded; each duplicated event id applied once; and, after a six-day drain, the engines'
 * counters add up with what the channel and the feeders saw, and no provider call outlived the
 * store's lease ({@link StressRun#LEASE}, longer than anything a call can straddle here, so a key
 * sent twice is never the take-over allowed after one). Each seed is a test that fails on any
 * violation, naming the seed and the first example of each invariant it broke.
 *
 * <p>Per seed: 2,000 contacts (5% without email consent in the directory), the three journeys of
 * {@link StressJourneys} under one engine-wide cap, two engines built from the public API on one
 * in-memory store (or two {@code PostgresJourneyStore}s on one embedded PostgreSQL), 8 threads
 * feeding sign-ups, views, abandoned carts, clicks on the last message delivered, purchases (the
 * journeys' exit trigger), unsubscribes and consents given back, about one in ten twice with the
 * same id, and one thread moving a shared virtual clock half an hour at a time and calling
 * {@code runDue} on the engines by turns ({@link StressRun}, {@link StressPlan}); how each moment
 * is ordered is {@link StressLedger}'s. The stream of a seed comes from
 * {@code SplittableRandom(seed)}; the threads' interleaving does not, so two runs of one seed find
 * about, not exactly, the same.
 *
 * <p>The ordinary test run runs {@value #MEMORY_SEEDS} seeds on the in-memory store and
 * {@value #POSTGRES_SEEDS} on PostgreSQL. System properties choose others, and the figures of
 * each store's seeds are printed after them:
 * <ul>
 *   <li>{@code stress.store}: {@code memory}, {@code postgres} or {@code both} (the default);
 *   <li>{@code stress.seeds}: how many seeds on each store chosen;
 *   <li>{@code stress.firstSeed}: the first seed (default 1);
 *   <li>{@code stress.latencyMicros}: how long each channel call takes (default 0).
 * </ul>
 * For example, 100 seeds on PostgreSQL:
 * <pre>{@code
 * mvn -B -o -pl journey-store-postgres -am test -Dtest=TwoEngineStressTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstress.store=postgres -Dstress.seeds=100
 * }</pre>
 */
class TwoEngineStressTest {

    /** Seeds on the in-memory store in the ordinary test run. */
    static final int MEMORY_SEEDS = 5;
    /** Seeds on PostgreSQL in the ordinary test run. */
    static final int POSTGRES_SEEDS = 2;
    /** Far longer than a seed takes on a slow machine; a seed that runs longer has hung. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    @TestFactory
    Stream<DynamicTest> inMemoryStore() throws IOException {
        return seeds(StressStores.MEMORY, "in-memory", MEMORY_SEEDS);
    }

    @TestFactory
    Stream<DynamicTest> postgreSql() throws IOException {
        return seeds(StressStores.POSTGRES, "PostgreSQL", POSTGRES_SEEDS);
    }

    /** One test per seed on the store, then one that prints the figures of them all. */
    private static Stream<DynamicTest> seeds(String store, String storeName, int ordinarySeeds) throws IOException {
        StressOptions options = StressOptions.of(System.getProperties(), ordinarySeeds);
        assumeTrue(options.runs(store), () -> "stress.store is " + options.store() + ", not " + store);
        StressStores stores = StressStores.of(store, StressRun.LEASE);
        StressRun run = new StressRun(options.settings(), stores);
        String runName = storeName + ", " + options.seeds() + " seeds from " + options.firstSeed()
                + (options.latencyMicros() == 0 ? "" : ", latencyMicros=" + options.latencyMicros());
        StressReport report = new StressReport(runName, options.settings(), System.out);
        Stream<DynamicTest> seeds = LongStream.range(options.firstSeed(), options.firstSeed() + options.seeds())
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    StressRun.Result result = assertTimeoutPreemptively(PATIENCE, () -> run.run(seed),
                            () -> "seed " + seed + " on the " + storeName + " store ran longer than " + PATIENCE);
                    report.add(result);
                    if (result.violations().total() > 0) {
                        fail("seed " + seed + " on the " + storeName + " store broke what the engines promise (run it"
                                + " alone with -Dstress.store=" + store + " -Dstress.firstSeed=" + seed
                                + " -Dstress.seeds=1):" + result.violations().describe());
                    }
                }));
        return Stream.concat(seeds, Stream.of(DynamicTest.dynamicTest("figures", report::printTotals)))
                .onClose(() -> close(stores));
    }

    private static void close(StressStores stores) {
        try {
            stores.close();
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot stop the stress test's stores", failed);
        }
    }
}
