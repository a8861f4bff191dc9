package dev.journeys.testkit;

import dev.journeys.core.DeclineReason;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How contacts got into one journey in a simulation: how many were turned away and why, and how
 * many an entry rate limit made wait, for how long.
 *
 * <p>Immutable and thread-safe.
 *
 * @param declined entries refused, by the rule that refused them
 * @param queued entries that had to wait for their turn
 * @param stillQueued of those, how many are still waiting to be admitted
 * @param totalWait the sum of the waits of every queued entry, admitted or not (until its slot)
 * @param longestWait the longest wait of any queued entry
 */
public record EntryCounts(Map<DeclineReason, Long> declined, long queued, long stillQueued, Duration totalWait,
                          Duration longestWait) {

    /** Checks and copies the components. */
    public EntryCounts {
        declined = Collections.unmodifiableMap(new TreeMap<>(declined));
        Objects.requireNonNull(totalWait, "totalWait");
        Objects.requireNonNull(longestWait, "longestWait");
    }

    /** Returns how many entries were refused, for any reason. */
    public long declinedTotal() {
        return declined.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the average wait of a queued entry, zero if none waited. */
    public Duration averageWait() {
        return queued == 0 ? Duration.ZERO : totalWait.dividedBy(queued);
    }

    @Override
    public String toString() {
        return String.format("declined %s, queued %,d (still %,d, average wait %s, longest %s)", declined, queued,
                stillQueued, averageWait(), longestWait);
    }
}
