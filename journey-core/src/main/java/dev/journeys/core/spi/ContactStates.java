package dev.journeys.core.spi;

import dev.journeys.core.ContactState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contact-state capability of a store: each contact's whole {@link ContactState}, saved with
 * compare-and-set on its version, so that several engines may share the store; a save that
 * applies an event records the event's id in the same atomic step.
 *
 * <p>Called for one contact at a time by one engine, for different contacts from several threads:
 * thread-safe.
 */
public interface ContactStates {

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
     * <p>The id is kept until {@link ProcessedEvents#forgetProcessedEvents} is called with an instant after its
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
    void save(ContactState state, ProcessedEvent event);

    /**
     * Saves several contacts' states, each compare-and-set as by {@link #save}, in as few round
     * trips as the store can: the engine saves a page of {@linkplain DueWorkClaims#claimDue claimed} contacts
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
}
