package dev.journeys.core.engine;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;
import dev.journeys.core.spi.ContactDirectory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ContactDirectory} that checks what the host's directory answers: a {@code null} where
 * it must return a value, or a contact with another id than the one asked for, fails at once with
 * an {@link IllegalStateException} that names the method and the rule, instead of a
 * {@link NullPointerException} somewhere inside the engine. Internal: the engine wraps its
 * directory in one.
 *
 * <p>Thread-safe if the directory it wraps is.
 *
 * @param directory the host's directory
 */
public record CheckedDirectory(ContactDirectory directory) implements ContactDirectory {

    /** Checks the component. */
    public CheckedDirectory {
        Objects.requireNonNull(directory, "directory");
    }

    /**
     * Wraps a directory, unless it is checked already.
     *
     * @param directory the host's directory
     * @return the checked directory
     */
    public static ContactDirectory of(ContactDirectory directory) {
        return directory instanceof CheckedDirectory ? directory : new CheckedDirectory(directory);
    }

    @Override
    public Optional<Contact> find(String contactId) {
        Optional<Contact> found = directory.find(contactId);
        if (found == null) {
            throw broken("find returned null; it must return Optional.empty() for a contact it does not know");
        }
        if (found.isPresent() && !found.get().id().equals(contactId)) {
            throw broken("find returned a contact with another id than the one asked for");
        }
        return found;
    }

    @Override
    public void record(Event event) {
        directory.record(event);
    }

    @Override
    public EventHistory history(String contactId, Set<String> eventTypes, Instant since) {
        EventHistory history = directory.history(contactId, eventTypes, since);
        if (history == null) {
            throw broken("history returned null; it must return EventHistory.empty() when it has no events");
        }
        return history;
    }

    @Override
    public List<Contact> page(Optional<String> afterId, int limit) {
        List<Contact> page = directory.page(afterId, limit);
        if (page == null) {
            throw broken("page returned null; it must return a list of contacts, empty at the end");
        }
        for (Contact contact : page) {
            if (contact == null) {
                throw broken("page returned a list holding null");
            }
        }
        return page;
    }

    private IllegalStateException broken(String what) {
        return new IllegalStateException("the contact directory " + directory.getClass().getName() + " is broken: "
                + what);
    }
}
