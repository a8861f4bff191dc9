package dev.journeys.testkit;

import dev.journeys.core.engine.JourneyEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Moves a {@link VirtualClock} forward through an engine's timers: the clock stops at each due
 * timer and the engine fires it, so every wait ends at exactly its time, and thirty simulated
 * days take milliseconds.
 *
 * <pre>{@code
 * TimeTravel.advance(engine, clock, Duration.ofDays(3));
 * }</pre>
 *
 * <p>Stateless; the engine and the clock it is given must be the engine's own clock.
 */
public final class TimeTravel {

    private TimeTravel() {
    }

    /**
     * Moves the clock forward by a duration, firing every timer on the way at its time.
     *
     * @param engine the engine, built with {@code clock}
     * @param clock the engine's clock
     * @param duration how far; zero or positive
     * @return the number of times the engine worked on a contact
     */
    public static int advance(JourneyEngine engine, VirtualClock clock, Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot move backwards: advance by " + duration);
        }
        return advanceTo(engine, clock, clock.instant().plus(duration));
    }

    /**
     * Moves the clock forward to an instant, firing every timer on the way at its time.
     *
     * @param engine the engine, built with {@code clock}
     * @param clock the engine's clock
     * @param until the new time; not before the clock's
     * @return the number of times the engine worked on a contact
     * @throws IllegalStateException if a due timer keeps not firing (its journey version is not
     *     published in this engine)
     */
    public static int advanceTo(JourneyEngine engine, VirtualClock clock, Instant until) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(until, "until");
        return Clockwork.run(engine, clock, until, ScriptedEvents.none(), worked -> { });
    }
}
