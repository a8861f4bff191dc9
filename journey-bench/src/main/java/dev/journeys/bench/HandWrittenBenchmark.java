package dev.journeys.bench;

import dev.journeys.core.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The baseline for {@link EndToEndBenchmark}: {@link WelcomeJourney} end to end per contact on
 * the {@link HandWrittenJourney} state machine, with the same contacts, entry events, channel
 * and number of contacts per invocation, on one thread.
 *
 * <p>Run: {@code java -jar journey-bench/target/benchmarks.jar HandWrittenBenchmark}; the score
 * is contacts per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EndToEndBenchmark.CONTACTS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class HandWrittenBenchmark {

    private static final int CONTACTS = EndToEndBenchmark.CONTACTS;
    private static final long START = WelcomeJourney.START.toEpochMilli();
    private static final long DUE = START + WelcomeJourney.WAIT.toMillis();

    private final Event[] events = WelcomeJourney.entryEvents(CONTACTS, WelcomeJourney.START);
    private Sends sends;
    private HandWrittenJourney journey;

    @Setup(Level.Invocation)
    public void start() {
        sends = new Sends();
        journey = new HandWrittenJourney(CONTACTS, sends);
    }

    /** The whole journey for every contact: entries, then the timers two days later. */
    @Benchmark
    public void journey() {
        for (Event event : events) {
            if (!journey.accept(event, START)) {
                throw new IllegalStateException("the baseline did not accept " + event);
            }
        }
        journey.runDue(DUE);
    }

    /** Checks, untimed, that every contact got exactly the journey's messages. */
    @TearDown(Level.Invocation)
    public void check() {
        sends.requireCompleted(CONTACTS, "the baseline");
    }
}
