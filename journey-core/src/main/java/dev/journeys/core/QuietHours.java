package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A daily window of the contact's local time in which no message goes out: a send that falls
 * inside it waits for the window's end, then caps and consent are checked again and it is sent.
 * A send that would wait longer than {@code maxDeferral} in all is skipped with
 * {@link SkipReason#QUIET_HOURS}.
 *
 * <pre>{@code
 * QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0))   // overnight, in each contact's zone
 * }</pre>
 *
 * <p>The window contains its start and not its end. Its end on a given day follows
 * {@link Delay.UntilTimeOfDay}: an end that falls in a daylight-saving gap moves forward by the
 * gap's length; one that falls in an overlap is the earlier instant still ahead, so a send due
 * between the two passes of that local time is held until the second.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start when the quiet window begins, local time
 * @param end when it ends, local time; not equal to {@code start}
 * @param maxDeferral the longest a send may be held, from when it was first due
 */
public record QuietHours(LocalTime start, LocalTime end, Duration maxDeferral) {

    /** Checks the components. */
    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        TimeBounds.requireDuration(maxDeferral, "quiet hours maxDeferral");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours need different start and end, both were " + start);
        }
        if (maxDeferral.isNegative()) {
            throw new IllegalArgumentException("quiet hours maxDeferral must not be negative, was " + maxDeferral);
        }
    }

    /** Returns quiet hours whose sends may be held up to a day. */
    public static QuietHours between(LocalTime start, LocalTime end) {
        return new QuietHours(start, end, Duration.ofDays(1));
    }

    /** Returns a copy whose sends may be held at most this long. */
    public QuietHours withMaxDeferral(Duration maxDeferral) {
        return new QuietHours(start, end, maxDeferral);
    }

    /** Returns whether an instant falls inside the window, in a zone. */
    public boolean contains(Instant at, ZoneId zone) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** Returns when the window that contains {@code at} ends, in a zone. */
    public Instant endAfter(Instant at, ZoneId zone) {
        return new Delay.UntilTimeOfDay(end).endsAt(at, zone);
    }

    @Override
    public String toString() {
        return "quiet hours " + start + "-" + end;
    }
}
