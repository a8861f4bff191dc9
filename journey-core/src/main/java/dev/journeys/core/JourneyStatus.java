package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a journey is in its lifecycle, and which moves between states are allowed:
 *
 * <table>
 *   <caption>Allowed transitions</caption>
 *   <tr><th>from</th><th>to</th><th>by</th></tr>
 *   <tr><td>DRAFT</td><td>LIVE</td><td>{@code JourneyEngine.publish}, {@code publishDraft}</td></tr>
 *   <tr><td>LIVE</td><td>PAUSED</td><td>{@code JourneyEngine.pause}</td></tr>
 *   <tr><td>PAUSED</td><td>LIVE</td><td>{@code JourneyEngine.resume}</td></tr>
 *   <tr><td>LIVE, PAUSED, COMPLETED</td><td>STOPPED</td><td>{@code JourneyEngine.stop}</td></tr>
 *   <tr><td>LIVE</td><td>COMPLETED</td><td>the engine, when a segment journey's schedule has
 *       no occurrence left and its last enrolment is done</td></tr>
 * </table>
 *
 * <p>STOPPED is final: a stopped journey is cloned into a new draft to run again.
 */
public enum JourneyStatus {
    /** Being designed: may have problems, receives no contacts. */
    DRAFT,
    /** Published: takes entries, runs its contacts. */
    LIVE,
    /** Takes no entries; its contacts stay where they are, nothing is sent, until it is resumed. */
    PAUSED,
    /** Ended by hand: every instance ended with {@link ExitCause#JOURNEY_STOPPED}; final. */
    STOPPED,
    /** A segment journey past its schedule's end: takes no more entries; contacts in it finish. */
    COMPLETED;

    /** Returns the states this one may move to. */
    public Set<JourneyStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(LIVE);
            case LIVE -> EnumSet.of(PAUSED, STOPPED, COMPLETED);
            case PAUSED -> EnumSet.of(LIVE, STOPPED);
            case COMPLETED -> EnumSet.of(STOPPED);
            case STOPPED -> EnumSet.noneOf(JourneyStatus.class);
        };
    }

    /** Returns whether this state may move to {@code target}. */
    public boolean canBecome(JourneyStatus target) {
        return next().contains(target);
    }

    /**
     * Checks a move of a journey from this state.
     *
     * @param journeyId the journey, for the message
     * @param target the state it would move to
     * @throws IllegalStateException naming both states and what is allowed, if the move is not
     */
    public void requireCanBecome(String journeyId, JourneyStatus target) {
        if (!canBecome(target)) {
            throw new IllegalStateException("journey '" + journeyId + "' cannot go from " + this + " to " + target
                    + (next().isEmpty() ? "; " + this + " is final (clone the journey into a new draft to run it again)"
                    : "; from " + this + " it can go to " + next()));
        }
    }

    /** Returns whether a journey in this state takes new entries: only when {@link #LIVE}. */
    public boolean takesEntries() {
        return this == LIVE;
    }
}
