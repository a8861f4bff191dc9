package dev.journeys.bench;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Event;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Parks N contacts in the two-day wait of {@link WelcomeJourney} and reports the live heap per
 * waiting contact after a full GC.
 *
 * <p>The engine runs as {@link SideBySide} runs it (in-memory store, virtual clock, counting
 * channel, no listener, default options), but the contacts are
 * {@linkplain BenchContacts#generated generated} on each lookup and the entry events made one at
 * a time, so nothing but the engine holds memory. The heap is measured after a full GC before the
 * engine is built and again once every contact waits; the difference over N is the figure. With
 * the default options it includes the engine's memory of accepted event ids, kept to drop
 * duplicates for 24 hours and at most 1,000,000 of them; so each N is measured a second time on
 * an engine that remembers none ({@code maxRememberedEvents(0)}), which leaves the contacts'
 * state and the in-memory store's record of the entry events it applied (a 24-byte fingerprint
 * each, kept for engines sharing the store).
 *
 * <p>Run: {@code java -Xmx4g -cp journey-bench/target/benchmarks.jar dev.journeys.bench.WaitingContactMemory 1000000}
 * (N defaults to 1,000,000; several may be given: {@code 100000 1000000 10000000}).
 */
public final class WaitingContactMemory {

    private WaitingContactMemory() {
    }

    /**
     * Measures each N given.
     *
     * @param args the numbers of contacts; default 1,000,000
     */
    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        PrintStream out = System.out;
        out.printf("JVM: %s %s, flags %s, max heap %,d MB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Runtime.getRuntime().maxMemory() >> 20);
        String[] counts = args.length == 0 ? new String[] {"1000000"} : args;
        for (String count : counts) {
            int contacts = Integer.parseInt(count.replace("_", "").replace(",", ""));
            for (boolean rememberIds : new boolean[] {true, false}) {
                try {
                    measure(contacts, rememberIds, out);
                } catch (OutOfMemoryError tooMany) {
                    out.printf("%,11d contacts, %-36s do not fit in a heap of %,d MB (%s)%n", contacts,
                            rememberIds ? "default options:" : "maxRememberedEvents(0) (state only):",
                            Runtime.getRuntime().maxMemory() >> 20, tooMany.getMessage());
                }
            }
        }
    }

    static void measure(int contacts, boolean rememberIds, PrintStream out) {
        long before = usedAfterGc();
        VirtualClock clock = VirtualClock.at(WelcomeJourney.START);
        Sends sends = new Sends();
        JourneyStore store = JourneyStore.inMemory();
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock)
                .contacts(BenchContacts.generated(contacts)).store(store).defaultChannel(sends)
                .journey(WelcomeJourney.definition());
        if (!rememberIds) {
            builder.maxRememberedEvents(0);
        }
        long began = System.nanoTime();
        try (JourneyEngine engine = builder.build()) {
            Instant now = clock.instant();
            for (int i = 0; i < contacts; i++) {
                if (engine.accept(Event.of("signup-" + i, WelcomeJourney.TRIGGER, WelcomeJourney.contactId(i), now))
                        != Acceptance.ACCEPTED) {
                    throw new IllegalStateException("contact " + i + " did not enter");
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            long waiting = usedAfterGc();
            sends.requireWaiting(contacts, "the engine");
            Instant due = now.plus(WelcomeJourney.WAIT);
            if (store.size() != contacts || !engine.nextDueAt().equals(Optional.of(due))) {
                throw new IllegalStateException("expected " + contacts + " contacts waiting until " + due
                        + ", the store has " + store.size() + " due at " + engine.nextDueAt());
            }
            out.printf("%,11d contacts, %-36s parked in %5.1f s; heap after full GC %,6d MB before, %,6d MB after:"
                            + " %,d bytes per waiting contact%n", contacts,
                    rememberIds ? "default options:" : "maxRememberedEvents(0) (state only):", seconds,
                    before >> 20, waiting >> 20, (waiting - before) / contacts);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
