package dev.journeys.bench;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8 (a) and (f): {@link WelcomeJourney} end to end on this engine, per contact, driven by
 * one thread or two. An operation is one contact: each invocation starts a fresh engine (in-memory
 * store, virtual clock, contacts held in an array, a counting channel, no listener), and then
 * <ul>
 *   <li>{@code journey}: all {@value #CONTACTS} contacts enter (welcome sent, two-day wait
 *       started), the clock moves two days on, every due timer runs (branch, offer, end);</li>
 *   <li>{@code entries}: only the entry phase;</li>
 *   <li>{@code timers}: only the timer phase, the contacts having entered untimed.</li>
 * </ul>
 * With {@code threads=1} the benchmark's own thread does the work; with {@code threads=2} the
 * contacts are split in two halves, each entered by a thread of its own, and both threads then
 * call {@link JourneyEngine#runDue()}, which is the only way the engine offers to fire timers. After each invocation (untimed) a check makes sure every contact got
 * exactly the journey's messages.
 *
 * <p>Run: {@code java -jar journey-bench/target/benchmarks.jar EndToEndBenchmark}; the score is
 * contacts per second. Every benchmark's fork sets slf4j-simple to {@code warn}, so the engine's
 * INFO line for each engine built stays out of JMH's output.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EndToEndBenchmark.CONTACTS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class EndToEndBenchmark {

    /** Contacts per invocation, as in the measurement of the peers. */
    public static final int CONTACTS = 10_000;

    /** What every invocation shares: the contacts, their entry events, the driving threads. */
    @State(Scope.Benchmark)
    public static class Drivers {
        @Param({"1", "2"})
        public int threads;

        final JourneyDefinition journey = WelcomeJourney.definition();
        final BenchContacts contacts = BenchContacts.held(CONTACTS);
        final Event[] events = WelcomeJourney.entryEvents(CONTACTS, WelcomeJourney.START);
        ExecutorService pool;

        @Setup(Level.Trial)
        public void startThreads() {
            if (threads == 1) {
                return;
            }
            pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, "driver");
                thread.setDaemon(true);
                return thread;
            });
        }

        @TearDown(Level.Trial)
        public void stopThreads() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }

        /** Runs {@code work(part, parts)} on every driving thread and waits for all. */
        void onEveryThread(PartWork work) {
            if (threads == 1) {
                work.run(0, 1); // on the benchmark's own thread
                return;
            }
            List<Future<?>> running = new ArrayList<>(threads);
            for (int part = 0; part < threads; part++) {
                int p = part;
                running.add(pool.submit(() -> work.run(p, threads)));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }

        /** Enters the contacts of one part. */
        /** Returns a fresh engine on the in-memory store, nobody in it yet. */
        JourneyEngine engine(VirtualClock clock, Sends sends) {
            return JourneyEngine.builder().clock(clock).contacts(contacts).store(JourneyStore.inMemory())
                    .defaultChannel(sends).journey(journey).build();
        }

        void enter(JourneyEngine engine, int part, int parts) {
            int from = (int) ((long) CONTACTS * part / parts);
            int to = (int) ((long) CONTACTS * (part + 1) / parts);
            for (int i = from; i < to; i++) {
                if (engine.accept(events[i]) != Acceptance.ACCEPTED) {
                    throw new IllegalStateException("the engine did not accept " + events[i]);
                }
            }
        }
    }

    /** One part of the work of an invocation, on one of the driving threads. */
    @FunctionalInterface
    interface PartWork {
        void run(int part, int parts);
    }

    /** A fresh engine for each invocation, nobody in it yet. */
    @State(Scope.Benchmark)
    public static class Fresh {
        VirtualClock clock;
        Sends sends;
        JourneyEngine engine;

        @Setup(Level.Invocation)
        public void start(Drivers drivers) {
            clock = VirtualClock.at(WelcomeJourney.START);
            sends = new Sends();
            engine = drivers.engine(clock, sends);
        }

        /** Checks, untimed, that every contact got what the benchmark's phases send. */
        @TearDown(Level.Invocation)
        public void check() {
            engine.close();
            if (sends.total() == CONTACTS) {
                sends.requireWaiting(CONTACTS, "the engine");
            } else {
                sends.requireCompleted(CONTACTS, "the engine");
            }
        }
    }

    /** A fresh engine for each invocation, every contact already waiting and their waits over. */
    @State(Scope.Benchmark)
    public static class Waiting {
        VirtualClock clock;
        Sends sends;
        JourneyEngine engine;

        @Setup(Level.Invocation)
        public void start(Drivers drivers) {
            clock = VirtualClock.at(WelcomeJourney.START);
            sends = new Sends();
            engine = drivers.engine(clock, sends);
            drivers.enter(engine, 0, 1);
            clock.advance(WelcomeJourney.WAIT);
        }

        /** Checks, untimed, that every contact got the journey's messages. */
        @TearDown(Level.Invocation)
        public void check() {
            engine.close();
            sends.requireCompleted(CONTACTS, "the engine");
        }
    }

    /** The whole journey for every contact: entries, then the timers two days later. */
    @Benchmark
    public void journey(Drivers drivers, Fresh fresh) {
        drivers.onEveryThread((part, parts) -> drivers.enter(fresh.engine, part, parts));
        fresh.clock.advance(WelcomeJourney.WAIT);
        drivers.onEveryThread((part, parts) -> fresh.engine.runDue());
    }

    /** The entry phase alone: welcome sent, wait started. */
    @Benchmark
    public void entries(Drivers drivers, Fresh fresh) {
        drivers.onEveryThread((part, parts) -> drivers.enter(fresh.engine, part, parts));
    }

    /** The timer phase alone: every wait ends, branch, offer sent, instance ended. */
    @Benchmark
    public void timers(Drivers drivers, Waiting waiting) {
        drivers.onEveryThread((part, parts) -> waiting.engine.runDue());
    }
}
