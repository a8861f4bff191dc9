package dev.journeys.core.engine;

import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.kernel.Evaluation;
import dev.journeys.core.kernel.JourneyKernel;
import dev.journeys.core.kernel.Input;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.internal.RecentEvents;
import dev.journeys.core.internal.StripedLocks;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.DuplicateEventException;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.ProcessedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one pipeline every piece of work for a contact runs through, whatever started it (an event,
 * a due timer, a claimed page, an enrolment, a resume, a migration): under the contact's lock,
 * drop a duplicate event, run the contact's work that fell due first, load, evaluate with the
 * kernel, save with compare-and-set (retrying on another engine's conflicting save), tell
 * listeners and dispatch the outbox. Inputs the engine's own callbacks feed back in are queued
 * until the current one is done.
 *
 * <p>The stages are also offered one at a time ({@link #evaluateClaimed}, {@link #saveAll},
 * {@link #finish}) so that {@link DueWork} can batch the store's reads and writes for a page of
 * claimed contacts; the semantics are the same stages in the same order.
 *
 * <p>Thread-safe: different contacts are worked on in parallel; each thread has its own callback
 * queue.
 */
final class ContactPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before
    static final Input TIMERS_DUE = new Input.TimersDue();

    private final EngineContext context;
    private final InstantSource clock;
    private final JourneyStore store;
    private final ContactDirectory directory;
    private final StripedLocks locks;
    private final EngineCounters counters;
    private final ListenerFanOut listeners;
    private final EntryWindows entryWindows;
    private final RecentEvents recentEvents;
    private final UnknownContactPolicy unknownContactPolicy;
    private final OutboxDispatcher dispatcher;
    private final DueWorkScheduler scheduler;
    private final ThreadLocal<CallbackQueue> deferred = ThreadLocal.withInitial(CallbackQueue::new);

    ContactPipeline(EngineContext context, RecentEvents recentEvents, UnknownContactPolicy unknownContactPolicy,
                    OutboxDispatcher dispatcher, DueWorkScheduler scheduler) {
        this.context = context;
        this.clock = context.clock();
        this.store = context.store();
        this.directory = context.directory();
        this.locks = context.locks();
        this.counters = context.counters();
        this.listeners = context.listeners();
        this.entryWindows = context.entryWindows();
        this.recentEvents = recentEvents;
        this.unknownContactPolicy = unknownContactPolicy;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
    }

    /** Returns this thread's callback queue. */
    CallbackQueue callbackQueue() {
        return deferred.get();
    }

    /** Works on one input with this thread's callback queue; see the method below. */
    Acceptance process(String contactId, Input input, Event event) {
        return process(deferred.get(), contactId, input, event);
    }

    /**
     * Works on one input now, or queues it when called back from inside the engine's own work;
     * afterwards {@code queue.saved} is the state this input saved last, if it saved one.
     */
    Acceptance process(CallbackQueue queue, String contactId, Input input, Event event) {
        queue.saved = null;
        if (queue.working) {
            // A callback of this engine calls back in: queue it, so no contact's work nests in another's.
            queue.inputs.add(() -> processNow(queue, contactId, input, event));
            return Acceptance.DEFERRED;
        }
        queue.working = true;
        try {
            Acceptance acceptance = processNow(queue, contactId, input, event);
            ContactState saved = queue.saved;
            drain(queue.inputs);
            queue.saved = saved; // this input's, not that of the inputs its callbacks queued
            return acceptance;
        } finally {
            queue.inputs.clear();
            queue.working = false;
        }
    }

    /** One thread's inputs queued by the engine's own callbacks while it works on a contact. */
    static final class CallbackQueue {
        final Deque<Runnable> inputs = new ArrayDeque<>(0);
        boolean working;
        /** The state the input worked on last saved, or null if it saved none. */
        ContactState saved;
    }

    /** Runs the inputs queued by callbacks, in order; one that fails is logged and the rest still run. */
    static void drain(Deque<Runnable> queued) {
        for (Runnable next = queued.poll(); next != null; next = queued.poll()) {
            try {
                next.run();
            } catch (RuntimeException failure) {
                LOG.error("an input queued by a callback failed", LogText.of(failure));
            }
        }
    }

    private Acceptance processNow(CallbackQueue queue, String contactId, Input input, Event event) {
        queue.saved = null;
        int stripe = locks.stripeOf(contactId);
        ReentrantLock lock = locks.lock(stripe);
        lock.lock();
        try {
            Instant now = clock.instant();
            long nowMillis = now.toEpochMilli();
            if (event != null && recentEvents.contains(stripe, contactId, event.id(), nowMillis)) {
                counters.duplicateEvents.increment();
                LOG.debug("dropped duplicate event '{}' for contact '{}'", event.id(), contactId);
                return Acceptance.DUPLICATE;
            }
            if (event != null && store.hasProcessed(contactId, event.id())) {
                return droppedAsApplied(stripe, contactId, event, nowMillis);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    Acceptance refused = evaluateAndApply(queue, contactId, input, event, now);
                    if (refused != null) {
                        return refused;
                    }
                    break;
                } catch (DuplicateEventException applied) {
                    // Another engine sharing the store applied the event since this one looked:
                    // nothing of this evaluation was saved, told or sent.
                    return droppedAsApplied(stripe, contactId, event, nowMillis);
                } catch (ConcurrentUpdateException conflict) {
                    // Another engine sharing the store saved the contact first; nothing of this
                    // evaluation was saved, told or sent: do it again on the newer state.
                    if (attempt == EngineContext.MAX_CONFLICT_ATTEMPTS) {
                        throw conflict;
                    }
                    counters.conflictsRetried.increment();
                    LOG.debug("contact '{}' was saved by another engine; working on it again", contactId);
                }
            }
            if (event != null) {
                recentEvents.remember(stripe, contactId, event.id(), nowMillis);
                counters.eventsAccepted.increment();
            }
            return Acceptance.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops an event the store says was applied to the contact already (by another engine sharing
     * it, or by this one before a restart), and remembers it here so the next copy costs no look-up.
     */
    private Acceptance droppedAsApplied(int stripe, String contactId, Event event, long nowMillis) {
        recentEvents.remember(stripe, contactId, event.id(), nowMillis);
        counters.duplicateEvents.increment();
        LOG.debug("dropped event '{}' for contact '{}': the store holds it as applied", event.id(), contactId);
        return Acceptance.DUPLICATE;
    }

    /**
     * Loads the contact, evaluates the input and applies the result; returns how the input was
     * refused when the directory does not know the contact, else null.
     *
     * @throws ConcurrentUpdateException if another engine saved the contact between the load and
     *     the input's first save, before anything of the input was told or sent (the work that
     *     fell due before it may have been done and saved)
     * @throws DuplicateEventException if the store refused the input's first save because the
     *     event was applied already, before anything of it was told or sent
     */
    private Acceptance evaluateAndApply(CallbackQueue queue, String contactId, Input input, Event event,
                                        Instant now) {
        Optional<Contact> found = directory.find(contactId);
        ContactState state = store.load(contactId).orElseGet(() -> ContactState.empty(contactId));
        if (found.isEmpty()) {
            if (!state.instances().isEmpty() || !state.outbox().isEmpty()) {
                queue.saved = apply(evaluate(state, Contact.of(contactId), new Input.ContactGone(), null, now));
            }
            if (input instanceof Input.TimersDue || input instanceof Input.LifecycleChanged
                    || input instanceof Input.Migrate) {
                return Acceptance.ACCEPTED; // the engine's own work: no event or enrolment was refused
            }
            counters.unknownContacts.increment();
            if (unknownContactPolicy == UnknownContactPolicy.REJECT) {
                throw new UnknownContactException(contactId, event != null ? event.id()
                        : input instanceof Input.RetryParked ? "retry of a parked instance"
                        : input instanceof Input.EndParked ? "end of a parked instance" : "enrolment");
            }
            LOG.debug("dropped input for contact '{}', whom the directory does not know", contactId);
            return Acceptance.UNKNOWN_CONTACT;
        }
        if (input instanceof Input.EventArrived || input instanceof Input.Enrol) {
            ContactState afterDue = runDueFirst(state, found.get(), now);
            if (afterDue != state) {
                queue.saved = afterDue;
                state = afterDue;
            }
        }
        if (event != null && catalog().historyTypes().contains(event.type())) {
            // Kept only for the history conditions that ask about its type; recorded again on each
            // attempt after a conflict, which a directory keeps once (one event per id).
            directory.record(event);
        }
        ContactState saved = apply(evaluate(state, found.get(), input, event, now));
        if (saved != null) {
            queue.saved = saved;
        }
        return null;
    }

    /**
     * Runs the contact's work that fell due at or before {@code now}, the instant an event or
     * enrolment is worked on, before that input: the waits that ended and the sends due for a
     * retry, evaluated, saved, told and dispatched as {@link JourneyEngine#runDue()} would have done just
     * before. So an input never overtakes a timer the scheduler has not fired yet. Returns the
     * state saved last, or the state given if there was nothing due or nothing changed.
     */
    private ContactState runDueFirst(ContactState state, Contact contact, Instant now) {
        if (!state.hasWorkDueBy(now.toEpochMilli())) {
            return state;
        }
        // A conflict here is the input's: the caller's loop loads the contact again and starts over.
        ContactState saved = apply(evaluate(state, contact, TIMERS_DUE, null, now));
        return saved == null ? state : saved;
    }

    /**
     * One contact's input, evaluated: what the pipeline saves, tells and dispatches.
     *
     * @param before the state it was evaluated on
     * @param contact the contact as the directory knows them
     * @param evaluation what the kernel made of the input
     * @param event the event it applies, or null
     * @param now the instant it was evaluated at
     * @param catalog the catalog it was evaluated with
     */
    record Work(ContactState before, Contact contact, Evaluation evaluation, Event event, Instant now,
                JourneyCatalog catalog) {

        /** Returns whether the evaluation changed the contact's state, so that it is to be saved. */
        boolean changed() {
            return evaluation.changed(before);
        }

        String contactId() {
            return before.contactId();
        }
    }

    /** Evaluates an input on a state with the kernel. */
    private Work evaluate(ContactState state, Contact contact, Input input, Event event, Instant now) {
        JourneyCatalog catalog = catalog();
        Evaluation evaluation = JourneyKernel.evaluate(catalog, state, contact, input, now, !listeners.isEmpty(),
                entryWindows, context.history(contact.id(), now));
        return new Work(state, contact, evaluation, event, now, catalog);
    }

    /**
     * Saves the work if it changed the state, recording the event it applied if there is one.
     *
     * @throws ConcurrentUpdateException if another engine saved the contact since the state was read
     * @throws DuplicateEventException if the store holds the event as applied already
     */
    private void save(Work work) {
        Evaluation evaluation = work.evaluation();
        entryWindows.releaseAll(evaluation.unusedReservations());
        if (!work.changed()) {
            return;
        }
        // The effects just decided are saved held for this engine for the store's lease, so another
        // engine sharing the store does not send them too; this engine sends them in finish().
        try {
            if (work.event() == null) {
                store.save(evaluation.state());
            } else {
                store.save(evaluation.state(), new ProcessedEvent(work.event().id(), work.now()));
            }
        } catch (RuntimeException | Error notSaved) {
            // A conflict is evaluated again, reserving again: what this evaluation reserved no longer counts.
            entryWindows.releaseAll(evaluation.reservations());
            throw notSaved;
        }
    }

    /**
     * Saves the changed states of several contacts' work in one call of the store (the works carry
     * no event); returns the works another engine's save overtook, of which nothing was saved.
     */
    List<Work> saveAll(List<Work> works) {
        List<ContactState> states = new ArrayList<>(works.size());
        for (Work work : works) {
            entryWindows.releaseAll(work.evaluation().unusedReservations());
            if (work.changed()) {
                states.add(work.evaluation().state());
            }
        }
        if (states.isEmpty()) {
            return List.of();
        }
        List<ContactState> conflicts;
        try {
            conflicts = store.saveAll(states);
        } catch (RuntimeException | Error notSaved) {
            works.forEach(work -> entryWindows.releaseAll(work.evaluation().reservations()));
            throw notSaved;
        }
        if (conflicts.isEmpty()) {
            return List.of();
        }
        Set<String> lost = new HashSet<>();
        conflicts.forEach(state -> lost.add(state.contactId()));
        List<Work> overtaken = new ArrayList<>(lost.size());
        for (Work work : works) {
            if (work.changed() && lost.contains(work.contactId())) {
                entryWindows.releaseAll(work.evaluation().reservations());
                overtaken.add(work);
            }
        }
        return overtaken;
    }

    /**
     * The last stage of saved work: tells listeners what the evaluation did, dispatches the outbox
     * (the effects just decided, and those that fell due before), and wakes the scheduler for what
     * is due next. Returns the state saved last, or null if nothing was saved. The caller holds the
     * contact's lock.
     */
    private ContactState finish(Work work) {
        listeners.publish(work.evaluation().events());
        List<Effect> mine = work.changed() ? work.evaluation().effects() : List.of();
        ContactState after = work.evaluation().state();
        // The kernel decided with the contact's withdrawals as they were before; if it changed them, the
        // dispatch checks every message on the changed ones.
        boolean sameWithdrawals = work.before().withdrawnConsents().equals(after.withdrawnConsents());
        ContactState state = dispatcher.dispatchOutbox(after, work.contact(), work.now(), mine,
                sameWithdrawals ? work.catalog() : null);
        OptionalLong next = state.nextDueAtMillis();
        if (next.isPresent()) {
            scheduler.wakeBefore(next.getAsLong());
        }
        return state == work.before() ? null : state;
    }

    /**
     * Finishes saved work of a claimed page ({@link #finish}) with this thread's callback queue:
     * the inputs the listeners and channels feed back in run once it is done. Returns the state
     * saved last, or null if nothing was saved. The caller holds the contact's lock.
     */
    ContactState finish(CallbackQueue queue, Work work) {
        queue.working = true;
        ContactState saved;
        try {
            saved = finish(work);
        } catch (RuntimeException | Error failure) {
            queue.inputs.clear(); // as process() does: what the failed work's callbacks queued is dropped
            queue.working = false;
            throw failure;
        }
        queue.working = false;
        drain(queue.inputs);
        return saved;
    }

    /** Saves the work, then finishes it; returns the state saved last, or null if nothing changed. */
    private ContactState apply(Work work) {
        save(work);
        return finish(work);
    }

    /**
     * Evaluates a claimed contact's due work on the state its claim read, for {@link #saveAll};
     * returns null when the contact is to be worked on by itself ({@link #process}) instead: its
     * claim did not read its state, or the directory does not know the contact. The caller holds the
     * contact's lock.
     */
    Work evaluateClaimed(DueContact due, Instant now) {
        if (due.state().isEmpty()) {
            return null; // loaded by itself (and parked if unreadable)
        }
        Optional<Contact> found = directory.find(due.contactId());
        return found.isEmpty() ? null : evaluate(due.state().get(), found.get(), TIMERS_DUE, null, now);
    }

    /** The catalog as of now. */
    private JourneyCatalog catalog() {
        return context.catalog();
    }
}
