package dev.journeys.core.kernel;

import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.event.JourneyEvent;

import java.util.List;

/**
 * What the evaluator decided: the contact's new state, the effects to dispatch (already in the
 * state's outbox), and what to tell listeners. Part of the kernel.
 *
 * @param state the new state, at the next version; the same object as the input when nothing changed
 * @param effects the effects decided by this evaluation, in order
 * @param events what happened, for listeners, in order
 */
public record Evaluation(ContactState state, List<Effect> effects, List<JourneyEvent> events) {

    /** Returns whether the evaluation changed the state. */
    public boolean changed(ContactState before) {
        return state != before;
    }
}
