package dev.journeys.bench;

import dev.journeys.bench.FlinkScaleJobs.Backend;
import dev.journeys.core.Event;
import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The Flink host's scale figures: N contacts through {@link WelcomeJourney} (entry, send, two-day
 * wait, branch, send, end) on a local Flink MiniCluster at parallelism 1 and 2, state on the heap
 * and in RocksDB, next to the in-process engine in the same run.
 *
 * <p>For each setup, each round measures:
 * <ul>
 *   <li>throughput: every contact through the whole journey, a bounded job (profiles, then the
 *       entry events spread over a day, {@code until} past the last end); the job's runtime on the
 *       cluster, contacts per second; the sends are counted and checked (2 per contact). The
 *       in-process engine: {@link EngineRunner}, entries and the due timers two days on.
 *   <li>state per waiting contact: a job run until every contact waits in the two-day wait, then
 *       a native savepoint and a stop with a canonical savepoint: their bytes over N; and the heap
 *       used after a full GC while the contacts wait, minus before the job, over N, less the same
 *       for a job with one contact (so the MiniCluster's own heap drops out). The in-process
 *       engine's heap figure is {@link WaitingContactMemory}'s with the default options.
 * </ul>
 * Every setup first runs one warm-up round at up to 100,000 contacts; then the rounds run setup
 * after setup, so drift on a shared machine falls on all alike. Each figure is the median of the
 * rounds, with the range.
 *
 * <p>Run: {@code java -Xmx8g -cp journey-bench/target/benchmarks.jar dev.journeys.bench.FlinkThroughput 1000000 3}
 * (contacts, rounds; defaults 1,000,000 and 3). A third argument runs the RocksDB setups on that
 * many contacts instead.
 */
public final class FlinkThroughput {

    private static final int WARM_UP_CONTACTS = 100_000;

    private FlinkThroughput() {
    }

    /** One column of figures of one setup, a value per round. */
    private record Figures(List<Long> perSecond, List<Long> canonical, List<Long> nativeBytes, List<Long> heap) {
        Figures() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** A setup: the in-process engine ({@code backend} null) or the Flink host. */
    private record Setup(String name, int parallelism, Backend backend, Figures figures) {
    }

    /**
     * Runs the comparison.
     *
     * @param args the number of contacts (default 1,000,000) and of rounds (default 3)
     */
    public static void main(String[] args) throws Exception {
        // Before Flink's first logger: its warnings here are about the web UI's log files and security tokens.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Locale.setDefault(Locale.ROOT);
        int contacts = args.length > 0 ? parse(args[0], "contacts") : 1_000_000;
        int rounds = args.length > 1 ? parse(args[1], "rounds") : 3;
        int onRocksDb = args.length > 2 ? parse(args[2], "contacts on RocksDB") : contacts;
        PrintStream out = System.out;
        out.printf("JVM: %s %s, flags %s, max heap %,d MB, %d cores%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        out.printf("%,d contacts (%,d on RocksDB) through '%s', %d rounds after one warm-up round each at up to %,d%n",
                contacts, onRocksDb, WelcomeJourney.ID, rounds, WARM_UP_CONTACTS);
        List<Setup> setups = List.of(new Setup("in-process engine", 1, null, new Figures()),
                new Setup("Flink p=1 heap", 1, Backend.HEAP, new Figures()),
                new Setup("Flink p=2 heap", 2, Backend.HEAP, new Figures()),
                new Setup("Flink p=1 RocksDB", 1, Backend.ROCKSDB, new Figures()),
                new Setup("Flink p=2 RocksDB", 2, Backend.ROCKSDB, new Figures()));
        for (Setup setup : setups) {
            round(setup, Math.min(count(setup, contacts, onRocksDb), WARM_UP_CONTACTS), "warm-up", out, new Figures());
        }
        for (int round = 1; round <= rounds; round++) {
            for (Setup setup : setups) {
                round(setup, count(setup, contacts, onRocksDb), "round " + round, out, setup.figures());
            }
        }
        out.printf("%nmedian [min-max] of %d rounds; bytes per waiting contact%n", rounds);
        out.printf("%-18s %-10s %-28s %-22s %-22s %-22s%n", "setup", "contacts", "contacts/s",
                "savepoint (canonical)", "savepoint (native)", "heap after GC");
        for (Setup setup : setups) {
            Figures f = setup.figures();
            out.printf("%-18s %-10s %-28s %-22s %-22s %-22s%n", setup.name(),
                    String.format("%,d", count(setup, contacts, onRocksDb)), median(f.perSecond()),
                    median(f.canonical()), median(f.nativeBytes()), median(f.heap()));
        }
    }

    private static int count(Setup setup, int contacts, int onRocksDb) {
        return setup.backend() == Backend.ROCKSDB ? onRocksDb : contacts;
    }

    private static void round(Setup setup, int contacts, String label, PrintStream out, Figures figures)
            throws Exception {
        if (setup.backend() == null) {
            long perSecond = engineThroughput(contacts);
            long heap = engineWaitingHeap(contacts) / contacts;
            figures.perSecond().add(perSecond);
            figures.heap().add(heap);
            out.printf("%-8s %-18s %,9d contacts/s, heap %,6d B per waiting contact%n", label, setup.name(),
                    perSecond, heap);
            return;
        }
        FlinkScaleJobs.Run run = inTemp(temp -> FlinkScaleJobs.throughput(contacts, setup.parallelism(),
                setup.backend(), temp));
        long perSecond = contacts * 1000L / Math.max(1, run.netMillis());
        FlinkScaleJobs.Waiting one = inTemp(temp -> FlinkScaleJobs.waiting(1, setup.parallelism(), setup.backend(),
                temp, settledHeap()));
        FlinkScaleJobs.Waiting all = inTemp(temp -> FlinkScaleJobs.waiting(contacts, setup.parallelism(),
                setup.backend(), temp, settledHeap()));
        long heap = contacts > 1 ? (all.heapBytes() - one.heapBytes()) / (contacts - 1) : all.heapBytes();
        figures.perSecond().add(perSecond);
        figures.canonical().add(all.canonicalSavepointBytes() / contacts);
        figures.nativeBytes().add(all.nativeSavepointBytes() / contacts);
        figures.heap().add(heap);
        out.printf("%-8s %-18s %,9d contacts/s (job %,d ms, %,d ms with the MiniCluster's start);"
                        + " savepoints %,d B canonical, %,d B native per waiting contact; heap %,d B per waiting contact"
                        + " (MiniCluster and job with 1 contact: %,d MB)%n", label, setup.name(), perSecond,
                run.netMillis(), run.wallMillis(), all.canonicalSavepointBytes() / contacts,
                all.nativeSavepointBytes() / contacts, heap, one.heapBytes() >> 20);
    }

    /** Contacts per second of the in-process engine: entries, then every due timer two days on. */
    private static long engineThroughput(int contacts) {
        try (JourneyRunner.Round round = new EngineRunner().prepare(contacts)) {
            long began = System.nanoTime();
            round.enterAll();
            round.fireAllDue();
            long nanos = System.nanoTime() - began;
            round.verify();
            return (long) (contacts * 1e9 / Math.max(1, nanos));
        }
    }

    /** The heap the in-process engine holds with every contact in the wait, as {@link WaitingContactMemory} measures it. */
    private static long engineWaitingHeap(int contacts) {
        long before = usedAfterGc();
        VirtualClock clock = VirtualClock.at(WelcomeJourney.START);
        Sends sends = new Sends();
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(BenchContacts.generated(contacts))
                .store(JourneyStore.inMemory()).defaultChannel(sends).journey(WelcomeJourney.definition()).build()) {
            for (int i = 0; i < contacts; i++) {
                if (engine.accept(Event.of("signup-" + i, WelcomeJourney.TRIGGER, WelcomeJourney.contactId(i),
                        clock.instant())) != Acceptance.ACCEPTED) {
                    throw new IllegalStateException("contact " + i + " did not enter");
                }
            }
            long waiting = usedAfterGc();
            sends.requireWaiting(contacts, "the engine");
            return waiting - before;
        }
    }

    /**
     * The heap in use after full GCs once it stops falling: a finished job's MiniCluster shuts
     * down in the background, holding its tasks' state until it has.
     */
    private static long settledHeap() throws InterruptedException {
        long used = usedAfterGc();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(250);
            long now = usedAfterGc();
            if (Math.abs(now - used) < (1 << 20)) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** The heap in use after full GCs. */
    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private interface InTemp<T> {
        T run(Path temp) throws Exception;
    }

    /** Runs in a fresh temporary directory (RocksDB's files, checkpoints, savepoints), deleted after. */
    private static <T> T inTemp(InTemp<T> body) throws Exception {
        Path temp = Files.createTempDirectory("flink-scale");
        try {
            return body.run(temp);
        } finally {
            try (Stream<Path> files = Files.walk(temp)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static String median(List<Long> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format("%,d [%,d-%,d]", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static int parse(String value, String what) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, was '" + value + "'", e);
        }
    }
}
