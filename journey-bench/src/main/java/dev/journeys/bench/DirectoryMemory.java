package dev.journeys.bench;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.Schedule;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;

import static dev.journeys.core.Condition.attribute;

/**
 * The heap the in-memory contact directory takes per contact, and a segment of a million members
 * enrolled from it in a small heap.
 *
 * <p>Each contact has an 8-char id, consent to email and four attributes, as a host would load
 * them from its database (each value its own object, except the shared {@code Boolean} and small
 * {@code Long}s): {@code state} (a two-letter code), {@code loyaltyMember} (true),
 * {@code orders} (1 to 40) and {@code signedUpAt} (an instant). Modes:
 * <ul>
 *   <li>{@code directory}: N contacts put into {@link InMemoryContactDirectory}; live heap after a
 *       full GC, before and after, over N.</li>
 *   <li>{@code maps}: the same contacts kept as the directory kept them before it was made
 *       compact: each {@link Contact} as put, in a concurrent hash map, and the ids in a
 *       concurrent skip-list set.</li>
 *   <li>{@code enrol}: the N contacts in the directory, all members of a segment on two
 *       attributes, enrolled by the engine (in-memory store, fixed clock) into a one-send journey;
 *       the time, and the heap after it.</li>
 * </ul>
 *
 * <p>Run: {@code java -Xmx512m -cp journey-bench/target/benchmarks.jar dev.journeys.bench.DirectoryMemory
 * 1000000 directory maps enrol} (N defaults to 1,000,000 and the modes to all three).
 */
public final class DirectoryMemory {

    static final Instant LAUNCH = Instant.parse("2026-03-10T13:30:00Z");
    private static final List<String> STATES = List.of("TX", "CA", "NY", "FL", "WA", "OR", "IL", "OH", "GA", "MI");

    private DirectoryMemory() {
    }

    /**
     * Runs the modes given.
     *
     * @param args N, then the modes: {@code directory}, {@code maps}, {@code enrol}
     */
    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        PrintStream out = System.out;
        int contacts = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 1_000_000;
        List<String> modes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("directory", "maps", "enrol");
        out.printf("JVM: %s %s, flags %s, max heap %,d MB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().maxMemory() >> 20);
        for (String mode : modes) {
            try {
                switch (mode) {
                    case "directory" -> directory(contacts, out);
                    case "maps" -> maps(contacts, out);
                    case "enrol" -> enrol(contacts, out);
                    default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
                }
            } catch (OutOfMemoryError tooMany) {
                out.printf("%-9s %,d contacts do not fit in a heap of %,d MB (%s)%n", mode, contacts,
                        Runtime.getRuntime().maxMemory() >> 20, tooMany.getMessage());
            }
        }
    }

    /** The i-th contact, its values made afresh as if read from a database. */
    static Contact contact(int i) {
        String state = String.valueOf(STATES.get(i % STATES.size()).toCharArray());
        return Contact.of(String.format("c%07d", i)).withConsent("email").withAttributes(Attributes.of(
                "state", state, "loyaltyMember", true, "orders", (long) (i % 40 + 1),
                "signedUpAt", LAUNCH.minusSeconds(60L * i)));
    }

    static InMemoryContactDirectory fill(int contacts) {
        InMemoryContactDirectory directory = ContactDirectory.inMemory();
        for (int i = 0; i < contacts; i++) {
            directory.put(contact(i));
        }
        return directory;
    }

    static void directory(int contacts, PrintStream out) {
        long before = usedAfterGc();
        InMemoryContactDirectory directory = fill(contacts);
        long after = usedAfterGc();
        out.printf("directory %,d contacts in InMemoryContactDirectory: heap after full GC %,d MB before, %,d MB after:"
                + " %,d bytes per contact%n", directory.size(), before >> 20, after >> 20, (after - before) / contacts);
    }

    static void maps(int contacts, PrintStream out) {
        long before = usedAfterGc();
        ConcurrentMap<String, Contact> byId = new ConcurrentHashMap<>();
        ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();
        for (int i = 0; i < contacts; i++) {
            Contact contact = contact(i);
            byId.put(contact.id(), contact);
            ids.add(contact.id());
        }
        long after = usedAfterGc();
        out.printf("maps      %,d contacts as Contact objects in a hash map and a skip-list set: heap after full GC"
                        + " %,d MB before, %,d MB after: %,d bytes per contact%n", Math.min(byId.size(), ids.size()),
                before >> 20, after >> 20, (after - before) / contacts);
    }

    static void enrol(int contacts, PrintStream out) {
        long before = usedAfterGc();
        InMemoryContactDirectory directory = fill(contacts);
        long filled = usedAfterGc();
        Segments segments = Segments.builder().segment(Segment.of("loyal",
                attribute("loyaltyMember").isEqualTo(true).and(attribute("orders").isAtLeast(1)))).build();
        JourneyDefinition launch = Journey.withId("loyal-launch").fromSegment("loyal", Schedule.at(LAUNCH))
                .send("teaser", Message.email("teaser")).build();
        LongAdder sent = new LongAdder();
        JourneyStore store = JourneyStore.inMemory();
        try (JourneyEngine engine = JourneyEngine.builder().clock(InstantSource.fixed(LAUNCH)).contacts(directory)
                .store(store).segments(segments).defaultChannel(message -> sent.increment()).journey(launch).build()) {
            long start = System.nanoTime();
            engine.runDue();
            double seconds = (System.nanoTime() - start) / 1e9;
            EnrolmentProgress progress = store.enrolmentProgress("loyal-launch").orElseThrow();
            if (!progress.done() || progress.members() != contacts || sent.sum() != contacts) {
                throw new IllegalStateException("enrolment went wrong: " + progress + ", " + sent.sum() + " sent");
            }
            long after = usedAfterGc();
            out.printf("enrol     %,d members enrolled from the in-memory directory in %.1f s (%,.0f members/s);"
                            + " heap after full GC %,d MB before, %,d MB with the directory, %,d MB after the"
                            + " enrolment (%,d contact states in the store); max heap %,d MB%n", progress.members(),
                    seconds, progress.members() / seconds, before >> 20, filled >> 20, after >> 20, store.size(),
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
