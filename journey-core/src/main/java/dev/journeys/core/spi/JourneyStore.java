package dev.journeys.core.spi;

import dev.journeys.core.ContactState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each contact's {@link ContactState} and knows which contacts have work due.
 *
 * <p>The engine calls it for one contact at a time (never two calls for the same contact at
 * once from one engine), and for different contacts from several threads at once, so an
 * implementation must be thread-safe. Saves are compare-and-set on the state's version, so
 * several engines may share one store. A store speaks only in whole contact states: the timers
 * it indexes are read from {@link ContactState#nextDueAtMillis()}, and a save re-indexes them
 * (releasing the contact if it was {@linkplain #claimDue claimed}). A store may also keep the ids
 * of the events its saves applied ({@link #save(ContactState, ProcessedEvent)},
 * {@link #hasProcessed}), so that engines sharing it, or restarted on it, apply an event once.
 *
 * <p>The contact and event ids the engine hands a store are valid by {@link dev.journeys.core.IdRules}
 * (well-formed Unicode, no control characters, at most 255 and 1,024 bytes in UTF-8); the stores
 * of this library check the ids they are given with it too.
 *
 * <p>{@link #inMemory()} is the default.
 */
public interface JourneyStore {

    /**
     * Returns the contact's state, if it has one.
     *
     * @param contactId the contact
     * @return the state last saved, or empty
     */
    Optional<ContactState> load(String contactId);

    /**
     * Saves a contact's state if nobody saved another since it was loaded: its version must be
     * one more than the stored one (1 for a contact with no stored state). A state with nothing
     * in it ({@link ContactState#isEmpty()}) may be removed instead.
     *
     * @param state the new state
     * @throws ConcurrentUpdateException if the stored version is not {@code state.version() - 1}
     */
    void save(ContactState state);

    /**
     * Saves a contact's state as {@link #save(ContactState)} does and, in the same atomic step,
     * records that the save applied an event to the contact: either both happen or neither. The
     * engine calls it for the first save of an event's work; so of two engines that were handed the
     * same event, or of an engine that is handed again an event it applied before a restart, at
     * most one applies it while the id is kept. An event whose work changed nothing is saved by
     * no call, so its id is not recorded: a copy of it is evaluated again, and changes nothing
     * again unless the contact's state moved on meanwhile.
     *
     * <p>The id is kept until {@link #forgetProcessedEvents} is called with an instant after its
     * {@link ProcessedEvent#processedAt()}. The default saves the state alone and records
     * nothing: then only each engine's own memory of recent events drops duplicates.
     *
     * @param state the new state
     * @param event the event this save applies
     * @throws DuplicateEventException if the store already holds the event's id for the contact;
     *     checked before the version, and nothing is saved
     * @throws ConcurrentUpdateException if the stored version is not {@code state.version() - 1};
     *     the id is not recorded then
     */
    default void save(ContactState state, ProcessedEvent event) {
        save(state);
    }

    /**
     * Returns whether the store holds the event's id for the contact: a save
     * {@linkplain #save(ContactState, ProcessedEvent) applied} it and it was not forgotten since.
     * The engine asks before it loads the contact for an event, so a copy of an event applied
     * elsewhere costs one look-up. Default: false.
     *
     * @param contactId the contact
     * @param eventId the event's id
     * @return whether the event was applied to the contact and is still remembered
     */
    default boolean hasProcessed(String contactId, String eventId) {
        return false;
    }

    /**
     * Forgets up to {@code limit} of the recorded event ids whose
     * {@link ProcessedEvent#processedAt()} is before {@code before}, the oldest first as far as the
     * store keeps an order; ids recorded at or after it are kept. The engine calls it from
     * {@link dev.journeys.core.JourneyEngine#runDue()} now and then with its duplicate window
     * before the current instant, and again on its next run while a call forgets a full
     * {@code limit}. Default: forgets nothing and returns 0.
     *
     * @param before ids recorded before this instant may be forgotten
     * @param limit the most ids to forget in this call; positive
     * @return how many ids were forgotten
     */
    default int forgetProcessedEvents(Instant before, int limit) {
        return 0;
    }

    /**
     * Saves several contacts' states, each compare-and-set as by {@link #save}, in as few round
     * trips as the store can: the engine saves a page of {@linkplain #claimDue claimed} contacts
     * this way when their claim carried their states ({@link DueContact#state()}). A conflict on
     * one state does not keep the others from being saved. If the call throws, each state may or
     * may not have been saved.
     *
     * <p>The default saves them one at a time.
     *
     * @param states the new states, at most one per contact
     * @return the states not saved because the stored version was not {@code state.version() - 1},
     *     in the order given; empty when all were saved
     */
    default List<ContactState> saveAll(List<ContactState> states) {
        List<ContactState> conflicts = new ArrayList<>(0);
        for (ContactState state : states) {
            try {
                save(state);
            } catch (ConcurrentUpdateException conflict) {
                conflicts.add(state);
            }
        }
        return conflicts;
    }

    /**
     * Claims up to {@code limit} contacts with work due at or before {@code now}, the earliest
     * first as far as the store keeps an order, and hands each to this caller only: a claimed
     * contact is not returned by another claim (from this thread or another) until its state is
     * {@linkplain #save saved} or it is {@linkplain #release released}. This is how several
     * threads, or several engines sharing a store, split the due work between them.
     *
     * @param now the current instant
     * @param limit the most contacts to return; positive
     * @return the claimed contacts; empty when none is due and unclaimed
     */
    List<DueContact> claimDue(Instant now, int limit);

    /**
     * Gives back a claimed contact whose state was not saved (nothing changed, or its work
     * failed), so that it is due again when its state says. Releasing a contact that was saved
     * since it was claimed, or that is not claimed, does nothing.
     *
     * @param claimed a contact returned by {@link #claimDue}
     */
    void release(DueContact claimed);

    /** Returns the earliest instant at which any contact has work, if any has. */
    Optional<Instant> nextDueAt();

    /** Returns how many contacts have a stored state. */
    long size();

    /**
     * Returns the ids of every contact with a stored state, for the rare walks over all of them:
     * stopping and resuming a journey, and migrating its contacts to a new version. The stream
     * may be lazy and weakly consistent (contacts saved during the walk may be missed: they
     * cannot be in a journey the walk is about, which takes no entries then); the caller closes it.
     *
     * @return the contact ids, in no particular order
     * @throws UnsupportedOperationException if the store cannot list its contacts (the default)
     */
    default java.util.stream.Stream<String> contactIds() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list the contacts it holds; "
                + "stopping, resuming and migrating a journey need JourneyStore.contactIds()");
    }

    /**
     * Returns how far the segment journey's enrolment has come, if it ever ran.
     *
     * @param journeyId the segment journey
     * @return the progress last saved
     */
    Optional<EnrolmentProgress> enrolmentProgress(String journeyId);

    /**
     * Saves how far a segment journey's enrolment has come, replacing what was saved before.
     *
     * @param progress the progress
     */
    void saveEnrolmentProgress(EnrolmentProgress progress);

    /**
     * Returns a new, empty store that keeps everything on the heap.
     *
     * @return the store
     */
    static JourneyStore inMemory() {
        return new InMemoryJourneyStore();
    }
}
