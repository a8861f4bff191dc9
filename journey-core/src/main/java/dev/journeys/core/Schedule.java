package dev.journeys.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a segment journey enrols its segment: once at {@code start}, then at each occurrence of
 * the recurrence, if any, until {@code end}, if any. At each occurrence the engine evaluates the
 * segment and enrols its members, subject to re-entry and exclusions.
 *
 * <pre>{@code
 * Schedule.at(Instant.parse("2026-04-01T14:00:00Z"))                                    // once
 * Schedule.at(launch).repeating(Recurrence.weekly()).until(launch.plus(Duration.ofDays(28)))
 * }</pre>
 *
 * <p>A schedule that would never fire is rejected when it is made: an end before the start, or a
 * cron recurrence that matches no instant (such as 30 February) and no start to fall back on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start the first occurrence
 * @param recurrence how it repeats, if it does
 * @param end the last instant an occurrence may fall on, if there is one
 */
public record Schedule(Instant start, Optional<Recurrence> recurrence, Optional<Instant> end) {

    /** Checks the components. */
    public Schedule {
        TimeBounds.requireInstant(start, "schedule start");
        Objects.requireNonNull(recurrence, "recurrence");
        Objects.requireNonNull(end, "end");
        end.ifPresent(at -> TimeBounds.requireInstant(at, "schedule end"));
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new IllegalArgumentException("schedule never fires: it ends at " + end.get() + ", before its start "
                    + start);
        }
        if (recurrence.isPresent() && recurrence.get() instanceof Recurrence.Cron cron
                && cron.nextAfter(start).isEmpty()) {
            throw new IllegalArgumentException("schedule's recurrence never fires: " + cron + " matches no instant "
                    + "in the eight years after " + start);
        }
    }

    /** Returns a schedule that fires once. */
    public static Schedule at(Instant start) {
        return new Schedule(start, Optional.empty(), Optional.empty());
    }

    /** Returns a copy that repeats. */
    public Schedule repeating(Recurrence recurrence) {
        return new Schedule(start, Optional.of(recurrence), end);
    }

    /** Returns a copy that fires no later than {@code end}. */
    public Schedule until(Instant end) {
        return new Schedule(start, recurrence, Optional.of(end));
    }

    /**
     * Returns the occurrence after one, if the schedule fires again.
     *
     * @param previous an occurrence, or empty for the first
     * @return the next occurrence
     */
    public Optional<Instant> next(Optional<Instant> previous) {
        Optional<Instant> next = previous.isEmpty() ? Optional.of(start)
                : recurrence.flatMap(r -> r.nextAfter(previous.get()));
        return next.filter(at -> end.map(e -> !at.isAfter(e)).orElse(true));
    }

    @Override
    public String toString() {
        return "at " + start + recurrence.map(r -> ", then " + r).orElse("") + end.map(e -> ", until " + e).orElse("");
    }
}
