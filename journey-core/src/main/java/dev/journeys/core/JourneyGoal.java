package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;

/**
 * A journey-level goal: an event that counts as a conversion whenever it arrives while the
 * contact is in the journey, wherever they are.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the goal's name
 * @param trigger the event that reaches it
 * @param exit whether reaching it also ends the instance
 */
public record JourneyGoal(String name, Trigger trigger, boolean exit) {
    /** Checks the components. */
    public JourneyGoal {
        Ids.requireText(name, "goal name");
        Objects.requireNonNull(trigger, "trigger");
    }
}
