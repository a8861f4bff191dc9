package dev.journeys.bench;

import dev.journeys.bench.StressViolations.Invariant;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two engines on one store under a mixed stream, checking on every channel call what the
 * library promises: no key sent twice; no send after an exit or unsubscribe for that contact was
 * accepted by either engine (a provider call already under way is counted, not blamed); the
 * shared cap never exceeded; no send without consent; and, after the run, that the engines'
 * counters add up and each duplicated event id was applied once. It is a measurement, not a
 * test: it prints the violations per seed and in total, with the first example of each kind, and
 * throughput, and exits with 0 whatever it found.
 *
 * <p>Per seed: 2,000 contacts (5% without email consent in the directory), the three journeys of
 * {@link StressJourneys} with one engine-wide {@link dev.journeys.core.FrequencyCap}, two engines
 * built from the public API on one {@link JourneyStore#inMemory()} store (or one PostgreSQL
 * database), 8 threads feeding sign-ups, views, abandoned carts, clicks on the last message
 * delivered, purchases (the journeys' exit trigger), unsubscribes and consents given back, about
 * one in ten twice with the same id, and one thread moving a shared {@link VirtualClock} and
 * calling {@code runDue} on the engines by turns (see {@link StressRun} and {@link StressPlan});
 * how each moment is ordered is {@link StressLedger}'s. The stream of a seed comes from
 * {@code SplittableRandom(seed)}; the threads' interleaving does not, so two runs of one seed find
 * about, not exactly, the same.
 *
 * <p>Run it with {@code mvn -q -o -pl journey-bench -am package -DskipTests && java -cp
 * journey-bench/target/benchmarks.jar dev.journeys.bench.TwoEngineStress seeds=100}.
 */
public final class TwoEngineStress {

    private static final List<String> OPTIONS = List.of("seeds", "firstSeed", "contacts", "threads", "rounds",
            "ticks", "latencyMicros", "store");

    private TwoEngineStress() {
    }

    /**
     * Runs the seeds and prints what they found.
     *
     * @param args {@code seeds=N} (default 5), {@code firstSeed=N} (default 1), {@code contacts=N}
     *     (default 2,000), {@code threads=N} feeding threads (default 8), {@code rounds=N} (default
     *     24, three hours of the clock each), {@code ticks=N} times the clock moves in a round
     *     (default 6, half an hour each), {@code latencyMicros=N} how long each channel call
     *     takes (default 0), {@code store=memory|postgres} (default memory)
     * @throws IOException if the embedded PostgreSQL cannot start or stop
     */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error"); // provider refusals are logged at WARN
        }
        Locale.setDefault(Locale.ROOT);
        Map<String, String> options = options(args);
        int seeds = number(options, "seeds", 5, 1);
        long firstSeed = number(options, "firstSeed", 1, Integer.MIN_VALUE);
        StressRun.Settings settings = new StressRun.Settings(number(options, "contacts", 2_000, 1),
                number(options, "threads", 8, 1), number(options, "rounds", 24, 2),
                number(options, "ticks", 6, 1), number(options, "latencyMicros", 0, 0) * 1_000L);
        String store = options.getOrDefault("store", "memory");
        PrintStream out = System.out;
        out.printf("Two-engine stress: %d seeds from %d, %,d contacts, %d feeding threads, %d rounds of %s, one runDue"
                        + " thread moving the clock %d times a round, channel latency %d us, store %s; %d processors%n",
                seeds, firstSeed, settings.contacts(), settings.threads(), settings.rounds(), StressRun.ROUND,
                settings.ticks(),
                settings.latencyNanos() / 1_000, store, Runtime.getRuntime().availableProcessors());
        try (StressStores stores = StressStores.of(store)) {
            run(new StressRun(settings, stores), firstSeed, seeds, out);
        }
    }

    private static void run(StressRun stress, long firstSeed, int seeds, PrintStream out) {
        StressViolations total = new StressViolations();
        long inputs = 0;
        long delivered = 0;
        long stops = 0;
        long startedBeforeStop = 0;
        long mostAtOneStop = 0;
        long conflicts = 0;
        long failures = 0;
        double feedSeconds = 0;
        double drainSeconds = 0;
        int seedsWithViolations = 0;
        String firstFailure = null;
        long began = System.nanoTime();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            StressRun.Result result = stress.run(seed);
            StressViolations found = result.violations();
            out.printf("seed %d: %,d inputs (%,d copies) %s; %,d delivered, %,d refused; %,d stops, %d calls under way"
                            + " at one; %,d conflicts retried; violations %s; feed %.2f s (%,.0f inputs/s), drain %.2f s%n",
                    seed, result.inputs(), result.copies(), result.acceptances(), result.delivered(), result.refused(),
                    result.stops(), result.startedBeforeStop(), result.conflicts(), counts(found),
                    result.feedSeconds(), result.inputs() / result.feedSeconds(), result.drainSeconds());
            if (result.firstFailure() != null) {
                out.printf("  failures: %d processing, %d runDue; first: %s%n", result.processingFailures(),
                        result.runDueFailures(), result.firstFailure());
                firstFailure = firstFailure == null ? "seed " + seed + ": " + result.firstFailure() : firstFailure;
            }
            total.addAll(found);
            seedsWithViolations += found.total() > 0 ? 1 : 0;
            inputs += result.inputs();
            delivered += result.delivered();
            stops += result.stops();
            startedBeforeStop += result.startedBeforeStop();
            mostAtOneStop = Math.max(mostAtOneStop, result.mostStartedBeforeOneStop());
            conflicts += result.conflicts();
            failures += result.processingFailures() + result.runDueFailures() + result.acceptances().get("THREW");
            feedSeconds += result.feedSeconds();
            drainSeconds += result.drainSeconds();
        }
        double wall = (System.nanoTime() - began) / 1e9;
        out.printf("%nTotal over %d seeds (%.1f s): %,d inputs, %,d deliveries, %,d stops accepted, %,d conflicts"
                        + " retried, %,d failures; %,.0f inputs/s while feeding, %,.0f deliveries/s over feed and"
                        + " drain%n", seeds, wall, inputs, delivered, stops, conflicts, failures,
                inputs / feedSeconds, delivered / (feedSeconds + drainSeconds));
        out.printf("Channel calls already under way when a stop of theirs was accepted (allowed, counted): %,d;"
                + " at most %d at one stop%n", startedBeforeStop, mostAtOneStop);
        if (firstFailure != null) {
            out.println("First failure: " + firstFailure);
        }
        for (Invariant invariant : Invariant.values()) {
            long count = total.count(invariant);
            out.printf("  %-45s %,8d%s%n", invariant.text() + ":", count,
                    count == 0 ? "" : "   e.g. " + total.example(invariant));
        }
        out.printf("%nSUMMARY: %d of %d seeds violated an invariant; %,d violations in all (%s)%n",
                seedsWithViolations, seeds, total.total(), counts(total));
    }

    private static String counts(StressViolations violations) {
        StringBuilder text = new StringBuilder();
        for (Invariant invariant : Invariant.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(invariant.name().toLowerCase(Locale.ROOT))
                    .append(' ').append(violations.count(invariant));
        }
        return text.toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1 || !OPTIONS.contains(arg.substring(0, eq))) {
                throw new IllegalArgumentException("arguments are name=value, the names " + OPTIONS + "; was '" + arg
                        + "'");
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static int number(Map<String, String> options, String name, int fallback, int least) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'", notANumber);
        }
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
        }
        return value;
    }
}
