package dev.journeys.core.spi;

import dev.journeys.core.event.JourneyEvent;

/**
 * Observes what the engine does: entries, steps, sends, skips, failures, goals, exits.
 *
 * <p>Called after the contact's state is saved, on the thread that worked on the contact, for
 * one contact at a time; events for one contact arrive in order. Must be thread-safe and quick.
 * An exception it throws is logged, by its type and stack and the event's kind and ids (not the
 * event's data, nor the exception's message), and otherwise ignored: it never reaches the
 * engine's caller nor changes the contact's state. When no listener is registered the engine does not even
 * create the step events.
 */
@FunctionalInterface
public interface JourneyListener {

    /**
     * Observes one event.
     *
     * @param event what happened
     */
    void on(JourneyEvent event);
}
