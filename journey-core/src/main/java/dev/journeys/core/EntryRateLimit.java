package dev.journeys.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A fair-use limit on how fast contacts enter one journey: at most {@code maxEntries} in any
 * rolling window of {@code per}, counted on the engine across all contacts.
 *
 * <pre>{@code
 * EntryRateLimit.of(100, Duration.ofMinutes(1))               // excess entries wait their turn
 * EntryRateLimit.of(100, Duration.ofMinutes(1)).rejecting()   // excess entries are turned away
 * }</pre>
 *
 * <p>With {@link Overflow#QUEUE} (the default) a contact over the limit is let in later, in
 * arrival order, at the first instant the window has room: its instance exists at once
 * ({@code EntryQueued}, exit triggers apply) but runs no step until then, when it is
 * {@code Entered}. With {@link Overflow#REJECT} it is not let in ({@code EntryDeclined} with
 * {@link DeclineReason#RATE_LIMITED}). The window is kept by the engine in memory, so it counts
 * the entries of this engine instance.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxEntries the most entries in any window, at least 1
 * @param per the rolling window, positive
 * @param overflow what happens to an entry over the limit
 */
public record EntryRateLimit(int maxEntries, Duration per, Overflow overflow) {

    /** What happens to an entry over the limit. */
    public enum Overflow {
        /** It waits, in arrival order, until the window has room. */
        QUEUE,
        /** It is turned away. */
        REJECT
    }

    /** Checks the components. */
    public EntryRateLimit {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("entry rate limit must allow at least 1 entry, was " + maxEntries);
        }
        TimeBounds.requireDuration(per, "entry rate limit window");
        if (per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("entry rate limit window must be positive, was " + per);
        }
        Objects.requireNonNull(overflow, "overflow");
    }

    /** Returns a limit whose excess entries wait in arrival order. */
    public static EntryRateLimit of(int maxEntries, Duration per) {
        return new EntryRateLimit(maxEntries, per, Overflow.QUEUE);
    }

    /** Returns a copy that turns excess entries away. */
    public EntryRateLimit rejecting() {
        return new EntryRateLimit(maxEntries, per, Overflow.REJECT);
    }

    @Override
    public String toString() {
        return "at most " + maxEntries + " entries per " + per + (overflow == Overflow.QUEUE ? ", excess queued"
                : ", excess rejected");
    }
}
