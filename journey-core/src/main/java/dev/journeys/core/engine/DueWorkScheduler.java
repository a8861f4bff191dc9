package dev.journeys.core.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The scheduler thread: runs the engine's due work whenever the next timer is due on the injected
 * clock, reading the clock at least once every poll interval, and is woken early when a contact's
 * work leaves something due before its planned wake-up; also closes the engine.
 *
 * <p>Thread-safe: the thread, the wake-up request and the closed flag change under this object's
 * monitor.
 */
final class DueWorkScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before

    private final EngineContext context;
    private final InstantSource clock;
    private final long pollMillis;
    private final Runnable runDue;
    private final Supplier<Optional<Instant>> nextDueAt;
    private final Object schedulerMonitor = new Object();
    private Thread scheduler;
    private boolean wakeRequested;
    private volatile long plannedWakeMillis = Long.MAX_VALUE;
    private volatile boolean schedulerStarted;

    /**
     * @param runDue the engine's {@link JourneyEngine#runDue()}
     * @param nextDueAt the engine's {@link JourneyEngine#nextDueAt()}
     */
    DueWorkScheduler(EngineContext context, long pollMillis, Runnable runDue, Supplier<Optional<Instant>> nextDueAt) {
        this.context = context;
        this.clock = context.clock();
        this.pollMillis = pollMillis;
        this.runDue = runDue;
        this.nextDueAt = nextDueAt;
    }

    /** Starts the scheduler thread; see {@link JourneyEngine#start()}. */
    void start() {
        synchronized (schedulerMonitor) {
            context.requireOpen();
            if (scheduler != null) {
                throw new IllegalStateException("the scheduler was already started");
            }
            scheduler = new Thread(this::schedule, "journey-scheduler");
            scheduler.setDaemon(true);
            schedulerStarted = true;
            scheduler.start();
        }
    }

    /** Closes the engine and stops the scheduler thread; see {@link JourneyEngine#close()}. */
    void close() {
        Thread running;
        synchronized (schedulerMonitor) {
            if (context.isClosed()) {
                return;
            }
            context.markClosed();
            running = scheduler;
            schedulerMonitor.notifyAll();
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void schedule() {
        while (!context.isClosed()) {
            plannedWakeMillis = Long.MIN_VALUE; // no wake-ups needed while running: the next due is read after
            try {
                runDue.run();
            } catch (RuntimeException | Error failure) {
                if (context.isClosed()) {
                    return;
                }
                LOG.error("scheduler run failed; trying again after the poll interval", LogText.of(failure));
            }
            synchronized (schedulerMonitor) {
                long wait = pollMillis;
                Optional<Instant> next = nextDueAt.get();
                if (next.isPresent()) {
                    long untilDue = next.get().toEpochMilli() - clock.millis();
                    // Still due after a full run means that work keeps failing: retry it once per interval.
                    wait = untilDue > 0 ? Math.min(untilDue, pollMillis) : pollMillis;
                }
                plannedWakeMillis = clock.millis() + wait;
                if (!wakeRequested && !context.isClosed()) {
                    try {
                        schedulerMonitor.wait(wait);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                wakeRequested = false;
            }
        }
    }

    /** Wakes the scheduler, if started, when work falls due before its planned wake-up. */
    void wakeBefore(long dueMillis) {
        if (schedulerStarted && dueMillis < plannedWakeMillis) {
            synchronized (schedulerMonitor) {
                wakeRequested = true;
                schedulerMonitor.notifyAll();
            }
        }
    }
}
