package dev.journeys.bench;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.dsl.Journey;
import dev.journeys.testkit.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static dev.journeys.core.Trigger.on;

/**
 * Issue 8 (b): event ingestion on one thread, per event.
 * <ul>
 *   <li>{@code unmatched}: an event of a type no published journey reads (the engine holds
 *       {@link WelcomeJourney} and the journey below), for one of 1,024 contacts in turn.</li>
 *   <li>{@code continuing}: an {@code app.opened} event for one of {@value #WAITING} contacts
 *       waiting for it; it ends their wait, and the journey takes them straight back to the same
 *       wait, so every event continues a waiting instance. Each event has a new id, as the
 *       engine drops duplicates.</li>
 * </ul>
 * The journey the waiting contacts are in:
 * <pre>{@code
 * Journey.withId("engaged").triggeredBy(on("session.started"))
 *         .waitForEvent("await-open", on("app.opened"), Duration.ofDays(30), exits -> exits
 *                 .onEvent(path -> path.goTo("await-open"))
 *                 .onTimeout(path -> path.end()))
 *         .build();
 * }</pre>
 *
 * <p>Run: {@code java -jar journey-bench/target/benchmarks.jar IngestionBenchmark}; the score is
 * events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class IngestionBenchmark {

    /** How many contacts wait for an event. */
    public static final int WAITING = 10_000;
    private static final int UNMATCHED = 1_024;

    private VirtualClock clock;
    private JourneyEngine engine;
    private Event[] unmatched;
    private String[] waitingIds;
    private Instant now;
    private long next;

    /** The journey whose contacts wait for {@code app.opened}, and go back to waiting for it. */
    public static JourneyDefinition engaged() {
        return Journey.withId("engaged").triggeredBy(on("session.started"))
                .waitForEvent("await-open", on("app.opened"), Duration.ofDays(30), exits -> exits
                        .onEvent(path -> path.goTo("await-open"))
                        .onTimeout(path -> path.end()))
                .build();
    }

    @Setup(Level.Trial)
    public void start() {
        clock = VirtualClock.at(WelcomeJourney.START);
        now = clock.instant();
        engine = JourneyEngine.builder().clock(clock).contacts(BenchContacts.held(WAITING))
                .store(JourneyStore.inMemory()).defaultChannel(new Sends())
                .journey(WelcomeJourney.definition()).journey(engaged()).build();
        unmatched = new Event[UNMATCHED];
        for (int i = 0; i < UNMATCHED; i++) {
            unmatched[i] = Event.of("view-" + i, "page.viewed", WelcomeJourney.contactId(i), now);
        }
        waitingIds = new String[WAITING];
        for (int i = 0; i < WAITING; i++) {
            waitingIds[i] = WelcomeJourney.contactId(i);
            if (engine.accept(Event.of("session-" + i, "session.started", waitingIds[i], now)) != Acceptance.ACCEPTED) {
                throw new IllegalStateException("contact " + waitingIds[i] + " did not enter");
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        long waiting = engine.stats().entries() - engine.stats().exits();
        engine.close();
        if (waiting != WAITING) {
            throw new IllegalStateException(waiting + " contacts wait, expected " + WAITING);
        }
    }

    /** An event no journey reads. */
    @Benchmark
    public Acceptance unmatched() {
        return engine.accept(unmatched[(int) (next++ & (UNMATCHED - 1))]);
    }

    /** An event that ends a contact's wait, which the journey takes back to the same wait. */
    @Benchmark
    public Acceptance continuing() {
        long n = next++;
        Acceptance accepted = engine.accept(Event.of("open-" + n, "app.opened", waitingIds[(int) (n % WAITING)], now));
        if (accepted != Acceptance.ACCEPTED) {
            throw new IllegalStateException("event " + n + " was " + accepted);
        }
        return accepted;
    }
}
