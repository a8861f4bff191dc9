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
 * (releasing the contact if it was {@linkplain #claimDue claimed}).
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
