package dev.journeys.core.engine;

import dev.journeys.core.kernel.EntryGate;
import dev.journeys.core.EntryRateLimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's {@link EntryGate}: for each rate-limited journey, the admission times of its last
 * {@code maxEntries} entries, in a ring. An entry is admitted at the first instant when fewer than
 * {@code maxEntries} admissions fall in the window before it, and never before one that arrived
 * earlier, so queued contacts go in arrival order. Internal.
 *
 * <p>Thread-safe: each journey's window is locked while it books an entry.
 */
public final class EntryWindows implements EntryGate {

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public long admitAt(String journeyId, EntryRateLimit limit, long nowMillis) {
        Window window = windows.compute(journeyId, (id, current) ->
                current != null && current.fits(limit) ? current : new Window(limit));
        return window.book(limit, nowMillis);
    }

    /** The admission times of one journey's last entries, oldest at {@code next}. */
    private static final class Window {
        private final long[] admitted;
        private final long perMillis;
        private int next;
        private int used;

        Window(EntryRateLimit limit) {
            this.admitted = new long[limit.maxEntries()];
            this.perMillis = limit.per().toMillis();
        }

        boolean fits(EntryRateLimit limit) {
            return admitted.length == limit.maxEntries() && perMillis == limit.per().toMillis();
        }

        synchronized long book(EntryRateLimit limit, long nowMillis) {
            long at = nowMillis;
            if (used == admitted.length) {
                long roomAt = admitted[next] + perMillis; // when the oldest of the last maxEntries leaves the window
                if (roomAt > nowMillis) {
                    if (limit.overflow() == EntryRateLimit.Overflow.REJECT) {
                        return REJECTED;
                    }
                    at = roomAt;
                }
            } else {
                used++;
            }
            long newest = used > 1 ? admitted[(next + admitted.length - 1) % admitted.length] : Long.MIN_VALUE;
            if (at > nowMillis || newest > nowMillis) {
                // Queued: one millisecond after the entry queued before it, so they are let in in arrival order.
                at = Math.max(at, newest + 1);
            }
            admitted[next] = at;
            next = (next + 1) % admitted.length;
            return at;
        }
    }
}
