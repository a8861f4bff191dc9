package dev.journeys.bench;

import dev.journeys.bench.peers.CamundaRunner;
import dev.journeys.bench.peers.FlowableRunner;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs {@link WelcomeJourney} for the same number of contacts on this engine, the hand-written
 * baseline, Camunda 7 and Flowable, in one JVM (so with the same flags), and prints contacts per
 * second for each, heap bytes per waiting contact, and the ratios.
 *
 * <p>Each implementation first warms up: its first round also measures the heap, after a full GC
 * once it is set up and again once every contact waits (the difference over the number of
 * contacts is its heap per waiting contact); more rounds follow until ten seconds have passed. Then the timed rounds run, taking turns between
 * the implementations so that a change in the machine's load falls on all of them alike. A round
 * is timed in two phases: every contact enters, then the clock moves two days on and every due
 * timer runs; contacts per second is the number of contacts over the two phases' time. The
 * summary gives the median round, and the slowest and fastest.
 *
 * <p>Run it with {@code mvn -q -pl journey-bench -am package -DskipTests && java -Xms2g -Xmx2g -cp
 * journey-bench/target/benchmarks.jar dev.journeys.bench.SideBySide}, adding, to change the
 * defaults, {@code contacts=100000 rounds=5 runners=journey-engine,hand-written,camunda-7,flowable}.
 */
public final class SideBySide {

    private static final long WARM_UP_NANOS = 10_000_000_000L;
    private static final int MAX_WARM_UP_ROUNDS = 100;

    private SideBySide() {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code contacts=N} (default 10,000), {@code rounds=N} (timed rounds, default 5),
     *     {@code runners=a,b} (default all: journey-engine, hand-written, camunda-7, flowable)
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the peers log every start at INFO
        }
        Map<String, String> options = options(args);
        int contacts = Integer.parseInt(options.getOrDefault("contacts", "10000").replace("_", "").replace(",", ""));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        Map<String, Supplier<JourneyRunner>> all = new LinkedHashMap<>();
        all.put("journey-engine", EngineRunner::new);
        all.put("hand-written", HandWrittenRunner::new);
        all.put("camunda-7", CamundaRunner::new);
        all.put("flowable", FlowableRunner::new);
        List<String> chosen = Arrays.asList(options.getOrDefault("runners", String.join(",", all.keySet())).split(","));
        List<JourneyRunner> runners = new ArrayList<>();
        for (String name : chosen) {
            Supplier<JourneyRunner> runner = all.get(name.trim());
            if (runner == null) {
                throw new IllegalArgumentException("unknown runner '" + name + "'; known: " + all.keySet());
            }
            runners.add(runner.get());
        }
        run(contacts, rounds, runners, System.out);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are name=value (contacts, rounds, runners), was '" + arg + "'");
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    /** What one implementation measured. */
    private static final class Figures {
        final JourneyRunner runner;
        final List<double[]> rounds = new ArrayList<>(); // {entry seconds, timer seconds}
        long bytesPerWaiting = -1;
        Optional<String> failure = Optional.empty();

        Figures(JourneyRunner runner) {
            this.runner = runner;
        }

        double rate(double[] round, int contacts) {
            return contacts / (round[0] + round[1]);
        }

        double[] medianRound(int contacts) {
            List<double[]> sorted = new ArrayList<>(rounds);
            sorted.sort((a, b) -> Double.compare(rate(a, contacts), rate(b, contacts)));
            return sorted.get(sorted.size() / 2);
        }
    }

    static void run(int contacts, int rounds, List<JourneyRunner> runners, PrintStream out) {
        Locale.setDefault(Locale.ROOT);
        out.printf("Side by side: the welcome journey (enter, send, wait 2 days, branch, send, end), %,d contacts,"
                + " at least 10 s of warm-up and %d timed rounds each%n", contacts, rounds);
        out.printf("JVM: %s %s, flags %s, %d processors, max heap %,d MB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        List<Figures> all = new ArrayList<>();
        for (JourneyRunner runner : runners) {
            Figures figures = new Figures(runner);
            all.add(figures);
            try {
                out.printf("%-15s %s%n", runner.name(), runner.description());
            } catch (RuntimeException | LinkageError failure) {
                figures.failure = Optional.of(failure.toString());
                out.printf("%-15s FAILED to load: %s%n", runner.name(), failure);
            }
        }
        out.println();
        for (Figures figures : all) {
            if (figures.failure.isEmpty()) {
                warmUp(figures, contacts, out);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (Figures figures : all) {
                if (figures.failure.isEmpty()) {
                    timedRound(figures, contacts, round, out);
                }
            }
        }
        summary(all, contacts, out);
    }

    private static void warmUp(Figures figures, int contacts, PrintStream out) {
        try {
            JourneyRunner.Round round = figures.runner.prepare(contacts);
            long began = System.nanoTime();
            try (round) {
                long before = usedAfterGc();
                long start = System.nanoTime();
                round.enterAll();
                long entered = System.nanoTime();
                long waiting = usedAfterGc();
                long timers = System.nanoTime();
                round.fireAllDue();
                long end = System.nanoTime();
                round.verify();
                figures.bytesPerWaiting = (waiting - before) / contacts;
                out.printf("warm-up  %-15s entry %7.3f s, timers %7.3f s; %,d bytes of heap per waiting contact%n",
                        figures.runner.name(), (entered - start) / 1e9, (end - timers) / 1e9, figures.bytesPerWaiting);
            }
            // Further warm-up rounds until WARM_UP_NANOS have passed, so the fast runners are
            // compiled as fully as the slow ones, whose one round lasts longer than that.
            int rounds = 1;
            while (System.nanoTime() - began < WARM_UP_NANOS && rounds < MAX_WARM_UP_ROUNDS) {
                try (JourneyRunner.Round again = figures.runner.prepare(contacts)) {
                    again.enterAll();
                    again.fireAllDue();
                    again.verify();
                }
                rounds++;
            }
            out.printf("warm-up  %-15s %d rounds in %.1f s%n", figures.runner.name(), rounds,
                    (System.nanoTime() - began) / 1e9);
        } catch (RuntimeException | LinkageError failure) {
            figures.failure = Optional.of(failure.toString());
            out.printf("warm-up  %-15s FAILED: %s%n", figures.runner.name(), failure);
            failure.printStackTrace(out);
        }
    }

    private static void timedRound(Figures figures, int contacts, int number, PrintStream out) {
        try {
            JourneyRunner.Round round = figures.runner.prepare(contacts);
            try (round) {
                usedAfterGc(); // each round starts from a collected heap
                long start = System.nanoTime();
                round.enterAll();
                long entered = System.nanoTime();
                round.fireAllDue();
                long end = System.nanoTime();
                round.verify();
                double[] times = {(entered - start) / 1e9, (end - entered) / 1e9};
                figures.rounds.add(times);
                out.printf("round %d  %-15s entry %7.3f s, timers %7.3f s; %,12.0f contacts/s%n", number,
                        figures.runner.name(), times[0], times[1], figures.rate(times, contacts));
            }
        } catch (RuntimeException | LinkageError failure) {
            figures.failure = Optional.of(failure.toString());
            out.printf("round %d  %-15s FAILED: %s%n", number, figures.runner.name(), failure);
            failure.printStackTrace(out);
        }
    }

    private static void summary(List<Figures> all, int contacts, PrintStream out) {
        out.printf("%nSummary, %,d contacts (median round; slowest-fastest in brackets):%n%n", contacts);
        out.println("| runner | contacts/s end to end | entries/s | timers fired/s | heap bytes per waiting contact |");
        out.println("|---|---:|---:|---:|---:|");
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Figures figures : all) {
            if (figures.rounds.isEmpty()) {
                out.printf("| %s | failed: %s | | | |%n", figures.runner.name(), figures.failure.orElse("no round ran"));
                continue;
            }
            double[] median = figures.medianRound(contacts);
            double slowest = figures.rounds.stream().mapToDouble(r -> figures.rate(r, contacts)).min().orElseThrow();
            double fastest = figures.rounds.stream().mapToDouble(r -> figures.rate(r, contacts)).max().orElseThrow();
            double rate = figures.rate(median, contacts);
            rates.put(figures.runner.name(), rate);
            out.printf("| %s | %,.0f (%,.0f-%,.0f) | %,.0f | %,.0f | %,d |%n", figures.runner.name(), rate, slowest,
                    fastest, contacts / median[0], contacts / median[1], figures.bytesPerWaiting);
        }
        out.println();
        Double engine = rates.get("journey-engine");
        if (engine == null) {
            return;
        }
        for (Map.Entry<String, Double> peer : rates.entrySet()) {
            if (peer.getKey().equals("journey-engine")) {
                continue;
            }
            if (peer.getKey().equals("hand-written")) {
                out.printf("hand-written baseline / journey-engine: %.2f (the engine runs at %.1f%% of the baseline's rate)%n",
                        peer.getValue() / engine, 100 * engine / peer.getValue());
            } else {
                out.printf("journey-engine / %s: %,.0f times as many contacts per second%n", peer.getKey(),
                        engine / peer.getValue());
            }
        }
    }

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
