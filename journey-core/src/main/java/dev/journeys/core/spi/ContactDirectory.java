package dev.journeys.core.spi;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the engine who a contact is: attributes, time zone, consent, preferred channel; and,
 * for segments, what the contact did and who the contacts are.
 *
 * <p>The engine asks for a contact each time it works on them, so answers are always current.
 * Called from several threads at once, for different contacts; must be thread-safe.
 * {@link #inMemory()} is the default.
 *
 * <p>A host that backs the directory with its own database implements {@link #find}, and for
 * segments also: {@link #record} (or its own event store) and {@link #history}, which history
 * conditions ({@link dev.journeys.core.Condition#hadEvent}) read, and {@link #page}, which
 * segment enrolment walks through in id order, a page at a time. The defaults record nothing,
 * return an empty history, and cannot list contacts.
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
     * Records an event the engine accepted for a contact, for history conditions. Called for each
     * accepted event of a type some history condition of the engine's segments and journeys asks
     * about (not for duplicates), before the engine evaluates it; called again for the same
     * event if processing failed and the host sends it again, so a store should keep one event per
     * id. Default: nothing.
     *
     * @param event the event
     */
    default void record(Event event) {
    }

    /**
     * Returns the contact's recorded events of some types since an instant, for history
     * conditions. Default: none.
     *
     * @param contactId the contact's id
     * @param eventTypes the types asked about
     * @param since only events that occurred after this instant are needed ({@link Instant#MIN} for all)
     * @return the events
     */
    default EventHistory history(String contactId, Set<String> eventTypes, Instant since) {
        return EventHistory.empty();
    }

    /**
     * Returns up to {@code limit} contacts in ascending id order, after the given id: segment
     * enrolment walks the directory with it, so it never needs every contact in memory at once.
     *
     * @param afterId the last id of the previous page, or empty for the first page
     * @param limit the most contacts to return, at least 1
     * @return the page; shorter than {@code limit} only at the end
     * @throws UnsupportedOperationException if the directory cannot list its contacts (the default)
     */
    default List<Contact> page(Optional<String> afterId, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list its contacts; segment "
                + "enrolment needs ContactDirectory.page");
    }

    /**
     * Returns a new, empty directory that keeps contacts on the heap.
     *
     * @return the directory
     */
    static InMemoryContactDirectory inMemory() {
        return new InMemoryContactDirectory();
    }
}
