package dev.journeys.bench;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static dev.journeys.core.Trigger.on;

/**
 * Issue 8 (c): timer scheduling and firing with {@code pending} timers pending. The engine holds
 * {@code pending} contacts, each waiting in a journey whose wait lasts {@code pending}
 * milliseconds; contact {@code i} entered at millisecond {@code i}, so exactly one wait ends per
 * millisecond. One operation moves the virtual clock one millisecond on, runs
 * {@link JourneyEngine#runDue()}, which fires that contact's timer (a send, then the end of the
 * journey), and enters the same contact again, which schedules their next timer at the back of
 * the queue: so {@code pending} timers stay pending throughout. The cost of an operation should
 * grow no worse than logarithmically with {@code pending}.
 *
 * <p>The contacts are {@linkplain BenchContacts#generated generated} on lookup, so the heap holds
 * only the engine's state. Filling the engine with ten million contacts takes minutes and about
 * 5 GB of heap (the fork has 8 GB); for the smaller sizes alone run
 * {@code java -jar journey-bench/target/benchmarks.jar TimerBenchmark -p pending=10000,1000000}.
 *
 * <p>Run: {@code java -jar journey-bench/target/benchmarks.jar TimerBenchmark}; the score is
 * microseconds per timer scheduled and fired.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TimerBenchmark {

    @Param({"10000", "1000000", "10000000"})
    public int pending;

    private VirtualClock clock;
    private JourneyEngine engine;
    private Sends sends;
    private long operations;

    /** A journey that only waits {@code millis} and then sends. */
    static JourneyDefinition ticking(long millis) {
        return Journey.withId("ticking").triggeredBy(on("tick.scheduled"))
                .waitFor("wait", Duration.ofMillis(millis))
                .send("ticked", Message.email("ticked"))
                .build();
    }

    @Setup(Level.Trial)
    public void fill() {
        Instant start = WelcomeJourney.START;
        clock = VirtualClock.at(start);
        sends = new Sends();
        engine = JourneyEngine.builder().clock(clock).contacts(BenchContacts.generated(pending))
                .store(JourneyStore.inMemory()).defaultChannel(sends).journey(ticking(pending)).build();
        long began = System.nanoTime();
        for (int i = 0; i < pending; i++) {
            Instant at = clock.advanceTo(start.plusMillis(i));
            if (engine.accept(Event.of("fill-" + i, "tick.scheduled", WelcomeJourney.contactId(i), at))
                    != Acceptance.ACCEPTED) {
                throw new IllegalStateException("contact " + i + " did not enter");
            }
        }
        System.out.printf("%n(filled the engine with %,d waiting contacts in %.1f s)%n", pending,
                (System.nanoTime() - began) / 1e9);
    }

    @TearDown(Level.Trial)
    public void close() {
        long fired = sends.total();
        engine.close();
        if (fired != operations) {
            throw new IllegalStateException(fired + " timers fired in " + operations + " operations");
        }
    }

    /** Fires the one timer due in the next millisecond and schedules that contact's next one. */
    @Benchmark
    public int fireOneScheduleOne() {
        long n = operations++;
        Instant now = clock.advance(Duration.ofMillis(1));
        int fired = engine.runDue();
        String contact = WelcomeJourney.contactId((int) (n % pending));
        if (fired != 1 || engine.accept(Event.of("again-" + n, "tick.scheduled", contact, now)) != Acceptance.ACCEPTED) {
            throw new IllegalStateException("operation " + n + " fired " + fired + " timers, expected 1 for " + contact);
        }
        return fired;
    }
}
