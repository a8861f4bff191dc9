package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the engine does when a channel or action handler throws: try again after a back-off
 * that doubles with each failure, up to a number of attempts, then drop the effect with a
 * recorded reason ({@link dev.journeys.core.event.JourneyEvent.DispatchFailed} with
 * {@code willRetry} false, and a warning in the log).
 *
 * <pre>{@code
 * RetryPolicy.of(5, Duration.ofSeconds(30)); // 30 s, 1 min, 2 min, 4 min, then dropped
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts how many attempts in all, at least 1
 * @param firstBackoff the wait after the first failure; positive
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff) {

    /** Checks the components. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        TimeBounds.requireDuration(firstBackoff, "firstBackoff");
        if (firstBackoff.isZero() || firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must be positive, was " + firstBackoff);
        }
    }

    /** Returns the default: 3 attempts, the first retry after one minute. */
    public static RetryPolicy ofDefaults() {
        return new RetryPolicy(3, Duration.ofMinutes(1));
    }

    /** Returns a policy. */
    public static RetryPolicy of(int maxAttempts, Duration firstBackoff) {
        return new RetryPolicy(maxAttempts, firstBackoff);
    }

    /** Returns a policy that never retries: a failed effect is dropped at once, with its reason. */
    public static RetryPolicy noRetries() {
        return new RetryPolicy(1, Duration.ofMinutes(1));
    }

    /**
     * Returns when to try again after the given failed attempt, or empty if that was the last.
     *
     * @param failedAttempt the attempt that failed, from 1
     * @param now when it failed
     * @return when to retry
     */
    public java.util.Optional<Instant> retryAt(int failedAttempt, Instant now) {
        if (failedAttempt >= maxAttempts) {
            return java.util.Optional.empty();
        }
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(failedAttempt - 1, 30));
        return java.util.Optional.of(now.plus(backoff.compareTo(TimeBounds.LONGEST) > 0 ? TimeBounds.LONGEST : backoff));
    }
}
