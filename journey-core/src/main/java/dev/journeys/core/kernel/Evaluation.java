package dev.journeys.core.kernel;

import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.event.JourneyEvent;

import java.util.List;

/**
 * What the evaluator decided: the contact's new state, the effects to dispatch (already in the
 * state's outbox), what to tell listeners, and the entry slots reserved at the {@link EntryGate}.
 * Part of the kernel.
 *
 * @param state the new state, at the next version; the same object as the input when nothing changed
 * @param effects the effects decided by this evaluation, in order
 * @param events what happened, for listeners, in order
 * @param reservations the entry slots the new state's entries hold: the host releases them if it
 *     does not save the state
 * @param unusedReservations entry slots reserved and then given up (the entry was undone when an
 *     instance was parked): the host releases them in any case
 */
public record Evaluation(ContactState state, List<Effect> effects, List<JourneyEvent> events,
                         List<EntryReservation> reservations, List<EntryReservation> unusedReservations) {

    /** Copies the lists. */
    public Evaluation {
        effects = List.copyOf(effects);
        events = List.copyOf(events);
        reservations = List.copyOf(reservations);
        unusedReservations = List.copyOf(unusedReservations);
    }

    /**
     * An evaluation that reserved no entry slot.
     *
     * @param state the new state
     * @param effects the effects decided
     * @param events what happened
     */
    public Evaluation(ContactState state, List<Effect> effects, List<JourneyEvent> events) {
        this(state, effects, events, List.of(), List.of());
    }

    /** Returns whether the evaluation changed the state. */
    public boolean changed(ContactState before) {
        return state != before;
    }
}
