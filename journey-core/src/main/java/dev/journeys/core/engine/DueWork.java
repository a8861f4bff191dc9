package dev.journeys.core.engine;

import dev.journeys.core.ContactState;
import dev.journeys.core.engine.ContactPipeline.CallbackQueue;
import dev.journeys.core.internal.StripedLocks;
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
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import static dev.journeys.core.engine.ContactPipeline.TIMERS_DUE;

/**
 * Works on the contacts whose timers are due: claims them from the store a page at a time and
 * runs each through the {@link ContactPipeline}; runs the due scheduled segment enrolments first
 * and asks the store, now and then, to forget the ids of events applied longer ago than the
 * duplicate window.
 *
 * <p>A page whose claims carried the contacts' states is evaluated contact by contact and saved in
 * one call of the store; the rest of each contact's work (listeners, dispatch) and the contacts
 * to be worked on by themselves become tasks in a queue every thread running {@link #runDue()}
 * takes from. So a thread stuck in one provider call holds up only that contact: the other
 * threads finish the page. A contact whose lock another thread holds is waited for briefly, then
 * passed over and given back at the end of the call (its claim released, or its saved work left
 * in the queue).
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
    /**
     * How long a thread waits for a contact's lock another thread holds before it passes the
     * contact over; real time, as locks are held in real time.
     */
    private static final long LOCK_PATIENCE_MILLIS = 200;
    /** The most event ids one {@link #runDue()} asks the store to forget. */
    private static final int FORGET_BATCH = 10_000;

    private final EngineContext context;
    private final InstantSource clock;
    private final JourneyStore store;
    private final StripedLocks locks;
    private final EngineCounters counters;
    private final ContactPipeline pipeline;
    private final SegmentEnrolment enrolment;
    private final long duplicateWindowMillis;
    /** When {@link #runDue()} next asks the store to forget old event ids, on the engine's clock. */
    private final AtomicLong nextForgetAtMillis = new AtomicLong(Long.MIN_VALUE);
    /** Claimed work waiting for a thread of this engine, whichever thread claimed it. */
    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();

    DueWork(EngineContext context, ContactPipeline pipeline, SegmentEnrolment enrolment, Duration duplicateWindow) {
        this.context = context;
        this.clock = context.clock();
        this.store = context.store();
        this.locks = context.locks();
        this.counters = context.counters();
        this.pipeline = pipeline;
        this.enrolment = enrolment;
        this.duplicateWindowMillis = duplicateWindow.toMillis();
    }

    /** A claimed contact's work waiting in the queue. */
    private sealed interface Task {
        DueContact due();
    }

    /** A claimed contact to be worked on by itself: loaded, evaluated, saved and finished. */
    private record Alone(DueContact due) implements Task {
    }

    /** A claimed contact whose work was evaluated and saved with its page, to be finished. */
    private record Saved(DueContact due, ContactPipeline.Work work) implements Task {
    }

    /**
     * What one call of {@link #runDue()} keeps: the instant it works at, how many contacts it
     * worked on, the contacts it worked on that are due again by now (not worked on twice in one
     * call), and the tasks it passed over, given back when it ends.
     */
    private static final class Round {
        final Instant now;
        final long nowMillis;
        int worked;
        final Set<String> stillDue = new HashSet<>();
        final List<Task> passedOver = new ArrayList<>();

        Round(Instant now) {
            this.now = now;
            this.nowMillis = now.toEpochMilli();
        }
    }

    /** Works on what is due; see {@link JourneyEngine#runDue()}. */
    int runDue() {
        context.requireOpen();
        Instant now = clock.instant();
        enrolment.runScheduledEnrolments(now);
        forgetOldProcessedEvents(now);
        CallbackQueue queue = pipeline.callbackQueue();
        Round round = new Round(now);
        try {
            while (true) {
                Task task = queue.working ? null : tasks.poll(); // called back from inside work: its own page only
                if (task != null) {
                    run(queue, task, round);
                    continue;
                }
                List<DueContact> page = store.claimDue(now, DUE_BATCH);
                if (page.isEmpty()) {
                    return round.worked;
                }
                if (queue.working) {
                    page.forEach(due -> run(queue, new Alone(due), round));
                } else {
                    preparePage(page, round);
                }
            }
        } finally {
            for (Task task : round.passedOver) {
                if (task instanceof Saved) {
                    tasks.add(task); // saved, so its effects are held for this engine: the next run finishes it
                } else {
                    store.release(task.due());
                }
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
     * Evaluates the claimed contacts whose claims carried their states and saves them in one call
     * of the store; queues what is left of each: the saved work to finish, and the contacts to be
     * worked on by themselves (no state carried, unknown to the directory, or overtaken by another
     * engine's save, which is then worked on again on the newer state).
     */
    private void preparePage(List<DueContact> page, Round round) {
        List<ContactPipeline.Work> works = new ArrayList<>(page.size());
        List<DueContact> worksDue = new ArrayList<>(page.size());
        for (DueContact due : page) {
            if (!round.stillDue.isEmpty() && round.stillDue.contains(due.contactId())) {
                round.passedOver.add(new Alone(due));
                continue;
            }
            if (due.state().isEmpty()) {
                // Its claim read no state, so there is nothing to evaluate with the page: it is worked on by
                // itself, under its lock then (and passed over then if the lock stays busy).
                tasks.add(new Alone(due));
                continue;
            }
            ReentrantLock lock = locks.forContact(due.contactId());
            if (!lockWithin(lock)) {
                round.passedOver.add(new Alone(due)); // busy for long, maybe in a hung provider call
                continue;
            }
            try {
                ContactPipeline.Work work = pipeline.evaluateClaimed(due, round.now);
                if (work == null) {
                    tasks.add(new Alone(due));
                } else {
                    works.add(work);
                    worksDue.add(due);
                }
            } catch (RuntimeException failure) {
                round.worked++;
                failed(due, new Alone(due), round, failure);
            } finally {
                lock.unlock();
            }
        }
        List<ContactPipeline.Work> overtaken;
        try {
            overtaken = pipeline.saveAll(works);
        } catch (RuntimeException failure) {
            round.worked += works.size();
            counters.processingFailures.add(works.size());
            LOG.error("saving the work due for {} contacts failed; they stay due", works.size(), LogText.of(failure));
            worksDue.forEach(due -> round.passedOver.add(new Alone(due))); // given back at the end of the call
            return;
        }
        Set<String> lost = new HashSet<>();
        overtaken.forEach(work -> lost.add(work.contactId()));
        for (int i = 0; i < works.size(); i++) {
            ContactPipeline.Work work = works.get(i);
            if (!lost.isEmpty() && lost.contains(work.contactId())) {
                // Nothing of this evaluation was saved, told or sent: worked on again on the newer state.
                counters.conflictsRetried.increment();
                tasks.add(new Alone(worksDue.get(i)));
            } else {
                tasks.add(new Saved(worksDue.get(i), work));
            }
        }
    }

    /**
     * Runs one task under its contact's lock, or passes it over if another thread holds the lock;
     * notes the contact in {@code round.stillDue} if it is due again by now.
     */
    private void run(CallbackQueue queue, Task task, Round round) {
        DueContact due = task.due();
        if (task instanceof Alone && !round.stillDue.isEmpty() && round.stillDue.contains(due.contactId())) {
            round.passedOver.add(task);
            return;
        }
        ReentrantLock lock = locks.forContact(due.contactId());
        if (!lockWithin(lock)) {
            round.passedOver.add(task);
            return;
        }
        try {
            round.worked++;
            ContactState after = task instanceof Saved saved ? finish(queue, saved, round) : workAlone(queue, due, round);
            if (after != null && after.hasWorkDueBy(round.nowMillis)) {
                round.stillDue.add(due.contactId());
            }
        } catch (RuntimeException failure) {
            failed(due, task, round, failure);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a contact's lock, waiting up to {@value #LOCK_PATIENCE_MILLIS} ms for the thread that
     * holds it (another input for a contact of its stripe, most often done in microseconds); returns
     * false if it is held longer, as by a hung provider call, or the wait is interrupted.
     */
    private static boolean lockWithin(ReentrantLock lock) {
        try {
            return lock.tryLock() || lock.tryLock(LOCK_PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Finishes saved work of a page; returns the contact's state after it, or null if unknown. */
    private ContactState finish(CallbackQueue queue, Saved task, Round round) {
        ContactState saved = pipeline.finish(queue, task.work());
        if (saved != null) {
            return saved;
        }
        if (!task.work().changed()) {
            store.release(task.due()); // nothing saved, so the claim is still held
        }
        return task.work().evaluation().state();
    }

    /**
     * Works on one claimed contact by itself: loads it, works on it, and gives the claim back if
     * nothing was saved; returns its state after, or null if it has none.
     */
    private ContactState workAlone(CallbackQueue queue, DueContact due, Round round) {
        pipeline.process(queue, due.contactId(), TIMERS_DUE, null);
        ContactState after = queue.saved; // a save released the claim
        if (after == null) {
            store.release(due);
            after = store.load(due.contactId()).orElse(null);
        }
        return after;
    }

    /**
     * Counts and logs work that failed: a contact to be worked on by itself is given back at the end
     * of the call and stays due; saved work stays held for this engine and goes out again, under the
     * same keys, once its hold ends.
     */
    private void failed(DueContact due, Task task, Round round, RuntimeException failure) {
        counters.processingFailures.increment();
        if (task instanceof Saved) {
            LOG.error("dispatching the work due for contact '{}' failed; what it did not record goes out again once"
                    + " its hold ends", due.contactId(), LogText.of(failure));
        } else {
            round.passedOver.add(task);
            LOG.error("work due for contact '{}' failed; it stays due", due.contactId(), LogText.of(failure));
        }
    }
}
