package dev.journeys.testkit;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a simulation has come, as reported to a progress callback.
 *
 * <p>Immutable and thread-safe.
 *
 * @param simulatedTime the virtual clock's time
 * @param steps how many times the engine has worked on a contact so far (timers fired and
 *     scripted or behaviour events fed)
 * @param pendingEvents scripted and behaviour events not yet reached
 * @param elapsed real time spent so far
 */
public record Progress(Instant simulatedTime, long steps, int pendingEvents, Duration elapsed) {

    /** Returns the steps per real second so far. */
    public double stepsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : steps / seconds;
    }

    @Override
    public String toString() {
        return String.format("simulated %s, %,d steps, %,d events pending, %.0f steps/s", simulatedTime, steps,
                pendingEvents, stepsPerSecond());
    }
}
