package dev.journeys.core.spi;

import dev.journeys.core.JourneyException;

/**
 * Thrown by {@link JourneyStore#save(dev.journeys.core.ContactState, ProcessedEvent)} when the
 * store already holds the event's id for the contact: another engine sharing the store, or this
 * one before a restart, applied the event first. Nothing was saved. The engine drops the event as
 * a {@linkplain dev.journeys.core.engine.Acceptance#DUPLICATE duplicate}; it is neither a failure nor a
 * conflict.
 */
public final class DuplicateEventException extends JourneyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param contactId the contact
     * @param eventId the event already applied to them
     */
    public DuplicateEventException(String contactId, String eventId) {
        super("event '" + eventId + "' was already applied to contact '" + contactId
                + "': its id is recorded in the store, so the save that would apply it again was refused");
    }
}
