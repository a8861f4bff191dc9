package dev.journeys.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told: inject it into a
 * {@link dev.journeys.core.engine.JourneyEngine} and a test decides what time it is.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.at(Instant.parse("2026-03-02T09:00:00Z"));
 * clock.advance(Duration.ofDays(2));
 * }</pre>
 *
 * <p>Time never moves backwards: doing so is an error. Thread-safe.
 */
public final class VirtualClock implements InstantSource {

    private final AtomicReference<Instant> now;

    private VirtualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * Returns a clock standing at the instant.
     *
     * @param start the clock's time
     * @return the clock
     */
    public static VirtualClock at(Instant start) {
        return new VirtualClock(Objects.requireNonNull(start, "start"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero or positive
     * @return the new time
     * @throws IllegalArgumentException if the duration is negative
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot move backwards: advance by " + duration);
        }
        return now.updateAndGet(current -> current.plus(duration));
    }

    /**
     * Moves the clock forward to an instant.
     *
     * @param instant the new time; not before the current one
     * @return the new time
     * @throws IllegalArgumentException if the instant is before the clock's time
     */
    public Instant advanceTo(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return now.updateAndGet(current -> {
            if (instant.isBefore(current)) {
                throw new IllegalArgumentException("time cannot move backwards: from " + current + " to " + instant);
            }
            return instant;
        });
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now.get() + "]";
    }
}
