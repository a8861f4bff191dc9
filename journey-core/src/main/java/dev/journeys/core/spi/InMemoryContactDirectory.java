package dev.journeys.core.spi;

import dev.journeys.core.Contact;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * The default {@link ContactDirectory}: contacts in a concurrent map.
 *
 * <pre>{@code
 * InMemoryContactDirectory contacts = ContactDirectory.inMemory();
 * contacts.put(Contact.of("ana").withConsent("email"));
 * contacts.update("ana", c -> c.withoutConsent("email"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class InMemoryContactDirectory implements ContactDirectory {

    private final ConcurrentMap<String, Contact> contacts = new ConcurrentHashMap<>();

    /** Creates an empty directory; see {@link ContactDirectory#inMemory()}. */
    public InMemoryContactDirectory() {
    }

    @Override
    public Optional<Contact> find(String contactId) {
        return Optional.ofNullable(contacts.get(Objects.requireNonNull(contactId, "contactId")));
    }

    /**
     * Adds a contact, or replaces the one with the same id.
     *
     * @param contact the contact
     * @return this directory
     */
    public InMemoryContactDirectory put(Contact contact) {
        Objects.requireNonNull(contact, "contact");
        contacts.put(contact.id(), contact);
        return this;
    }

    /**
     * Changes a contact atomically.
     *
     * @param contactId the contact's id
     * @param change how to change them
     * @return the changed contact
     * @throws IllegalArgumentException if the directory does not know the contact
     */
    public Contact update(String contactId, UnaryOperator<Contact> change) {
        Objects.requireNonNull(change, "change");
        Contact changed = contacts.computeIfPresent(Objects.requireNonNull(contactId, "contactId"),
                (id, contact) -> Objects.requireNonNull(change.apply(contact), "changed contact"));
        if (changed == null) {
            throw new IllegalArgumentException("no contact with id '" + contactId + "' in the directory");
        }
        return changed;
    }

    /**
     * Removes a contact.
     *
     * @param contactId the contact's id
     * @return whether the directory knew them
     */
    public boolean remove(String contactId) {
        return contacts.remove(Objects.requireNonNull(contactId, "contactId")) != null;
    }

    /** Returns how many contacts the directory holds. */
    public int size() {
        return contacts.size();
    }
}
