package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the engine keeps about one contact, across all journeys: the instances they are
 * in, their history per journey, and the outbox of effects not yet dispatched. A
 * {@link dev.journeys.core.spi.JourneyStore} saves and loads it whole, compared and set by
 * {@link #version()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contactId the contact
 * @param version incremented by each save; a store refuses a save whose version is not one more
 *     than the stored one
 * @param instances the journey instances the contact is in
 * @param history the contact's history per journey entered. A record that says no more than
 *     the contact's live instance of the journey does (entered once, at the instance's entry
 *     time, never left, not by a segment occurrence) is not kept but implied by the instance,
 *     which saves a record and a list per waiting contact; {@link #history()} returns it all the
 *     same
 * @param outbox the effects not yet dispatched
 * @param sendLog the sends frequency caps can still see, oldest first; empty when no cap is set
 * @param withdrawnConsents the consents the contact withdrew through the engine (an
 *     {@linkplain InteractionTypes#UNSUBSCRIBED unsubscribe}), which win over the directory's
 *     until an {@linkplain InteractionTypes#CONSENT_GIVEN consent} event gives them back
 */
public record ContactState(String contactId, long version, List<JourneyInstance> instances,
                           List<JourneyHistory> history, List<OutboxEntry> outbox, List<SentRecord> sendLog,
                           List<Consent> withdrawnConsents) {

    /**
     * Checks and copies the components, leaving out the history records the instances imply. The
     * contact id is checked against {@link IdRules} where a state begins ({@link #empty}) and where
     * stores read one; the copies the engine makes of a state carry the id it was checked with.
     */
    public ContactState {
        Ids.requireText(contactId, "contact id");
        instances = List.copyOf(instances);
        history = withoutImplied(instances, List.copyOf(history));
        outbox = List.copyOf(outbox);
        sendLog = List.copyOf(sendLog);
        withdrawnConsents = List.copyOf(withdrawnConsents);
    }

    /** Returns the state of a contact the engine has not seen yet, at version 0. */
    public static ContactState empty(String contactId) {
        IdRules.requireContactId(contactId, "contact id");
        return new ContactState(contactId, 0, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Returns whether there is nothing to keep: no instance, history, outbox, send log or withdrawal. */
    public boolean isEmpty() {
        return instances.isEmpty() && history.isEmpty() && outbox.isEmpty() && sendLog.isEmpty()
                && withdrawnConsents.isEmpty();
    }

    /** Returns the contact's instance of the journey, if they are in it (any version). */
    public Optional<JourneyInstance> instanceOf(String journeyId) {
        return instances.stream().filter(i -> i.journeyId().equals(journeyId)).findFirst();
    }

    /**
     * Returns the contact's history per journey entered: the records kept, then those implied by
     * the live instances.
     */
    @Override
    public List<JourneyHistory> history() {
        List<JourneyHistory> all = null;
        for (int i = 0; i < instances.size(); i++) {
            String journeyId = instances.get(i).journeyId();
            if (find(history, journeyId) == null && (all == null || find(all, journeyId) == null)) {
                if (all == null) {
                    all = new ArrayList<>(history);
                }
                all.add(implied(instances, journeyId));
            }
        }
        return all == null ? history : List.copyOf(all);
    }

    /** Returns the contact's history in the journey, if they ever entered it. */
    public Optional<JourneyHistory> historyOf(String journeyId) {
        JourneyHistory kept = find(history, journeyId);
        if (kept != null) {
            return Optional.of(kept);
        }
        return newestOf(instances, journeyId) == null ? Optional.empty() : Optional.of(implied(instances, journeyId));
    }

    private static JourneyHistory find(List<JourneyHistory> history, String journeyId) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).journeyId().equals(journeyId)) {
                return history.get(i);
            }
        }
        return null;
    }

    /**
     * The record a live instance implies: entered as many times as the number of its newest
     * instance, last at that instance's entry, never left, not by a segment occurrence.
     */
    private static JourneyHistory implied(List<JourneyInstance> instances, String journeyId) {
        JourneyInstance newest = newestOf(instances, journeyId);
        return new JourneyHistory(journeyId, newest.number(), newest.enteredAtMillis());
    }

    /** Returns the contact's newest live instance of the journey, or null. */
    private static JourneyInstance newestOf(List<JourneyInstance> instances, String journeyId) {
        JourneyInstance newest = null;
        for (int i = 0; i < instances.size(); i++) {
            JourneyInstance instance = instances.get(i);
            if (instance.journeyId().equals(journeyId) && (newest == null || instance.number() > newest.number())) {
                newest = instance;
            }
        }
        return newest;
    }

    /** Returns whether the record says no more than {@link #implied} would, without making that record. */
    private static boolean impliedBy(List<JourneyInstance> instances, JourneyHistory record) {
        if (record.lastExitedAtMillis().isPresent() || record.lastOccurrenceMillis().isPresent()) {
            return false;
        }
        JourneyInstance newest = newestOf(instances, record.journeyId());
        return newest != null && record.entries() == newest.number()
                && record.lastEnteredAtMillis() == newest.enteredAtMillis();
    }

    private static List<JourneyHistory> withoutImplied(List<JourneyInstance> instances, List<JourneyHistory> history) {
        if (history.isEmpty() || instances.isEmpty()) {
            return history;
        }
        List<JourneyHistory> kept = null;
        for (int i = 0; i < history.size(); i++) {
            JourneyHistory record = history.get(i);
            boolean implied = impliedBy(instances, record);
            if (implied && kept == null) {
                kept = new ArrayList<>(history.subList(0, i));
            } else if (!implied && kept != null) {
                kept.add(record);
            }
        }
        return kept == null ? history : List.copyOf(kept);
    }

    /**
     * Returns the earliest instant at which the engine has work for this contact, in epoch
     * milliseconds: a wait that ends or an outbox entry to dispatch. Empty if there is none: no
     * timer, or only work that waits for a pause to end or for the host to retry a parked instance.
     */
    public OptionalLong nextDueAtMillis() {
        long next = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < instances.size(); i++) { // indexed: called for every save, no iterator
            JourneyInstance instance = instances.get(i);
            if (instance.timer() == JourneyInstance.Timer.DUE_AT && !instance.isParked()) {
                next = Math.min(next, instance.timerMillis());
                any = true;
            }
        }
        for (int i = 0; i < outbox.size(); i++) {
            OutboxEntry entry = outbox.get(i);
            if (entry.hold() == OutboxEntry.Hold.NONE) {
                next = Math.min(next, entry.nextAttemptAtMillis());
                any = true;
            }
        }
        return any ? OptionalLong.of(next) : OptionalLong.empty();
    }

    /**
     * Returns whether the engine has work for this contact at or before an instant: a wait that
     * ends or an outbox entry to dispatch.
     *
     * @param nowMillis the instant, epoch milliseconds
     * @return whether {@link #nextDueAtMillis()} is at or before it
     */
    public boolean hasWorkDueBy(long nowMillis) {
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).isDueBy(nowMillis)) {
                return true;
            }
        }
        for (int i = 0; i < outbox.size(); i++) {
            if (outbox.get(i).isDueBy(nowMillis)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the earliest instant at which the engine has work for this contact, if any. */
    public Optional<Instant> nextDueAt() {
        OptionalLong next = nextDueAtMillis();
        return next.isPresent() ? Optional.of(Instant.ofEpochMilli(next.getAsLong())) : Optional.empty();
    }

    /**
     * Returns a copy with these parts, at the next version. Pass the history as {@link #history()}
     * returns it, with the records the old instances implied: the new state keeps those its own
     * instances do not imply.
     */
    public ContactState next(List<JourneyInstance> instances, List<JourneyHistory> history, List<OutboxEntry> outbox,
                             List<SentRecord> sendLog, List<Consent> withdrawnConsents) {
        Objects.requireNonNull(instances, "instances");
        return new ContactState(contactId, version + 1, instances, history, outbox, sendLog, withdrawnConsents);
    }

    /** Returns a copy with another outbox, at the next version. */
    public ContactState withOutbox(List<OutboxEntry> outbox) {
        return new ContactState(contactId, version + 1, instances, history, outbox, sendLog, withdrawnConsents);
    }
}
