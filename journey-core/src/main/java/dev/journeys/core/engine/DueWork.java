package dev.journeys.core.engine;

import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.engine.ContactPipeline.CallbackQueue;
import dev.journeys.core.engine.OutboxDispatcher.Dispatch;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.engine.EntryWindows;
import dev.journeys.core.kernel.Evaluation;
import dev.journeys.core.kernel.JourneyKernel;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.internal.StripedLocks;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.JourneyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import static dev.journeys.core.engine.ContactPipeline.TIMERS_DUE;
import static dev.journeys.core.engine.ContactPipeline.drain;
import static dev.journeys.core.engine.OutboxDispatcher.isAmong;

/**
 * Works on the contacts whose timers are due: claims them from the store a page at a time, works
 * on each by itself or, when the claims carry the contacts' states, on a page saved in one call;
 * runs the due scheduled segment enrolments first and asks the store, now and then, to forget the
 * ids of events applied longer ago than the duplicate window.
 *
 * <p>Thread-safe: several threads may run it at once; the store's claims keep them apart.
 */
final class DueWork {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before
    private static final int DUE_BATCH = 1_024;
    /**
     * How often {@link #runDue()} asks the store to forget the ids of events applied longer ago
     * than the duplicate window.
     */
    private static final long FORGET_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();
    /** The most event ids one {@link #runDue()} asks the store to forget. */
    private static final int FORGET_BATCH = 10_000;

    private final EngineContext context;
    private final InstantSource clock;
    private final JourneyStore store;
    private final ContactDirectory directory;
    private final StripedLocks locks;
    private final EngineCounters counters;
    private final ListenerFanOut listeners;
    private final EntryWindows entryWindows;
    private final ContactPipeline pipeline;
    private final OutboxDispatcher dispatcher;
    private final DueWorkScheduler scheduler;
    private final SegmentEnrolment enrolment;
    private final long duplicateWindowMillis;
    /** When {@link #runDue()} next asks the store to forget old event ids, on the engine's clock. */
    private final AtomicLong nextForgetAtMillis = new AtomicLong(Long.MIN_VALUE);

    DueWork(EngineContext context, ContactPipeline pipeline, OutboxDispatcher dispatcher, DueWorkScheduler scheduler,
            SegmentEnrolment enrolment, Duration duplicateWindow) {
        this.context = context;
        this.clock = context.clock();
        this.store = context.store();
        this.directory = context.directory();
        this.locks = context.locks();
        this.counters = context.counters();
        this.listeners = context.listeners();
        this.entryWindows = context.entryWindows();
        this.pipeline = pipeline;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.enrolment = enrolment;
        this.duplicateWindowMillis = duplicateWindow.toMillis();
    }

    /** Works on what is due; see {@link JourneyEngine#runDue()}. */
    int runDue() {
        context.requireOpen();
        Instant now = clock.instant();
        enrolment.runScheduledEnrolments(now);
        forgetOldProcessedEvents(now);
        long nowMillis = now.toEpochMilli();
        CallbackQueue queue = pipeline.callbackQueue();
        int worked = 0;
        Set<String> stillDue = new HashSet<>(); // worked on, yet due again by now: not twice in one call
        List<DueContact> later = new ArrayList<>(); // given back at the end, so not claimed again in this call
        List<DueContact> page = List.of();
        int next = 0;
        try {
            while (true) {
                page = store.claimDue(now, DUE_BATCH);
                if (page.isEmpty()) {
                    return worked;
                }
                if (!queue.working && page.get(0).state().isPresent()) {
                    next = 0; // an Error thrown out of the page leaves every claim to give back
                    worked += workOnPage(queue, page, clock.instant(), stillDue, later); // holds run from now
                    next = page.size();
                    continue;
                }
                for (next = 0; next < page.size(); next++) {
                    DueContact due = page.get(next);
                    if (!stillDue.isEmpty() && stillDue.contains(due.contactId())) {
                        later.add(due);
                        continue;
                    }
                    worked++;
                    workAlone(queue, due, nowMillis, stillDue, later);
                }
            }
        } finally {
            for (int i = next; i < page.size(); i++) {
                store.release(page.get(i)); // left by an Error thrown out of the loop; none otherwise
            }
            for (DueContact due : later) {
                store.release(due);
            }
        }
    }

    /**
     * Asks the store to forget the ids of events applied longer ago than the duplicate window, at
     * most once a minute on the engine's clock and {@value #FORGET_BATCH} ids a call, and again on
     * the next call while a call forgets a full batch. A failure is logged; the ids are kept until
     * the next try.
     */
    private void forgetOldProcessedEvents(Instant now) {
        long nowMillis = now.toEpochMilli();
        long due = nextForgetAtMillis.get();
        if (nowMillis < due || !nextForgetAtMillis.compareAndSet(due, nowMillis + FORGET_INTERVAL_MILLIS)) {
            return; // not yet, or another thread's run is at it
        }
        try {
            int forgotten = store.forgetProcessedEvents(now.minusMillis(duplicateWindowMillis), FORGET_BATCH);
            if (forgotten >= FORGET_BATCH) {
                nextForgetAtMillis.set(nowMillis); // more to forget: again on the next run
            }
        } catch (RuntimeException failure) {
            LOG.warn("could not forget the ids of events applied before {}; trying again later",
                    now.minusMillis(duplicateWindowMillis), LogText.of(failure));
        }
    }

    /**
     * Works on one claimed contact by itself: loads it, works on it, and gives the claim back if
     * nothing was saved; notes it in {@code stillDue} if it is due again by now, in {@code later}
     * if its work failed.
     */
    private void workAlone(CallbackQueue queue, DueContact due, long nowMillis, Set<String> stillDue,
                           List<DueContact> later) {
        try {
            pipeline.process(queue, due.contactId(), TIMERS_DUE, null);
            ContactState after = queue.saved; // a save released the claim
            if (after == null) {
                store.release(due);
                after = store.load(due.contactId()).orElse(null);
            }
            if (after != null && after.nextDueAtMillis() <= nowMillis) {
                stillDue.add(due.contactId());
            }
        } catch (RuntimeException failure) {
            later.add(due);
            counters.processingFailures.increment();
            LOG.error("work due for contact '{}' failed; it stays due", due.contactId(), LogText.of(failure));
        }
    }

    /**
     * Works on a page of claims that carried the contacts' states ({@link DueContact#state()}), so
     * that the store saves the evaluated page in one call of {@link JourneyStore#saveAll} rather
     * than a load and a save per contact: each contact is evaluated on its claimed state under its
     * lock; the changed states are saved together (each effect is saved before it is dispatched,
     * as always); the effects of those saved are dispatched, each contact's outbox saved right
     * after its dispatch (so a crash mid-page leaves at most one send to go out twice). A contact that
     * needs more is worked on by itself ({@link #workAlone}): one whose claim did not read its
     * state, one the directory does not know, one whose evaluation changed nothing or left older
     * effects due, and one another engine saved since the claim read it (a conflict, retried on
     * the newer state, with nothing of this evaluation saved or sent). Returns how many contacts
     * were worked on.
     */
    private int workOnPage(CallbackQueue queue, List<DueContact> page, Instant now, Set<String> stillDue,
                           List<DueContact> later) {
        long nowMillis = now.toEpochMilli();
        int worked = 0;
        List<ClaimedWork> evaluated = new ArrayList<>(page.size());
        for (DueContact due : page) {
            if (!stillDue.isEmpty() && stillDue.contains(due.contactId())) {
                later.add(due);
                continue;
            }
            worked++;
            ClaimedWork work;
            try {
                work = evaluateClaimed(due, now);
            } catch (RuntimeException failure) {
                later.add(due);
                counters.processingFailures.increment();
                LOG.error("work due for contact '{}' failed; it stays due", due.contactId(), LogText.of(failure));
                continue;
            }
            if (work == null) {
                workAlone(queue, due, nowMillis, stillDue, later);
            } else {
                evaluated.add(work);
            }
        }
        List<ClaimedWork> saved = saveEvaluated(queue, evaluated, nowMillis, stillDue, later);
        queue.working = true; // callbacks from channels and listeners queue their inputs until the page is done
        try {
            Error fatal = null;
            for (ClaimedWork work : saved) {
                if (fatal != null) {
                    // Saved, so told; its sends go out once their hold ends, by whichever engine claims them.
                    listeners.publish(work.evaluation.events());
                    continue;
                }
                try {
                    fatal = dispatchClaimed(work, now);
                } catch (RuntimeException failure) {
                    counters.processingFailures.increment();
                    LOG.error("dispatching the work due for contact '{}' failed; what it did not record goes out"
                            + " again once its hold ends", work.due.contactId(), LogText.of(failure));
                    continue;
                }
                ContactState after = work.dispatched != null ? work.dispatched : work.evaluation.state();
                scheduler.wakeBefore(after.nextDueAtMillis());
                if (after.nextDueAtMillis() <= nowMillis) {
                    stillDue.add(after.contactId());
                }
            }
            if (fatal != null) {
                throw fatal;
            }
        } catch (Error failure) {
            queue.inputs.clear(); // as pipeline.process() does: what the failed page's callbacks queued is dropped
            throw failure;
        } finally {
            queue.working = false;
        }
        drain(queue.inputs);
        return worked;
    }

    /**
     * Evaluates a claimed contact on the state its claim read; returns null when it is to be
     * worked on by itself instead.
     */
    private ClaimedWork evaluateClaimed(DueContact due, Instant now) {
        if (due.state().isEmpty()) {
            return null; // its claim could not read its state: loaded by itself (and parked if unreadable)
        }
        ContactState state = due.state().get();
        ReentrantLock lock = locks.lock(locks.stripeOf(due.contactId()));
        lock.lock();
        try {
            Optional<Contact> found = directory.find(due.contactId());
            if (found.isEmpty()) {
                return null;
            }
            Evaluation evaluation = JourneyKernel.evaluate(catalog(), state, found.get(), TIMERS_DUE, now,
                    !listeners.isEmpty(), entryWindows, context.history(due.contactId(), now));
            if (!evaluation.changed(state) || hasOlderDue(evaluation, now.toEpochMilli())) {
                return null;
            }
            return new ClaimedWork(due, found.get(), evaluation);
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether the outbox holds entries due by now that this evaluation did not decide. */
    private static boolean hasOlderDue(Evaluation evaluation, long nowMillis) {
        for (OutboxEntry entry : evaluation.state().outbox()) {
            if (entry.nextAttemptAtMillis() <= nowMillis && !isAmong(entry.effect().key(), evaluation.effects())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Saves the evaluated states in one call; works on those another engine saved first by
     * themselves; returns the work saved.
     */
    private List<ClaimedWork> saveEvaluated(CallbackQueue queue, List<ClaimedWork> evaluated, long nowMillis,
                                            Set<String> stillDue, List<DueContact> later) {
        if (evaluated.isEmpty()) {
            return evaluated;
        }
        List<ContactState> states = new ArrayList<>(evaluated.size());
        evaluated.forEach(work -> states.add(work.evaluation.state()));
        List<ContactState> conflicts;
        try {
            conflicts = store.saveAll(states);
        } catch (RuntimeException failure) {
            for (ClaimedWork work : evaluated) {
                later.add(work.due);
                counters.processingFailures.increment();
            }
            LOG.error("saving the work due for {} contacts failed; they stay due", evaluated.size(),
                    LogText.of(failure));
            return List.of();
        }
        if (conflicts.isEmpty()) {
            return evaluated;
        }
        Set<String> lost = new HashSet<>();
        conflicts.forEach(state -> lost.add(state.contactId()));
        List<ClaimedWork> saved = new ArrayList<>(evaluated.size() - lost.size());
        for (ClaimedWork work : evaluated) {
            if (lost.contains(work.due.contactId())) {
                // Nothing of this evaluation was saved, told or sent: do it again on the newer state.
                counters.conflictsRetried.increment();
                workAlone(queue, work.due, nowMillis, stillDue, later);
            } else {
                saved.add(work);
            }
        }
        return saved;
    }

    /**
     * Under the contact's lock, tells listeners what the saved evaluation did, dispatches its
     * effects, saves the outbox that remains right away (on the newer state if another engine saved
     * the contact since) and tells listeners what the dispatch did, as {@link ContactPipeline#apply} and
     * {@link OutboxDispatcher#dispatchOutbox} do for one input; notes the state saved in {@code work}; returns an
     * Error a dispatch threw, or null.
     */
    private Error dispatchClaimed(ClaimedWork work, Instant now) {
        ReentrantLock lock = locks.lock(locks.stripeOf(work.due.contactId()));
        lock.lock();
        try {
            listeners.publish(work.evaluation.events());
            ContactState state = work.evaluation.state();
            List<OutboxEntry> remaining = new ArrayList<>(0);
            List<JourneyEvent> events = new ArrayList<>(state.outbox().size());
            Dispatch dispatch = dispatcher.dispatchEntries(state, work.contact, now, work.evaluation.effects(), null,
                    remaining, events);
            if (dispatch.attempted()) {
                // Recorded at once, not with the rest of the page: an engine that dies or stalls
                // mid-page leaves at most the send in flight to go out twice.
                work.dispatched = dispatcher.saveDispatched(state, remaining);
                listeners.publish(events);
            }
            return dispatch.fatal();
        } finally {
            lock.unlock();
        }
    }

    /** One claimed contact worked on as part of a page: its claim, its evaluation, and what its dispatch left. */
    private static final class ClaimedWork {
        private final DueContact due;
        private final Contact contact;
        private final Evaluation evaluation;
        /** The state saved after the dispatch, or null if the dispatch attempted nothing. */
        private ContactState dispatched;

        private ClaimedWork(DueContact due, Contact contact, Evaluation evaluation) {
            this.due = due;
            this.contact = contact;
            this.evaluation = evaluation;
        }
    }

    /** The catalog as of now. */
    private JourneyCatalog catalog() {
        return context.catalog();
    }
}
