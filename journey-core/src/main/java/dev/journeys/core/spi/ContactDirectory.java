package dev.journeys.core.spi;

import dev.journeys.core.Contact;

import java.util.Optional;

/**
 * Tells the engine who a contact is: attributes, time zone, consent, preferred channel.
 *
 * <p>The engine asks for a contact each time it works on them, so answers are always current.
 * Called from several threads at once, for different contacts; must be thread-safe.
 * {@link #inMemory()} is the default.
 */
@FunctionalInterface
public interface ContactDirectory {

    /**
     * Returns the contact, if the directory knows them.
     *
     * @param contactId the contact's id
     * @return the contact, or empty
     */
    Optional<Contact> find(String contactId);

    /**
     * Returns a new, empty directory that keeps contacts on the heap.
     *
     * @return the directory
     */
    static InMemoryContactDirectory inMemory() {
        return new InMemoryContactDirectory();
    }
}
