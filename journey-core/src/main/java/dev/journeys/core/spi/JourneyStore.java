package dev.journeys.core.spi;

import dev.journeys.core.ContactState;

/**
 * Keeps each contact's {@link ContactState} and knows which contacts have work due: every
 * capability an engine needs of a store, each its own small interface ({@link ContactStates},
 * {@link DueWorkClaims}, {@link ProcessedEvents}, {@link ContactListing},
 * {@link EnrolmentProgressStore}), and the journey definitions it keeps for every engine on it
 * ({@link #definitions()}). None has a default that quietly drops a guarantee: a store implements
 * each, or it does not compile.
 *
 * <p>The engine calls it for one contact at a time (never two calls for the same contact at
 * once from one engine), and for different contacts from several threads at once, so an
 * implementation must be thread-safe. Saves are compare-and-set on the state's version, so
 * several engines may share one store. A store speaks only in whole contact states: the timers
 * it indexes are read from {@link ContactState#nextDueAtMillis()}, and a save re-indexes them
 * (releasing the contact if it was {@linkplain #claimDue claimed}). A store keeps the ids of the
 * events its saves applied ({@link #save(ContactState, ProcessedEvent)}, {@link #hasProcessed}),
 * so that engines sharing it, or restarted on it, apply an event once.
 *
 * <p>The contact and event ids the engine hands a store are valid by {@link dev.journeys.core.IdRules}
 * (well-formed Unicode, no control characters, at most 255 and 1,024 bytes in UTF-8); the stores
 * of this library check the ids they are given with it too.
 *
 * <p>{@link #inMemory()} is the default.
 */
public interface JourneyStore extends ContactStates, DueWorkClaims, ProcessedEvents, ContactListing,
        EnrolmentProgressStore {

    /**
     * Returns where this store keeps the published journey versions, their statuses and the
     * drafts, shared by every engine on the store.
     *
     * @return the definitions
     */
    JourneyDefinitions definitions();

    /**
     * Returns a new, empty store that keeps everything on the heap.
     *
     * @return the store
     */
    static JourneyStore inMemory() {
        return new InMemoryJourneyStore();
    }
}
