package dev.journeys.core.spi;

import dev.journeys.core.ContactState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each contact's {@link ContactState} and knows which contacts have work due.
 *
 * <p>The engine calls it for one contact at a time (never two calls for the same contact at
 * once from one engine), and for different contacts from several threads at once, so an
 * implementation must be thread-safe. Saves are compare-and-set on the state's version, so
 * several engines may share one store. A store speaks only in whole contact states: the timers
 * it indexes are read from {@link ContactState#nextDueAtMillis()}.
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
     * Returns contacts with work due at or before {@code now}, in {@link DueContact} order (due
     * time, then contact id), starting strictly after {@code after} when it is given, so a caller
     * can page through them even when some stay due.
     *
     * @param now the current instant
     * @param after the last contact of the previous page, or empty to start at the first
     * @param limit the most contacts to return
     * @return the due contacts
     */
    List<DueContact> dueContacts(Instant now, Optional<DueContact> after, int limit);

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
