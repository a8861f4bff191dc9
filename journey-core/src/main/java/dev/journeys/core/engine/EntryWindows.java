package dev.journeys.core.engine;

import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.kernel.EntryGate;
import dev.journeys.core.kernel.EntryReservation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's {@link EntryGate}: for each rate-limited journey, the admission times of its last
 * entries, oldest first. An entry is admitted at the first instant when fewer than
 * {@code maxEntries} admissions fall in the window before it, and never before one that arrived
 * earlier, so queued contacts go in arrival order. A reservation counts at once; one the pipeline
 * releases (its state was not saved) is taken out again.
 *
 * <p>Thread-safe: each journey's window is locked while it reserves or releases an entry.
 */
final class EntryWindows implements EntryGate {

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    @Override
    public long reserve(String journeyId, EntryRateLimit limit, long nowMillis) {
        Window window = windows.compute(journeyId, (id, current) ->
                current != null && current.fits(limit) ? current : new Window(limit));
        return window.reserve(limit, nowMillis);
    }

    @Override
    public void release(EntryReservation reservation) {
        Window window = windows.get(reservation.journeyId());
        if (window != null) {
            window.release(reservation.admittedAtMillis());
        }
    }

    /** Releases each of the reservations. */
    void releaseAll(Iterable<EntryReservation> reservations) {
        reservations.forEach(this::release);
    }

    /**
     * The admission times of one journey's last entries, oldest first, in a ring that keeps twice
     * the limit, so that releasing a reservation rarely drops an admission the window still sees.
     */
    private static final class Window {
        private final int maxEntries;
        private final long perMillis;
        private final long[] admitted;
        private int oldest;
        private int used;

        Window(EntryRateLimit limit) {
            this.maxEntries = limit.maxEntries();
            this.perMillis = limit.per().toMillis();
            this.admitted = new long[Math.max(2, 2 * limit.maxEntries())];
        }

        boolean fits(EntryRateLimit limit) {
            return maxEntries == limit.maxEntries() && perMillis == limit.per().toMillis();
        }

        private long at(int fromOldest) {
            return admitted[(oldest + fromOldest) % admitted.length];
        }

        synchronized long reserve(EntryRateLimit limit, long nowMillis) {
            long at = nowMillis;
            if (used >= maxEntries) {
                // when the maxEntries-th newest admission leaves the window
                long roomAt = at(used - maxEntries) + perMillis;
                if (roomAt > nowMillis) {
                    if (limit.overflow() == EntryRateLimit.Overflow.REJECT) {
                        return REJECTED;
                    }
                    at = roomAt;
                }
            }
            long newest = used > 0 ? at(used - 1) : Long.MIN_VALUE;
            if (at > nowMillis || newest > nowMillis) {
                // Queued: one millisecond after the entry queued before it, so they are let in in arrival order.
                at = Math.max(at, newest + 1);
            }
            if (used == admitted.length) { // the oldest is past what any window sees now
                oldest = (oldest + 1) % admitted.length;
                used--;
            }
            admitted[(oldest + used) % admitted.length] = at;
            used++;
            return at;
        }

        synchronized void release(long admittedAtMillis) {
            for (int i = used - 1; i >= 0; i--) { // most often the newest
                if (at(i) == admittedAtMillis) {
                    for (int j = i; j < used - 1; j++) {
                        admitted[(oldest + j) % admitted.length] = at(j + 1);
                    }
                    used--;
                    return;
                }
            }
        }
    }
}
