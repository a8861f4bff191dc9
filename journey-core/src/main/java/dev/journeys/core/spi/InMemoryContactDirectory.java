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
 * <p>A contact is kept compactly, not as the {@link Contact} put: one array of its attribute
 * values, and a shape (attribute names, zone, consents, preferred channel) shared with every
 * contact that has the same. {@link #find} and {@link #page} return a new {@code Contact} equal to
 * the one put. A contact with an 8-char id and four attributes costs about 240 bytes with both
 * indexes, as measured by {@code DirectoryMemory} in journey-bench.
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

    /**
     * Contacts by id, each as {@link CompactContacts} makes it: a hash map, since the engine looks
     * a contact up for every input.
     */
    private final ConcurrentMap<String, Object[]> contacts = new ConcurrentHashMap<>();
    private final CompactContacts compact = new CompactContacts();
    /** The same ids in order, for {@link #page}, which segment enrolment walks through. */
    private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
    private final ConcurrentMap<String, Deque<Event>> events = new ConcurrentHashMap<>();

    /** Creates an empty directory; see {@link ContactDirectory#inMemory()}. */
    public InMemoryContactDirectory() {
    }

    @Override
    public Optional<Contact> find(String contactId) {
        Object[] found = contacts.get(IdRules.requireContactId(contactId, "contactId"));
        return found == null ? Optional.empty() : Optional.of(CompactContacts.contact(contactId, found));
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
            Object[] contact = contacts.get(id);
            if (contact != null) { // null if removed since the id was listed
                page.add(CompactContacts.contact(id, contact));
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
        Object[] kept = compact.compact(contact);
        contacts.compute(contact.id(), (id, old) -> {
            ids.add(id); // inside compute, so a concurrent remove of the same id cannot interleave
            return kept;
        });
        return this;
    }

    /**
     * Changes a contact atomically.
     *
     * @param contactId the contact's id
     * @param change how to change them
     * @return the changed contact
     * @throws IllegalArgumentException if the directory does not know the contact, or the change
     *     gives the contact another id
     */
    public Contact update(String contactId, UnaryOperator<Contact> change) {
        Objects.requireNonNull(change, "change");
        Contact[] changed = {null};
        contacts.computeIfPresent(IdRules.requireContactId(contactId, "contactId"), (id, old) -> {
            changed[0] = Objects.requireNonNull(change.apply(CompactContacts.contact(id, old)), "changed contact");
            if (!changed[0].id().equals(id)) {
                throw new IllegalArgumentException("a change may not change the contact's id, was '" + id
                        + "', became '" + changed[0].id() + "'");
            }
            return compact.compact(changed[0]);
        });
        if (changed[0] == null) {
            throw new IllegalArgumentException("no contact with id '" + contactId + "' in the directory");
        }
        return changed[0];
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

    /** Returns how many shapes its contacts share. */
    int shapes() {
        return compact.shapes();
    }
}
