package dev.journeys.bench;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.testkit.VirtualClock;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The thread CPU time per contact of {@link EndToEndBenchmark}'s phases (entries, the timers after
 * the wait, the two together) and per event of {@link IngestionBenchmark#continuing()}, on one
 * thread: a figure that other loads on a shared machine disturb less than wall-clock throughput.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp journey-bench/target/benchmarks.jar dev.journeys.bench.ContactCpuTime 50 80
 * </pre>
 *
 * <p>Arguments: rounds of warm-up, rounds measured (each {@value EndToEndBenchmark#CONTACTS}
 * contacts, or 100,000 events). Prints the median of the measured rounds with its quartiles and
 * minimum.
 */
public final class ContactCpuTime {

    private static final int EVENTS_PER_ROUND = 100_000;

    private ContactCpuTime() {
    }

    /**
     * Runs the rounds and prints the figures.
     *
     * @param args rounds of warm-up, rounds measured
     */
    public static void main(String[] args) {
        int warmUp = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        EndToEndBenchmark.Drivers drivers = new EndToEndBenchmark.Drivers();
        drivers.threads = 1;
        int contacts = EndToEndBenchmark.CONTACTS;
        double[] entries = new double[rounds];
        double[] timers = new double[rounds];
        for (int round = -warmUp; round < rounds; round++) {
            VirtualClock clock = VirtualClock.at(WelcomeJourney.START);
            Sends sends = new Sends();
            JourneyEngine engine = drivers.engine(clock, sends);
            long started = threads.getCurrentThreadCpuTime();
            drivers.enter(engine, 0, 1);
            long entered = threads.getCurrentThreadCpuTime();
            clock.advance(WelcomeJourney.WAIT);
            engine.runDue();
            long fired = threads.getCurrentThreadCpuTime();
            engine.close();
            sends.requireCompleted(contacts, "the engine");
            if (round >= 0) {
                entries[round] = (entered - started) / (double) contacts;
                timers[round] = (fired - entered) / (double) contacts;
            }
        }
        IngestionBenchmark ingestion = new IngestionBenchmark();
        ingestion.start();
        double[] continuing = new double[rounds];
        for (int round = -warmUp; round < rounds; round++) {
            long started = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < EVENTS_PER_ROUND; i++) {
                ingestion.continuing();
            }
            if (round >= 0) {
                continuing[round] = (threads.getCurrentThreadCpuTime() - started) / (double) EVENTS_PER_ROUND;
            }
        }
        ingestion.close();
        double[] journey = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            journey[i] = entries[i] + timers[i];
        }
        System.out.printf("entries    ns/contact %s%n", summary(entries));
        System.out.printf("timers     ns/contact %s%n", summary(timers));
        System.out.printf("journey    ns/contact %s%n", summary(journey));
        System.out.printf("continuing ns/event   %s%n", summary(continuing));
    }

    private static String summary(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        return String.format("median %.0f (p25 %.0f, p75 %.0f, min %.0f) = %.0f per second of CPU", median,
                sorted[sorted.length / 4], sorted[3 * sorted.length / 4], sorted[0], 1e9 / median);
    }
}
