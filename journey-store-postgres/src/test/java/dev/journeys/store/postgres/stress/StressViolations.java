package dev.journeys.store.postgres.stress;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The invariant violations one {@link TwoEngineStressTest} seed found, or all seeds together: a count
 * per invariant and the first example of each.
 *
 * <p>Thread-safe.
 */
final class StressViolations {

    /** What {@link TwoEngineStressTest} checks. */
    enum Invariant {
        /** A channel call for an idempotency key that a call already delivered or is delivering. */
        KEY_SENT_TWICE("no key sent twice"),
        /**
         * A channel call for a journey instance, started after an engine's {@code accept} of a
         * purchase (its exit trigger) or an unsubscribe that stopped the instance had returned.
         */
        SEND_AFTER_STOP("no send after an accepted exit or unsubscribe"),
        /**
         * A channel call for a contact the directory lists without email consent, or started
         * after an accepted unsubscribe returned and before a consent event giving it back began.
         */
        SEND_WITHOUT_CONSENT("no send without consent"),
        /** A delivery that makes more than the cap's sends decided within one window. */
        CAP_EXCEEDED("cap never exceeded"),
        /** An event id whose work (an entry, an exit, a consent change) was done by two accepts. */
        EVENT_APPLIED_TWICE("a duplicated event id applied once"),
        /** A counter of the engines that does not match what the channel and the feeders saw. */
        STATS_MISMATCH("stats add up"),
        /**
         * More channel calls of one contact under way when a stop of theirs was accepted than one
         * per engine: each engine dispatches a contact's outbox one call at a time.
         */
        UNBOUNDED_CALLS_AT_STOP("at most one call per engine under way at a stop"),
        /**
         * A provider call the engines counted as outliving the store's lease
         * ({@code dispatchesOverran}). The run's lease is longer than a round, so none can: after
         * one, another engine could send the effect again, and the run could no longer tell that
         * apart from a key sent twice within the lease.
         */
        CALL_OUTLIVED_LEASE("no provider call outlived the lease");

        private final String text;

        Invariant(String text) {
            this.text = text;
        }

        /** Returns what the invariant says, in words. */
        String text() {
            return text;
        }
    }

    private final Map<Invariant, Long> counts = new EnumMap<>(Invariant.class);
    private final Map<Invariant, String> examples = new EnumMap<>(Invariant.class);

    /** Counts one violation, keeping the example if it is the first of its kind. */
    synchronized void add(Invariant invariant, String example) {
        counts.merge(invariant, 1L, Long::sum);
        examples.putIfAbsent(invariant, example);
    }

    /** Adds another set's counts, keeping this set's examples where it has one. */
    synchronized void addAll(StressViolations other) {
        for (Invariant invariant : Invariant.values()) {
            long count = other.count(invariant);
            if (count > 0) {
                counts.merge(invariant, count, Long::sum);
                examples.putIfAbsent(invariant, other.example(invariant));
            }
        }
    }

    /** Returns how many violations of the invariant there were. */
    synchronized long count(Invariant invariant) {
        return counts.getOrDefault(invariant, 0L);
    }

    /** Returns the first example of the invariant's violations, or null if there was none. */
    synchronized String example(Invariant invariant) {
        return examples.get(invariant);
    }

    /**
     * Returns the violations in words: the count of each invariant violated, with its first
     * example, one a line; empty if there were none.
     */
    synchronized String describe() {
        StringBuilder text = new StringBuilder();
        for (Invariant invariant : Invariant.values()) {
            long count = counts.getOrDefault(invariant, 0L);
            if (count > 0) {
                text.append(String.format(Locale.ROOT, "%n  %s: %,d violations, the first: %s",
                        invariant.text(), count, examples.get(invariant)));
            }
        }
        return text.toString();
    }

    /** Returns how many violations there were of all invariants. */
    synchronized long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
