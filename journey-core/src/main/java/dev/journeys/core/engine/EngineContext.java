package dev.journeys.core.engine;

import dev.journeys.core.EventHistory;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.internal.StripedLocks;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.JourneyListener;
import dev.journeys.core.spi.JourneyStore;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * What the parts of one {@link JourneyEngine} share: the clock, the store, the checked contact
 * directory, the contact locks, the counters, the listeners, the entry rate-limit windows, the
 * published catalog and whether the engine is closed. Built once by the engine's constructor
 * and handed to each part.
 *
 * <p>Thread-safe: the catalog and the closed flag are volatile, everything else is final and
 * thread-safe; only {@link JourneyRegistry} replaces the catalog, under its monitor, and only
 * {@link DueWorkScheduler} closes the engine.
 */
final class EngineContext {

    /** How many times one input is tried when other engines sharing the store keep saving the contact first. */
    static final int MAX_CONFLICT_ATTEMPTS = 10;

    private final InstantSource clock;
    private final JourneyStore store;
    private final ContactDirectory directory;
    private final StripedLocks locks = new StripedLocks(Runtime.getRuntime().availableProcessors() * 256);
    private final EngineCounters counters = new EngineCounters();
    private final ListenerFanOut listeners;
    private final EntryWindows entryWindows = new EntryWindows();
    private volatile JourneyCatalog catalog;
    private volatile boolean closed;

    EngineContext(InstantSource clock, JourneyStore store, ContactDirectory directory,
                  List<JourneyListener> listeners, JourneyCatalog catalog) {
        this.clock = clock;
        this.store = store;
        this.directory = directory;
        this.listeners = new ListenerFanOut(listeners, counters);
        this.catalog = catalog;
    }

    InstantSource clock() {
        return clock;
    }

    JourneyStore store() {
        return store;
    }

    /** The host's directory, wrapped so that it checks what it returns. */
    ContactDirectory directory() {
        return directory;
    }

    /** The contact locks; a contact's work runs under the lock of its stripe. */
    StripedLocks locks() {
        return locks;
    }

    EngineCounters counters() {
        return counters;
    }

    ListenerFanOut listeners() {
        return listeners;
    }

    /** The entry rate-limit windows the evaluator books entries in. */
    EntryWindows entryWindows() {
        return entryWindows;
    }

    /** The published journeys, their statuses and the engine's rules, as of now. */
    JourneyCatalog catalog() {
        return catalog;
    }

    /** Replaces the catalog; called by {@link JourneyRegistry} only, under its monitor. */
    void replaceCatalog(JourneyCatalog next) {
        catalog = next;
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the engine closed; called by {@link DueWorkScheduler#close()} only, under its monitor. */
    void markClosed() {
        closed = true;
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
    }

    /** Loads the contact's recorded events that history conditions ask about; none if no condition does. */
    EventHistory history(String contactId, Instant now) {
        Set<String> types = catalog.historyTypes();
        return types.isEmpty() ? EventHistory.empty() : directory.history(contactId, types, catalog.historySince(now));
    }
}
