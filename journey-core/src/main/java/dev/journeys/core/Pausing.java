package dev.journeys.core;

import java.util.List;

/**
 * The journey-level triggers that park an instance and set it going again. A paused instance
 * sends nothing, its timers are held, and waits for events ignore what arrives; exit triggers
 * and the goal still apply. On resume, a wait goes on for the time it had left when it was
 * paused (a two-day wait paused after one day ends one day after the resume).
 *
 * <pre>{@code
 * new Pausing(List.of(Trigger.on("opportunity.created")), List.of(Trigger.on("opportunity.lost")))  // S4
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param pauseWhen events that pause a running instance
 * @param resumeWhen events that resume a paused instance
 */
public record Pausing(List<Trigger> pauseWhen, List<Trigger> resumeWhen) {

    /** Copies the lists. */
    public Pausing {
        pauseWhen = List.copyOf(pauseWhen);
        resumeWhen = List.copyOf(resumeWhen);
    }

    /** Returns no pausing at all. */
    public static Pausing none() {
        return new Pausing(List.of(), List.of());
    }
}
