package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The instants and durations a journey, an event or a contact may hold.
 *
 * <p>Every time a journey names, every time an event or an attribute carries, and every duration
 * (waits, time-outs, cap windows, cool-downs, deferrals, recurrences) is checked against these
 * bounds where it enters: when a model value is built, and so when the DSL builds a journey and
 * when JSON is read. Inside the bounds, every sum the engine makes of a time and a duration is a
 * time it can keep, so no journey fails at run time for a value it was allowed to hold.
 *
 * <p>Immutable and thread-safe: constants and static checks only.
 */
public final class TimeBounds {

    /** The earliest instant allowed: the first moment of the year 1. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant allowed: the last moment of the year 9999. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** The longest duration allowed: 36,525 days, a hundred years. */
    public static final Duration LONGEST = Duration.ofDays(36_525);

    private TimeBounds() {
    }

    /**
     * Checks that an instant lies within {@link #EARLIEST} and {@link #LATEST}.
     *
     * @param instant the instant
     * @param what what it is, for the message, such as {@code "wait 'reminder' until"}
     * @return the instant
     * @throws IllegalArgumentException naming {@code what}, the value and the bounds if it is outside them
     */
    public static Instant requireInstant(Instant instant, String what) {
        Objects.requireNonNull(instant, what);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(what + " must be between " + EARLIEST + " and " + LATEST + ", was "
                    + instant);
        }
        return instant;
    }

    /**
     * Checks that a duration is not longer than {@link #LONGEST} (nor shorter than its negative);
     * whether it must be positive is the caller's rule.
     *
     * @param duration the duration
     * @param what what it is, for the message, such as {@code "wait 'reminder'"}
     * @return the duration
     * @throws IllegalArgumentException naming {@code what}, the value and the bound if it is longer
     */
    public static Duration requireDuration(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.abs().compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + LONGEST.toDays() + " days (100 years), was "
                    + duration);
        }
        return duration;
    }
}
