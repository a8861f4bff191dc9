package dev.journeys.testkit;

import dev.journeys.core.engine.JourneyEngine;

import java.time.Instant;
import java.util.function.IntConsumer;

/**
 * Moves a virtual clock to an instant, stopping at every due timer and scripted event on the
 * way, in time order (a timer before an event at the same instant). Internal.
 */
final class Clockwork {

    /** How often in a row a due timer may fail to move before time travel gives up. */
    private static final int STUCK_LIMIT = 3;

    private Clockwork() {
    }

    /**
     * Runs the engine up to {@code until}.
     *
     * @param steps told, after each timer run or event, how many contacts that step worked on
     * @return the number of times the engine worked on a contact
     */
    static int run(JourneyEngine engine, VirtualClock clock, Instant until, ScriptedEvents script, IntConsumer steps) {
        if (until.isBefore(clock.instant())) {
            throw new IllegalArgumentException("time cannot move backwards: from " + clock.instant() + " to " + until);
        }
        int worked = 0;
        int stuck = 0;
        Instant previousTimer = null;
        while (true) {
            Instant timer = engine.nextDueAt().filter(at -> !at.isAfter(until)).orElse(null);
            Instant event = script.nextAt();
            if (event != null && event.isAfter(until)) {
                event = null;
            }
            if (timer == null && event == null) {
                break;
            }
            int step;
            if (timer != null && (event == null || !timer.isAfter(event))) {
                stuck = timer.equals(previousTimer) ? stuck + 1 : 0;
                if (stuck >= STUCK_LIMIT) {
                    throw new IllegalStateException("a timer due at " + timer + " does not fire; is its journey "
                            + "version published in this engine, and does the contact directory answer?");
                }
                moveTo(clock, timer);
                step = engine.runDue();
                previousTimer = timer;
            } else {
                moveTo(clock, event);
                engine.accept(script.poll());
                step = 1;
            }
            worked += step;
            steps.accept(step);
        }
        clock.advanceTo(until);
        int last = engine.runDue();
        steps.accept(last);
        return worked + last;
    }

    private static void moveTo(VirtualClock clock, Instant at) {
        if (at.isAfter(clock.instant())) {
            clock.advanceTo(at);
        }
    }
}
