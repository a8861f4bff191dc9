package dev.journeys.core.spi;

import dev.journeys.core.JourneyException;

/**
 * Thrown by {@link JourneyStore#save} when another save for the same contact came first.
 */
public final class ConcurrentUpdateException extends JourneyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param contactId the contact
     * @param expected the version the save expected to replace
     * @param found the version stored
     */
    public ConcurrentUpdateException(String contactId, long expected, long found) {
        super("state of contact '" + contactId + "' was saved concurrently: expected stored version "
                + expected + ", found " + found);
    }
}
