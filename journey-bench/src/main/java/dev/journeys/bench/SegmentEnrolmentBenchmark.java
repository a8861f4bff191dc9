package dev.journeys.bench;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyStore;
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
import org.openjdk.jmh.annotations.Warmup;

import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * Issue 8 (d): a scheduled segment enrolment over a directory of 1,000,000 contacts, as
 * {@link SegmentEnrolmentRun} does it: each contact is read a page at a time from a
 * {@link GeneratedContacts} directory, the segment (loyalty member, in Texas, bought cold brew in
 * the last 90 days; three in four are members) is evaluated, and the members are enrolled in a
 * one-send journey. One operation is the whole enrolment, on a fresh engine.
 *
 * <p>Run: {@code java -jar journey-bench/target/benchmarks.jar SegmentEnrolmentBenchmark}; the
 * score is seconds per enrolment of a million contacts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SegmentEnrolmentBenchmark {

    /** Contacts in the directory. */
    public static final int CONTACTS = 1_000_000;

    private JourneyStore store;
    private JourneyEngine engine;
    private Sends sends;

    @Setup(Level.Invocation)
    public void start() {
        store = JourneyStore.inMemory();
        sends = new Sends();
        engine = JourneyEngine.builder().clock(InstantSource.fixed(SegmentEnrolmentRun.LAUNCH))
                .contacts(new GeneratedContacts(CONTACTS, SegmentEnrolmentRun.LAUNCH)).store(store)
                .segments(SegmentEnrolmentRun.segments()).defaultChannel(sends)
                .journey(SegmentEnrolmentRun.launch()).build();
    }

    @TearDown(Level.Invocation)
    public void check() {
        EnrolmentProgress progress = store.enrolmentProgress("cold-brew-launch").orElseThrow();
        engine.close();
        long members = CONTACTS - CONTACTS / 120 * 30 - Math.max(0, CONTACTS % 120 - 90);
        if (!progress.done() || progress.considered() != CONTACTS || progress.members() != members
                || sends.total() != members) {
            throw new IllegalStateException("enrolment went wrong: " + progress + ", " + sends.total()
                    + " sent, expected " + members + " members");
        }
    }

    /** Runs the scheduled enrolment over every contact. */
    @Benchmark
    public int enrolOneMillion() {
        return engine.runDue();
    }
}
