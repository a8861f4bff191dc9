package dev.journeys.bench;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.Schedule;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.LongAdder;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.hadEvent;
import static dev.journeys.core.Condition.payload;

/**
 * Enrols a segment of about a million members (1,333,334 contacts, three in four of them members)
 * into a one-send journey and reports the time, the rate, and the heap.
 *
 * <p>The contacts come from a {@link GeneratedContacts} directory that holds none of them, as a
 * host's database would; the engine keeps its contact states in the in-memory store. So the
 * heap after the run is the store's (a state per member, with the journey's history), and the
 * enrolment itself never holds more than one page of contacts.
 *
 * <p>Run it with {@code mvn -q -pl journey-bench -am package -DskipTests && java -Xmx256m -cp
 * journey-bench/target/benchmarks.jar dev.journeys.bench.SegmentEnrolmentRun} (a number of contacts
 * may follow, such as {@code 200000}).
 */
public final class SegmentEnrolmentRun {

    static final Instant LAUNCH = Instant.parse("2026-03-10T13:30:00Z");

    private SegmentEnrolmentRun() {
    }

    /**
     * Runs the enrolment and prints the figures.
     *
     * @param args optionally the number of contacts (default 1,333,334)
     */
    public static void main(String[] args) {
        int contacts = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 1_333_334;
        run(contacts, System.out);
    }

    static Segments segments() {
        return Segments.builder().segment(Segment.of("cold-brew-fans", attribute("loyaltyMember").isEqualTo(true)
                .and(attribute("state").isEqualTo("TX"))
                .and(hadEvent("purchase").where(payload("category").isEqualTo("cold-brew"))
                        .atLeastOnce().within(Duration.ofDays(90))))).build();
    }

    static JourneyDefinition launch() {
        return Journey.withId("cold-brew-launch").fromSegment("cold-brew-fans", Schedule.at(LAUNCH))
                .send("teaser", Message.email("teaser")).build();
    }

    static void run(int contacts, PrintStream out) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        GeneratedContacts directory = new GeneratedContacts(contacts, LAUNCH);
        LongAdder sent = new LongAdder();
        JourneyStore store = JourneyStore.inMemory();
        try (JourneyEngine engine = JourneyEngine.builder().clock(InstantSource.fixed(LAUNCH)).contacts(directory)
                .store(store).segments(segments()).defaultChannel(message -> sent.increment())
                .journey(launch()).build()) {
            long start = System.nanoTime();
            engine.runDue();
            long nanos = System.nanoTime() - start;
            EnrolmentProgress progress = store.enrolmentProgress("cold-brew-launch").orElseThrow();
            long after = usedAfterGc(memory);

            long expectedMembers = java.util.stream.IntStream.range(0, contacts)
                    .filter(GeneratedContacts::boughtRecently).count();
            if (!progress.done() || progress.members() != expectedMembers || sent.sum() != expectedMembers) {
                throw new IllegalStateException("enrolment went wrong: " + progress + ", " + sent.sum()
                        + " sent, expected " + expectedMembers + " members");
            }
            double seconds = nanos / 1e9;
            out.printf("Enrolled %,d members of %,d contacts in %.2f s: %,.0f contacts considered/s, %,.0f members/s%n",
                    progress.members(), progress.considered(), seconds, progress.considered() / seconds,
                    progress.members() / seconds);
            out.printf("Largest page asked of the directory: %,d contacts%n", directory.largestPage());
            out.printf("Heap in use after GC: %,d MB before, %,d MB after (%,d contact states in the store,"
                            + " %,d bytes each); max heap %,d MB%n", before >> 20, after >> 20, store.size(),
                    (after - before) / Math.max(1, store.size()), Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
