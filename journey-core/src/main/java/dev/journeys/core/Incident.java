package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.engine.JourneyEngine;
import java.time.Instant;
import java.util.Objects;

/**
 * Why a journey instance is parked: its evaluation failed, so it takes no further step until the
 * host retries or ends it ({@link JourneyEngine#retryParked}, {@link JourneyEngine#endParked}).
 *
 * <p>A failure while one journey is worked on for a contact (a custom condition that throws, a
 * value a step cannot use) parks that journey's instance and undoes what that journey's part of
 * the evaluation did; the contact's other journeys go on. Nothing is retried by itself.
 *
 * <p>Immutable and thread-safe.
 *
 * @param reason what failed: the work that was being done, the exception's type, message and
 *     the place it was thrown
 * @param atMillis when the instance was parked, epoch milliseconds
 */
public record Incident(String reason, long atMillis) {

    /** The longest reason {@link #describe} makes; a longer one is cut. */
    public static final int MAX_REASON = 1_000;

    /** Checks the components. */
    public Incident {
        Ids.requireText(reason, "incident reason");
        if (reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("incident reason must be at most " + MAX_REASON + " characters, was "
                    + reason.length());
        }
    }

    /** Returns when the instance was parked. */
    public Instant at() {
        return Instant.ofEpochMilli(atMillis);
    }

    /**
     * Describes a failure for an incident's reason: what was being done, the exception's type and
     * message, and where it was thrown.
     *
     * @param during what the evaluation was doing, such as {@code "a due timer at step 'reminder'"}
     * @param failure what was thrown
     * @return the reason
     */
    public static String describe(String during, RuntimeException failure) {
        Objects.requireNonNull(during, "during");
        Objects.requireNonNull(failure, "failure");
        StringBuilder reason = new StringBuilder(during).append(" failed: ").append(failure.getClass().getName());
        if (failure.getMessage() != null) {
            reason.append(": ").append(failure.getMessage());
        }
        StackTraceElement[] trace = failure.getStackTrace();
        if (trace.length > 0) {
            reason.append(" (at ").append(trace[0]).append(')');
        }
        if (reason.length() <= MAX_REASON) {
            return reason.toString();
        }
        int cut = MAX_REASON - 3;
        if (Character.isHighSurrogate(reason.charAt(cut - 1))) {
            cut--; // never half a character
        }
        return reason.substring(0, cut) + "...";
    }
}
