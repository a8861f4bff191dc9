package dev.journeys.core.spi;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;
import dev.journeys.core.IdRules;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.UnaryOperator;

/**
 * The default {@link ContactDirectory}: contacts in a concurrent hash map, their ids also kept in order for
 * {@link #page}, and the events the engine records for them, the latest {@value #EVENTS_KEPT} per contact.
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

    /** How many recorded events the directory keeps per contact; older ones are forgotten. */
    public static final int EVENTS_KEPT = 1_000;

    /** Contacts by id: a hash map, since the engine looks a contact up for every input. */
    private final ConcurrentMap<String, Contact> contacts = new ConcurrentHashMap<>();
    /** The same ids in order, for {@link #page}. */
    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
    private final ConcurrentMap<String, Deque<Event>> events = new ConcurrentHashMap<>();

    /** Creates an empty directory; see {@link ContactDirectory#inMemory()}. */
    public InMemoryContactDirectory() {
    }

    @Override
    public Optional<Contact> find(String contactId) {
        return Optional.ofNullable(contacts.get(IdRules.requireContactId(contactId, "contactId")));
    }

    @Override
    public void record(Event event) {
        Deque<Event> recorded = events.computeIfAbsent(event.contactId(), id -> new ArrayDeque<>());
        synchronized (recorded) {
            for (Event seen : recorded) {
                if (seen.id().equals(event.id())) {
                    return; // recorded already, before a failure made the engine process it again
                }
            }
            recorded.addLast(event);
            if (recorded.size() > EVENTS_KEPT) {
                recorded.removeFirst();
            }
        }
    }

    @Override
    public EventHistory history(String contactId, Set<String> eventTypes, Instant since) {
        Deque<Event> recorded = events.get(IdRules.requireContactId(contactId, "contactId"));
        if (recorded == null) {
            return EventHistory.empty();
        }
        List<Event> kept = new ArrayList<>();
        synchronized (recorded) {
            for (Event event : recorded) {
                if (eventTypes.contains(event.type()) && event.occurredAt().isAfter(since)) {
                    kept.add(event);
                }
            }
        }
        return new EventHistory(kept);
    }

    @Override
    public List<Contact> page(Optional<String> afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("page limit must be at least 1, was " + limit);
        }
        Collection<String> rest = afterId.map(id -> (Collection<String>) ids.tailSet(id, false)).orElse(ids);
        List<Contact> page = new ArrayList<>(Math.min(limit, 1_024));
        for (String id : rest) {
            if (page.size() == limit) {
                break;
            }
            Contact contact = contacts.get(id);
            if (contact != null) { // null if removed since the id was listed
                page.add(contact);
            }
        }
        return page;
    }

    /**
     * Adds a contact, or replaces the one with the same id.
     *
     * @param contact the contact
     * @return this directory
     */
    public InMemoryContactDirectory put(Contact contact) {
        Objects.requireNonNull(contact, "contact");
        contacts.compute(contact.id(), (id, old) -> {
            ids.add(id); // inside compute, so a concurrent remove of the same id cannot interleave
            return contact;
        });
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
        Contact changed = contacts.computeIfPresent(IdRules.requireContactId(contactId, "contactId"),
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
        events.remove(IdRules.requireContactId(contactId, "contactId"));
        boolean[] known = {false};
        contacts.computeIfPresent(contactId, (id, old) -> {
            ids.remove(id);
            known[0] = true;
            return null;
        });
        return known[0];
    }

    /** Returns how many contacts the directory holds. */
    public int size() {
        return contacts.size();
    }
}
