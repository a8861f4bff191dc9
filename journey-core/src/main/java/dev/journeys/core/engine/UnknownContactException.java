package dev.journeys.core.engine;

import dev.journeys.core.JourneyException;

/**
 * Thrown by {@link JourneyEngine#accept} for an event about a contact the directory does not
 * know, when the engine's {@link UnknownContactPolicy} is {@link UnknownContactPolicy#REJECT}.
 */
public final class UnknownContactException extends JourneyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param contactId the contact's id
     * @param eventId the event's id
     */
    public UnknownContactException(String contactId, String eventId) {
        super("event '" + eventId + "' is for contact '" + contactId + "', whom the contact directory does not know");
    }
}
