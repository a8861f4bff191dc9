package dev.journeys.core.persistence;

import dev.journeys.core.JourneyException;

/**
 * Thrown when a contact's stored state cannot be read: its bytes are cut short, hold garbage, or
 * were written in a format version this library does not know. The message names the contact
 * and what is wrong.
 */
public final class UnreadableStateException extends JourneyException {
    private static final long serialVersionUID = 1L;

    private final String contactId;

    /**
     * Creates the exception.
     *
     * @param contactId the contact whose state cannot be read
     * @param problem what is wrong with the bytes
     */
    public UnreadableStateException(String contactId, String problem) {
        super("state of contact '" + contactId + "' cannot be read: " + problem);
        this.contactId = contactId;
    }

    /**
     * Creates the exception with the failure that revealed the problem.
     *
     * @param contactId the contact whose state cannot be read
     * @param problem what is wrong with the bytes
     * @param cause the failure
     */
    public UnreadableStateException(String contactId, String problem, Throwable cause) {
        super("state of contact '" + contactId + "' cannot be read: " + problem, cause);
        this.contactId = contactId;
    }

    /** Returns the contact whose state cannot be read. */
    public String contactId() {
        return contactId;
    }
}
