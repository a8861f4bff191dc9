package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.ExitCause;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.SentRecord;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The working copy of one contact's state in one evaluation, and the operations every journey
 * rule uses on it: the lists copied on their first change, instances replaced, held and ended,
 * effects recorded and cancelled in the outbox, journey events told; and the checkpoints that
 * undo one journey's part of the work when it fails, parking its instance with the reason.
 * The rules themselves are in the subclasses ({@link PathRunner}, {@link EntryRules},
 * {@link TimerRules}, {@link EventRules}) and {@link JourneyKernel}. Part of the kernel; package-private.
 *
 * <p>Not thread-safe: one evaluation, on one thread.
 */
abstract class ContactWork {
    final JourneyCatalog catalog;
    final ContactState before;
    final Contact listed;
    Contact contact;
    Subject subject;
    final Instant now;
    final long nowMillis;
    final boolean observed;
    // The state's own immutable lists until the first change to each, then a private copy (see editable).
    List<JourneyInstance> instances;
    List<JourneyHistory> history;
    List<OutboxEntry> outbox;
    List<SentRecord> sendLog;
    List<Consent> withdrawn;
    final List<Effect> effects = new ArrayList<>(2);
    final List<JourneyEvent> events = new ArrayList<>(4);
    /** The entry slots reserved for the entries this run made, and those it reserved and then undid. */
    List<EntryReservation> reservations = List.of();
    List<EntryReservation> unusedReservations = List.of();
    boolean changed;

    ContactWork(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed) {
        this.catalog = catalog;
        this.before = state;
        this.listed = subject.contact();
        this.contact = listed.withWithdrawn(state.withdrawnConsents());
        this.subject = subject.with(contact);
        Instant now = subject.now();
        this.now = now;
        this.nowMillis = now.toEpochMilli();
        this.observed = observed;
        this.instances = state.instances();
        this.history = state.history();
        this.outbox = state.outbox();
        this.sendLog = state.sendLog();
        this.withdrawn = state.withdrawnConsents();
        long horizon = nowMillis - catalog.longestCapWindowMillis();
        if (!sendLog.isEmpty() && sendLog.stream().anyMatch(sent -> sent.atMillis() <= horizon)) {
            (sendLog = editable(sendLog)).removeIf(sent -> sent.atMillis() <= horizon);
            changed = true; // keep only what a cap can still see
        }
    }

    /**
     * Returns a list this run may change: the list itself once it is this run's copy, else a
     * copy. The state's lists are immutable, so most runs, which change one or two, copy no
     * other; and a {@code List.copyOf} snapshot of an unchanged list is the list itself.
     */
    static <T> List<T> editable(List<T> list) {
        return list instanceof ArrayList<T> ? list : new ArrayList<>(list);
    }

    Evaluation result() {
        ContactState after = changed ? before.next(instances, history, outbox, sendLog, withdrawn) : before;
        return new Evaluation(after, List.copyOf(effects), List.copyOf(events), reservations, unusedReservations);
    }

    /** A snapshot of the run, taken before one journey's part of it, to undo that part if it fails. */
    record Checkpoint(List<JourneyInstance> instances, List<JourneyHistory> history,
                              List<OutboxEntry> outbox, List<SentRecord> sendLog, List<Consent> withdrawn,
                              Contact contact, Subject subject, int effects, int events, int reservations,
                              boolean changed) {
    }

    /**
     * Takes a checkpoint. The lists this run has already copied are frozen, so that what comes
     * next copies them again instead of changing what the checkpoint holds.
     */
    Checkpoint checkpoint() {
        instances = frozen(instances);
        history = frozen(history);
        outbox = frozen(outbox);
        sendLog = frozen(sendLog);
        withdrawn = frozen(withdrawn);
        return new Checkpoint(instances, history, outbox, sendLog, withdrawn, contact, subject, effects.size(),
                events.size(), reservations.size(), changed);
    }

    /**
     * Returns a list this run will not change: a list of its own behind a read-only view, which
     * costs no copy; {@link #editable} copies it before the next change, so the checkpoint
     * keeps what it saw.
     */
    static <T> List<T> frozen(List<T> list) {
        return list instanceof ArrayList<T> ? java.util.Collections.unmodifiableList(list) : list;
    }

    void restore(Checkpoint checkpoint) {
        instances = checkpoint.instances();
        history = checkpoint.history();
        outbox = checkpoint.outbox();
        sendLog = checkpoint.sendLog();
        withdrawn = checkpoint.withdrawn();
        contact = checkpoint.contact();
        subject = checkpoint.subject();
        effects.subList(checkpoint.effects(), effects.size()).clear();
        events.subList(checkpoint.events(), events.size()).clear();
        if (reservations.size() > checkpoint.reservations()) {
            List<EntryReservation> undone = reservations.subList(checkpoint.reservations(), reservations.size());
            (unusedReservations = editable(unusedReservations)).addAll(undone);
            undone.clear();
        }
        changed = checkpoint.changed();
    }

    /** Undoes what one instance's failed work did, and parks it as it was before. */
    void park(Checkpoint checkpoint, JourneyInstance instance, String reason) {
        restore(checkpoint);
        JourneyInstance parked = replace(instance, instance.parked(reason, nowMillis));
        events.add(new JourneyEvent.InstanceParked(ref(parked), parked.stepId(), reason, now));
    }

    /**
     * Undoes what a failed entry did after it was decided, and enters the contact as a parked
     * instance at the start step instead; a retry starts it from there.
     */
    void parkEntry(Checkpoint checkpoint, CompiledJourney journey, Attributes entryData,
                           long occurrenceMillis, String reason) {
        restore(checkpoint);
        int index = indexOfHistory(journey.id());
        JourneyHistory updated = recordEntry(journey, index, occurrenceMillis);
        JourneyInstance parked = new JourneyInstance(journey.id(), journey.version(), updated.entries(),
                journey.definition().startStep(), nowMillis, nowMillis, JourneyInstance.Timer.DUE_AT, nowMillis, 0, 0L,
                entryData, Optional.empty()).parked(reason, nowMillis);
        (instances = editable(instances)).add(parked);
        changed = true;
        events.add(new JourneyEvent.InstanceParked(ref(parked), parked.stepId(), reason, now));
    }

    /** Records an entry into the journey's history (at {@code index}, or a new record if it is -1) and returns it. */
    JourneyHistory recordEntry(CompiledJourney journey, int index, long occurrenceMillis) {
        JourneyHistory updated = index < 0
                ? new JourneyHistory(journey.id(), 1, nowMillis, OptionalLong.empty(),
                        occurrenceMillis == Input.Enrol.BY_HAND ? OptionalLong.empty() : OptionalLong.of(occurrenceMillis))
                : occurrenceMillis == Input.Enrol.BY_HAND ? history.get(index).withEntry(nowMillis)
                : history.get(index).withEntry(nowMillis, occurrenceMillis);
        if (index < 0) {
            (history = editable(history)).add(updated);
        } else {
            (history = editable(history)).set(index, updated);
        }
        return updated;
    }

    JourneyInstance parkedInstance(String journeyId, int number) {
        for (JourneyInstance instance : instances) {
            if (instance.number() == number && instance.journeyId().equals(journeyId)) {
                if (!instance.isParked()) {
                    throw new IllegalStateException("instance #" + number + " of journey '" + journeyId
                            + "' of contact '" + contact.id() + "' is not parked");
                }
                return instance;
            }
        }
        throw new IllegalArgumentException("contact '" + contact.id() + "' has no instance #" + number
                + " of journey '" + journeyId + "'");
    }

    /** Holds the instance's undispatched effects while it is paused: a send waiting for a retry does not go out. */
    void pauseOutbox(JourneyInstance instance) {
        for (int i = 0; i < outbox.size(); i++) {
            OutboxEntry entry = outbox.get(i);
            if (isOf(entry.effect().key(), instance) && entry.hold() != OutboxEntry.Hold.INSTANCE_PAUSED) {
                (outbox = editable(outbox)).set(i, entry.heldBy(OutboxEntry.Hold.INSTANCE_PAUSED));
                changed = true;
            }
        }
    }

    /** Lets the effects its pause held go out now that the instance resumed. */
    void releaseOutbox(JourneyInstance instance) {
        for (int i = 0; i < outbox.size(); i++) {
            OutboxEntry entry = outbox.get(i);
            if (isOf(entry.effect().key(), instance) && entry.hold() == OutboxEntry.Hold.INSTANCE_PAUSED) {
                (outbox = editable(outbox)).set(i, entry.dueAt(nowMillis));
                changed = true;
            }
        }
    }

    void cancelOutbox(java.util.function.Predicate<OutboxEntry> which, String reason) {
        if (outbox.isEmpty()) {
            return;
        }
        for (java.util.Iterator<OutboxEntry> it = (outbox = editable(outbox)).iterator(); it.hasNext(); ) {
            OutboxEntry entry = it.next();
            if (which.test(entry)) {
                it.remove();
                changed = true;
                boolean underWay = entry.callUnderWayAt(nowMillis);
                events.add(new JourneyEvent.EffectCancelled(entry.effect(),
                        underWay ? reason + "; a provider call for it was already under way" : reason, underWay, now));
            }
        }
    }

    /** Notes an entry slot reserved at the gate for an entry this run made. */
    void reserved(EntryReservation reservation) {
        (reservations = editable(reservations)).add(reservation);
    }

    void record(Effect effect) {
        effects.add(effect);
        // Sent by this engine right after the save; held for it for its store's lease.
        (outbox = editable(outbox)).add(OutboxEntry.decided(effect, catalog.dispatchHold()));
        changed = true;
    }

    void hold(JourneyInstance instance, String stepId, Instant until, int visits) {
        replace(instance, instance.withWait(stepId, nowMillis, until.toEpochMilli(), visits));
    }

    void exit(JourneyInstance instance, String stepId, ExitCause cause, String detail) {
        int index = indexOf(instance);
        (instances = editable(instances)).remove(index);
        int h = indexOfHistory(instance.journeyId());
        (history = editable(history)).set(h, history.get(h).withExit(nowMillis));
        changed = true;
        events.add(new JourneyEvent.Exited(ref(instance), stepId, cause, detail, now));
        if (!cause.isCompletion() && !outbox.isEmpty()) {
            // Only effects decided by earlier evaluations: this run's own sends were decided before the stop.
            cancelOutbox(entry -> before.outbox().contains(entry) && isOf(entry.effect().key(), instance),
                    "instance #" + instance.number() + " of '"
                    + instance.journeyId() + "' was stopped: " + cause + " (" + detail + ")");
        }
    }

    /**
     * Returns whether an effect was decided by the instance. By journey and instance number, not
     * version: an instance migrated to a new version keeps the effects its old version decided.
     */
    static boolean isOf(IdempotencyKey key, JourneyInstance instance) {
        return key.instance() == instance.number() && key.journeyId().equals(instance.journeyId());
    }

    JourneyInstance replace(JourneyInstance old, JourneyInstance updated) {
        if (old != updated) {
            int index = indexOf(old);
            (instances = editable(instances)).set(index, updated);
            changed = true;
        }
        return updated;
    }

    int indexOf(JourneyInstance instance) {
        for (int i = 0; i < instances.size(); i++) {
            JourneyInstance candidate = instances.get(i);
            if (candidate.number() == instance.number() && candidate.journeyId().equals(instance.journeyId())) {
                return i;
            }
        }
        throw new IllegalStateException("instance #" + instance.number() + " of '" + instance.journeyId()
                + "' is not among the contact's instances");
    }

    int indexOfHistory(String journeyId) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).journeyId().equals(journeyId)) {
                return i;
            }
        }
        return -1;
    }

    /** Records a step event; callers check {@code observed} first, so no text is built unobserved. */
    void observe(JourneyInstance instance, String stepId, int visit, String outcome) {
        events.add(new JourneyEvent.StepReached(ref(instance), stepId, visit, outcome, now));
    }

    IdempotencyKey key(JourneyInstance instance, String stepId, int visit) {
        return new IdempotencyKey(contact.id(), instance.journeyId(), instance.version(), instance.number(),
                stepId, visit);
    }

    InstanceRef ref(JourneyInstance instance) {
        return new InstanceRef(contact.id(), instance.journeyId(), instance.version(), instance.number());
    }
}
