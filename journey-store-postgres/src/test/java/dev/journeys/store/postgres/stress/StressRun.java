package dev.journeys.store.postgres.stress;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.store.postgres.stress.StressViolations.Invariant;
import dev.journeys.testkit.VirtualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One seed of {@link TwoEngineStressTest}: two engines on one store, the feeding threads and the
 * thread that moves the clock and calls {@code runDue}, then a drain and the checks of the
 * engines' counters.
 *
 * <p>The feed runs in rounds, each cut into {@code ticks} shares (6 by default). For each share
 * the clock thread moves the clock on by a tick, then one engine, by turns, calls {@code runDue}
 * until it finds nothing due, while every feeding thread feeds its inputs of that share (see
 * {@link StressPlan}); no input is fed before its share's tick. The clock moves on again once
 * half of the share is fed, so the rest of it, with the channel calls it makes, runs while the
 * clock moves: an event is dated by the tick of its share or the next, and the due work of a tick
 * races the events of its share. All threads meet at the end of each round. After the last round the clock moves on
 * an hour at a time for {@link #DRAIN}, both engines running what fell due, so every instance
 * ends.
 *
 * <p>Not thread-safe: one run at a time.
 */
final class StressRun {

    /** When every seed starts. */
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    /** How far the clock moves in a round. */
    static final Duration ROUND = Duration.ofHours(3);
    /** How long the drain after the feed lasts, longer than the longest journey. */
    static final Duration DRAIN = Duration.ofDays(6);
    /**
     * The stores' lease, longer than a round. Each {@code accept} and {@code runDue} holds what it
     * decided or claimed and calls the channel before its round ends (all threads meet there; the
     * drain runs one engine at a time), so no provider call and no hold outlives the lease, however
     * far the clock moves while a call is under way. A key sent twice is then a send within
     * another engine's lease, never the take-over the dispatch protocol allows once a call has
     * outlived it; the engines' {@code dispatchesOverran} is checked to be 0.
     */
    static final Duration LEASE = ROUND.plusHours(1);

    /**
     * The settings of a run.
     *
     * @param contacts how many contacts
     * @param threads how many feeding threads
     * @param rounds how many rounds the feed is cut into
     * @param ticks how many times the clock moves in a round
     * @param latencyNanos how long each channel call takes
     */
    record Settings(int contacts, int threads, int rounds, int ticks, long latencyNanos) {
    }

    /**
     * What one seed measured.
     *
     * @param seed the seed
     * @param violations the invariant violations
     * @param inputs the events fed, copies included
     * @param copies the copies of an id fed already
     * @param acceptances how many {@code accept} calls returned each acceptance, and threw
     * @param delivered channel calls that delivered
     * @param refused channel calls the simulated provider refused
     * @param stops exits by purchase and unsubscribes accepted
     * @param startedBeforeStop channel calls under way when a stop of theirs was accepted
     * @param mostStartedBeforeOneStop the most of them at one stop
     * @param conflicts conflicts the engines retried
     * @param overran provider calls the engines counted as outliving the lease
     * @param processingFailures work that failed in the engines, by their counters
     * @param runDueFailures calls of {@code runDue} that threw
     * @param feedSeconds wall time of the rounds
     * @param drainSeconds wall time of the drain
     * @param firstFailure the first {@code accept} or {@code runDue} that threw, in words, or null
     */
    record Result(long seed, StressViolations violations, int inputs, int copies, Map<String, Long> acceptances,
                  long delivered, long refused, long stops, long startedBeforeStop, long mostStartedBeforeOneStop,
                  long conflicts, long overran, long processingFailures, long runDueFailures, double feedSeconds,
                  double drainSeconds, String firstFailure) {
    }

    /** Opens the stores of a seed's two engines: one store shared, or two views of one database. */
    interface Stores {
        /**
         * Returns the store of each engine, empty, for a seed.
         *
         * @param clock the seed's clock
         * @return two stores on the same data
         */
        List<JourneyStore> open(VirtualClock clock);
    }

    private final Settings settings;
    private final Stores stores;

    /**
     * Makes a run.
     *
     * @param settings the settings of every seed
     * @param stores where each seed's engines keep their contacts
     */
    StressRun(Settings settings, Stores stores) {
        this.settings = settings;
        this.stores = stores;
    }

    /**
     * Runs one seed.
     *
     * @param seed the seed of the plan, {@link StressPlan}
     * @return what it found
     * @throws IllegalStateException if a thread of the run failed (not an engine call: those are counted)
     */
    Result run(long seed) {
        StressPlan plan = StressPlan.of(seed, settings.contacts(), settings.threads(), settings.rounds());
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory directory = ContactDirectory.inMemory();
        for (int c = 0; c < settings.contacts(); c++) {
            Contact contact = Contact.of(StressPlan.contactId(c));
            directory.put(plan.consentListed(c) ? contact.withConsent(StressJourneys.CHANNEL) : contact);
        }
        StressLedger ledger = new StressLedger(seed, plan, settings.contacts(), settings.latencyNanos());
        List<JourneyStore> opened = stores.open(clock);
        List<JourneyEngine> engines = new ArrayList<>();
        try {
            for (int e = 0; e < 2; e++) {
                String name = e == 0 ? "A" : "B";
                JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).store(opened.get(e))
                        .contacts(directory).channel(StressJourneys.CHANNEL, ledger.channel(name))
                        .listener(ledger.listener()).frequencyCap(StressJourneys.CAP);
                for (JourneyDefinition journey : StressJourneys.all()) {
                    builder.journey(journey);
                }
                engines.add(builder.build());
            }
            return run(seed, plan, clock, ledger, engines);
        } finally {
            engines.forEach(JourneyEngine::close);
        }
    }

    private Result run(long seed, StressPlan plan, VirtualClock clock, StressLedger ledger,
                       List<JourneyEngine> engines) {
        int threads = settings.threads();
        int rounds = settings.rounds();
        int ticks = settings.ticks();
        AtomicInteger fed = new AtomicInteger();
        AtomicInteger ticked = new AtomicInteger(); // ticks of the round made so far
        AtomicInteger callIds = new AtomicInteger();
        CyclicBarrier roundEnd = new CyclicBarrier(threads + 1, () -> {
            fed.set(0);
            ticked.set(0);
        });
        AtomicReference<Throwable> crashed = new AtomicReference<>();
        Map<String, Event> events = new ConcurrentHashMap<>();
        LongAdder runDueFailures = new LongAdder();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            running.add(new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    List<StressPlan.Input> inputs = plan.inputs(thread, r);
                    for (int i = 0; i < inputs.size(); i++) {
                        int share = shareOf(i, inputs.size(), ticks);
                        while (ticked.get() <= share) {
                            Thread.yield(); // the clock has not reached this input's share of the round yet
                            requireNoCrash(crashed);
                        }
                        StressPlan.Input input = inputs.get(i);
                        Event event = events.computeIfAbsent(input.contact() + "/" + input.eventId(),
                                id -> event(input, clock.instant(), ledger));
                        ledger.feed(engines.get(input.engine()), input.engine() == 0 ? "A" : "B", event,
                                input.kind(), callIds.incrementAndGet());
                        fed.incrementAndGet();
                    }
                    await(roundEnd);
                }
            }, "feeder-" + t));
        }
        // fedBy[r][j]: how many inputs of round r the feeders have fed once every share up to j is fed
        int[][] fedBy = new int[rounds][ticks];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < threads; t++) {
                int size = plan.inputs(t, r).size();
                for (int i = 0; i < size; i++) {
                    for (int j = shareOf(i, size, ticks); j < ticks; j++) {
                        fedBy[r][j]++;
                    }
                }
            }
        }
        Duration tick = ROUND.dividedBy(ticks);
        int firstEngine = (int) (seed & 1);
        running.add(new Thread(() -> {
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < ticks; j++) {
                    clock.advance(tick);
                    ticked.set(j + 1); // the feeders feed share j while this engine runs what is due
                    runDue(engines.get((firstEngine + r * ticks + j) % 2), runDueFailures, firstFailure);
                    int before = j == 0 ? 0 : fedBy[r][j - 1];
                    while (fed.get() < before + (fedBy[r][j] - before) / 2) {
                        Thread.yield(); // the clock moves on while the second half of the share is fed
                        requireNoCrash(crashed);
                    }
                }
                await(roundEnd);
            }
        }, "runDue"));
        long start = System.nanoTime();
        running.forEach(thread -> thread.setUncaughtExceptionHandler((th, failure) -> {
            crashed.compareAndSet(null, failure);
            roundEnd.reset(); // the others stop waiting with a BrokenBarrierException
        }));
        running.forEach(Thread::start);
        for (Thread thread : running) {
            try {
                thread.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while seed " + seed + " ran", interrupted);
            }
        }
        if (crashed.get() != null) {
            throw new IllegalStateException("a thread of seed " + seed + " failed: " + crashed.get(), crashed.get());
        }
        long fedAt = System.nanoTime();
        for (Instant end = clock.instant().plus(DRAIN); clock.instant().isBefore(end); ) {
            clock.advance(Duration.ofHours(1));
            for (JourneyEngine engine : engines) {
                runDue(engine, runDueFailures, firstFailure);
            }
        }
        long drainedAt = System.nanoTime();
        if (ledger.firstThrown() != null) {
            firstFailure.compareAndSet(null, ledger.firstThrown());
        }
        EngineStats a = engines.get(0).stats();
        EngineStats b = engines.get(1).stats();
        checkStats(ledger, engines, a, b);
        Map<String, Long> acceptances = new LinkedHashMap<>();
        for (Acceptance acceptance : Acceptance.values()) {
            acceptances.put(acceptance.name(), ledger.accepted(acceptance));
        }
        acceptances.put("THREW", ledger.acceptsThrown());
        return new Result(seed, ledger.violations(), plan.total(), plan.copies(), acceptances, ledger.delivered(),
                ledger.refused(), ledger.stops(), ledger.startedBeforeStop(), ledger.mostStartedBeforeOneStop(),
                a.conflictsRetried() + b.conflictsRetried(), a.dispatchesOverran() + b.dispatchesOverran(),
                a.processingFailures() + b.processingFailures(),
                runDueFailures.sum(), (fedAt - start) / 1e9, (drainedAt - fedAt) / 1e9, firstFailure.get());
    }

    /** Returns the share of the round, 0 to {@code ticks - 1}, that input {@code i} of {@code size} is fed in. */
    private static int shareOf(int i, int size, int ticks) {
        return (int) ((long) i * ticks / size);
    }

    private static Event event(StressPlan.Input input, Instant now, StressLedger ledger) {
        String contact = StressPlan.contactId(input.contact());
        String about = Optional.ofNullable(ledger.lastMessageId(input.contact())).orElse("no-message-yet");
        return switch (input.kind()) {
            case SIGN_UP -> Event.of(input.eventId(), StressJourneys.SIGN_UP, contact, now);
            case VIEW -> Event.of(input.eventId(), StressJourneys.VIEW, contact, now);
            case CART -> Event.of(input.eventId(), StressJourneys.CART, contact, now);
            case PURCHASE -> Event.of(input.eventId(), StressJourneys.PURCHASE, contact, now);
            case CLICK -> Event.linkClicked(input.eventId(), contact, now, about, "shop");
            case UNSUBSCRIBE -> Event.unsubscribed(input.eventId(), contact, now, about, StressJourneys.CHANNEL);
            case CONSENT_GIVEN -> Event.consentGiven(input.eventId(), contact, now, Consent.to(StressJourneys.CHANNEL));
        };
    }

    /** Calls {@code runDue} until it finds nothing due (at most 100 times); a failure is counted. */
    private static void runDue(JourneyEngine engine, LongAdder failures, AtomicReference<String> first) {
        for (int i = 0; i < 100; i++) {
            try {
                if (engine.runDue() == 0) {
                    return;
                }
            } catch (RuntimeException failure) {
                failures.increment();
                first.compareAndSet(null, "runDue threw: " + failure);
                return;
            }
        }
    }

    /** Stops a waiting thread of the run once another one failed. */
    private static void requireNoCrash(AtomicReference<Throwable> crashed) {
        if (crashed.get() != null) {
            throw new IllegalStateException("another thread of the run failed", crashed.get());
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between rounds", interrupted);
        } catch (BrokenBarrierException broken) {
            throw new IllegalStateException("another thread of the run failed", broken);
        }
    }

    /** Compares the engines' counters with what the channel, the listener and the feeders saw. */
    private void checkStats(StressLedger ledger, List<JourneyEngine> engines, EngineStats a, EngineStats b) {
        StressViolations violations = ledger.violations();
        compare(violations, "messagesSent", a.messagesSent(), b.messagesSent(), ledger.delivered(),
                "channel calls that delivered");
        compare(violations, "dispatchFailures", a.dispatchFailures(), b.dispatchFailures(), ledger.refused(),
                "channel calls refused");
        compare(violations, "eventsAccepted", a.eventsAccepted(), b.eventsAccepted(),
                ledger.accepted(Acceptance.ACCEPTED), "accepts that returned ACCEPTED");
        compare(violations, "duplicateEvents", a.duplicateEvents(), b.duplicateEvents(),
                ledger.accepted(Acceptance.DUPLICATE), "accepts that returned DUPLICATE");
        compare(violations, "eventsIgnored", a.eventsIgnored(), b.eventsIgnored(), ledger.accepted(Acceptance.IGNORED),
                "accepts that returned IGNORED");
        long live = 0;
        long outbox = 0;
        for (int c = 0; c < settings.contacts(); c++) {
            Optional<ContactState> state = engines.get(0).state(StressPlan.contactId(c));
            if (state.isPresent()) {
                live += state.get().instances().size();
                outbox += state.get().outbox().size();
            }
        }
        compare(violations, "entries - exits", a.entries() - a.exits(), b.entries() - b.exits(), live,
                "instances still live after the drain");
        if (outbox > 0) {
            violations.add(Invariant.STATS_MISMATCH, outbox + " effects still in outboxes after the drain");
        }
        long overran = a.dispatchesOverran() + b.dispatchesOverran();
        if (overran > 0) {
            violations.add(Invariant.CALL_OUTLIVED_LEASE, "dispatchesOverran " + overran + " (A "
                    + a.dispatchesOverran() + " + B " + b.dispatchesOverran() + ") with a lease of " + LEASE
                    + ", longer than a round of " + ROUND);
        }
        if (ledger.mostStartedBeforeOneStop() > engines.size()) {
            violations.add(Invariant.UNBOUNDED_CALLS_AT_STOP, ledger.mostStartedBeforeOneStop()
                    + " channel calls under way at one accepted stop, " + engines.size() + " engines");
        }
        StressLedger.Unreported unreported = ledger.unreportedDeliveries();
        if (unreported.count() > 0) {
            violations.add(Invariant.STATS_MISMATCH, unreported.count() + " keys whose deliveries and MessageSent"
                    + " events differ, e.g. " + unreported.first());
        }
    }

    private static void compare(StressViolations violations, String counter, long a, long b, long seen, String what) {
        if (a + b != seen) {
            violations.add(Invariant.STATS_MISMATCH, counter + " " + (a + b) + " (A " + a + " + B " + b + ") but "
                    + seen + " " + what);
        }
    }
}
