package dev.journeys.store.postgres.stress;

import dev.journeys.store.postgres.stress.StressViolations.Invariant;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The figures of the {@link TwoEngineStressTest} seeds run on one store: a line per seed as it
 * ends, then the totals, each invariant's count with its first example, and the row of the
 * README's table.
 *
 * <p>Not thread-safe: the seeds of a store run one after another.
 */
final class StressReport {

    private final String run;
    private final PrintStream out;
    private final StressViolations total = new StressViolations();
    private final long began = System.nanoTime();
    private int seeds;
    private int seedsWithViolations;
    private long inputs;
    private long delivered;
    private long stops;
    private long startedBeforeStop;
    private long mostAtOneStop;
    private long conflicts;
    private long overran;
    private long failures;
    private double feedSeconds;
    private double drainSeconds;
    private String firstFailure;

    /**
     * Starts the report of a store's seeds and prints what they run with.
     *
     * @param run the run, in words: the store and the settings that are not the defaults
     * @param settings the settings of every seed
     * @param out where the figures go
     */
    StressReport(String run, StressRun.Settings settings, PrintStream out) {
        this.run = run;
        this.out = out;
        out.printf(Locale.ROOT, "Two-engine stress, %s: %,d contacts, %d feeding threads, %d rounds of %s, one runDue"
                        + " thread moving the clock %d times a round, channel latency %d us, lease %s; %d processors%n",
                run, settings.contacts(), settings.threads(), settings.rounds(), StressRun.ROUND, settings.ticks(),
                settings.latencyNanos() / 1_000, StressRun.LEASE, Runtime.getRuntime().availableProcessors());
    }

    /** Prints a seed's figures and adds them to the totals. */
    void add(StressRun.Result result) {
        StressViolations found = result.violations();
        out.printf(Locale.ROOT, "seed %d: %,d inputs (%,d copies) %s; %,d delivered, %,d refused; %,d stops, %d calls"
                        + " under way at one; %,d conflicts retried; %d calls outlived the lease; violations %s;"
                        + " feed %.2f s (%,.0f inputs/s), drain %.2f s%n",
                result.seed(), result.inputs(), result.copies(), result.acceptances(), result.delivered(),
                result.refused(), result.stops(), result.startedBeforeStop(), result.conflicts(), result.overran(),
                counts(found), result.feedSeconds(), result.inputs() / result.feedSeconds(), result.drainSeconds());
        if (result.firstFailure() != null) {
            out.printf(Locale.ROOT, "  failures: %d processing, %d runDue; first: %s%n", result.processingFailures(),
                    result.runDueFailures(), result.firstFailure());
            firstFailure = firstFailure == null ? "seed " + result.seed() + ": " + result.firstFailure()
                    : firstFailure;
        }
        total.addAll(found);
        seeds++;
        seedsWithViolations += found.total() > 0 ? 1 : 0;
        inputs += result.inputs();
        delivered += result.delivered();
        stops += result.stops();
        startedBeforeStop += result.startedBeforeStop();
        mostAtOneStop = Math.max(mostAtOneStop, result.mostStartedBeforeOneStop());
        conflicts += result.conflicts();
        overran += result.overran();
        failures += result.processingFailures() + result.runDueFailures() + result.acceptances().get("THREW");
        feedSeconds += result.feedSeconds();
        drainSeconds += result.drainSeconds();
    }

    /**
     * Prints the totals of the seeds added, each invariant's count and first example, and the row
     * of the README's table (its columns: the run, seeds with a violation, the counts of the first
     * six invariants, inputs per second while feeding, wall time).
     */
    void printTotals() {
        if (seeds == 0) {
            return;
        }
        double wall = (System.nanoTime() - began) / 1e9;
        out.printf(Locale.ROOT, "%nTotal over %d seeds (%.1f s): %,d inputs, %,d deliveries, %,d stops accepted,"
                        + " %,d conflicts retried, %,d calls outlived the lease, %,d failures; %,.0f inputs/s while"
                        + " feeding, %,.0f deliveries/s over feed and drain%n", seeds, wall, inputs, delivered, stops,
                conflicts, overran, failures, inputs / feedSeconds, delivered / (feedSeconds + drainSeconds));
        out.printf(Locale.ROOT, "Channel calls already under way when a stop of theirs was accepted (allowed, counted):"
                + " %,d; at most %d at one stop%n", startedBeforeStop, mostAtOneStop);
        if (firstFailure != null) {
            out.println("First failure: " + firstFailure);
        }
        for (Invariant invariant : Invariant.values()) {
            long count = total.count(invariant);
            out.printf(Locale.ROOT, "  %-50s %,8d%s%n", invariant.text() + ":", count,
                    count == 0 ? "" : "   e.g. " + total.example(invariant));
        }
        out.printf(Locale.ROOT, "%nSUMMARY: %d of %d seeds violated an invariant; %,d violations in all (%s)%n",
                seedsWithViolations, seeds, total.total(), counts(total));
        out.printf(Locale.ROOT, "| %s | %d of %d | %,d | %,d | %,d | %,d | %,d | %,d | %,.0f | %s |%n", run,
                seedsWithViolations, seeds, total.count(Invariant.KEY_SENT_TWICE),
                total.count(Invariant.SEND_AFTER_STOP), total.count(Invariant.SEND_WITHOUT_CONSENT),
                total.count(Invariant.CAP_EXCEEDED), total.count(Invariant.EVENT_APPLIED_TWICE),
                total.count(Invariant.STATS_MISMATCH),
                inputs / feedSeconds, wall < 120 ? Math.round(wall) + " s" : String.format(Locale.ROOT, "%.1f min",
                        wall / 60));
    }

    private static String counts(StressViolations violations) {
        StringBuilder text = new StringBuilder();
        for (Invariant invariant : Invariant.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(invariant.name().toLowerCase(Locale.ROOT))
                    .append(' ').append(violations.count(invariant));
        }
        return text.toString();
    }
}
