package dev.journeys.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param history the contact's history per journey entered
 * @param outbox the effects not yet dispatched
 * @param sendLog the sends frequency caps can still see, oldest first; empty when no cap is set
 * @param withdrawnConsents the consents the contact withdrew through the engine (an
 *     {@linkplain InteractionTypes#UNSUBSCRIBED unsubscribe}), which win over the directory's
 *     until an {@linkplain InteractionTypes#CONSENT_GIVEN consent} event gives them back
 */
public record ContactState(String contactId, long version, List<JourneyInstance> instances,
                           List<JourneyHistory> history, List<OutboxEntry> outbox, List<SentRecord> sendLog,
                           List<Consent> withdrawnConsents) {

    /** Checks and copies the components. */
    public ContactState {
        Ids.requireText(contactId, "contact id");
        instances = List.copyOf(instances);
        history = List.copyOf(history);
        outbox = List.copyOf(outbox);
        sendLog = List.copyOf(sendLog);
        withdrawnConsents = List.copyOf(withdrawnConsents);
    }

    /** Returns the state of a contact the engine has not seen yet, at version 0. */
    public static ContactState empty(String contactId) {
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

    /** Returns the contact's history in the journey, if they ever entered it. */
    public Optional<JourneyHistory> historyOf(String journeyId) {
        return history.stream().filter(h -> h.journeyId().equals(journeyId)).findFirst();
    }

    /**
     * Returns the earliest instant at which the engine has work for this contact: a wait that
     * ends or an outbox entry to dispatch, in epoch milliseconds; {@link Long#MAX_VALUE} if none
     * (work held until a paused journey resumes, {@link JourneyInstance#HELD}, has no time).
     */
    public long nextDueAtMillis() {
        long next = JourneyInstance.NOT_DUE;
        for (int i = 0; i < instances.size(); i++) { // indexed: called for every save, no iterator
            next = Math.min(next, instances.get(i).dueAtMillis());
        }
        for (int i = 0; i < outbox.size(); i++) {
            next = Math.min(next, outbox.get(i).nextAttemptAtMillis());
        }
        return next == JourneyInstance.HELD ? JourneyInstance.NOT_DUE : next;
    }

    /** Returns the earliest instant at which the engine has work for this contact, if any. */
    public Optional<Instant> nextDueAt() {
        long next = nextDueAtMillis();
        return next == JourneyInstance.NOT_DUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
    }

    /** Returns a copy with these parts, at the next version. */
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
