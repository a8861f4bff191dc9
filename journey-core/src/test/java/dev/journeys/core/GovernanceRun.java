package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.GovernanceScenario.Consent;
import dev.journeys.core.GovernanceScenario.Deliver;
import dev.journeys.core.GovernanceScenario.Delivery;
import dev.journeys.core.GovernanceScenario.Flag;
import dev.journeys.core.GovernanceScenario.Op;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link GovernanceScenario} on a real {@link JourneyEngine} (in-memory store, in-memory
 * directory, a {@link TestClock}) and records what a property needs: every listener event in the
 * order it was published (one contact's events are published under its lock, so their order is
 * the order things happened to that contact, whichever thread did the work), what each delivery
 * returned, and any message the directory said the contact had not consented to when it went out.
 *
 * <p>It also keeps a {@linkplain #timelineOf timeline}: the listener events interleaved with
 * {@link Mark marks} of what the events cannot say, each in its true place in its contact's order:
 * when the engine began work on the contact (it reads the contact from the directory under the
 * contact's lock, before it evaluates anything: for an event that was no duplicate, or for due
 * work), and when the run changed the contact in the directory (which happens only while the engine
 * works on no one). A property replays a contact's timeline against a model of the rules.
 *
 * <p>Time only moves between operations: timers due before an op run first (each due instant in
 * turn), timers due at the op's instant run after it, so an event and a timer at the same instant
 * race in the event's favour in the sequential deliveries and truly in the concurrent one. After
 * the last op the run goes on for a day, so held sends, waits and retries play out.
 *
 * <p>Not thread-safe; for {@link Delivery#CONCURRENT} it keeps two worker threads of its own for the
 * run, and stops them when the run ends.
 */
final class GovernanceRun {

    /** What one delivery of an event returned. */
    record Delivered(Event event, Acceptance acceptance) {
    }

    /** Something in a contact's timeline that no listener event says. */
    sealed interface Mark {
        String contactId();

        Instant at();
    }

    /**
     * The engine began work on a contact: on an event it took (not a duplicate), or on due work
     * (timers, retries) when {@code event} is empty. What it did follows in the timeline, up to the
     * contact's next {@code Processing} mark.
     */
    record Processing(String contactId, Optional<Event> event, Instant at) implements Mark {
    }

    /** The run changed the contact in the directory; {@code contact} is the changed one. */
    record Changed(Contact contact, Instant at) implements Mark {
        @Override
        public String contactId() {
            return contact.id();
        }
    }

    private static final Duration TAIL = Duration.ofDays(1);
    private static final Duration NEXT_DUE_HORIZON = Duration.ofDays(1);
    private static final int MAX_STEPS = 200_000;

    private final GovernanceScenario scenario;
    private final TestClock clock;
    private final InMemoryContactDirectory directory = ContactDirectory.inMemory();
    private final JourneyEngine engine;
    private final List<JourneyEvent> events = new ArrayList<>();
    private final List<Object> timeline = new ArrayList<>();
    private final ThreadLocal<Event> accepting = new ThreadLocal<>();
    private final List<JourneyEvent.MessageSent> sentWithoutConsent = new ArrayList<>();
    private final List<Delivered> deliveries = new ArrayList<>();
    private final Set<String> observed = new HashSet<>();
    private final Set<String> firstDeliveries = new HashSet<>();
    private final Workers workers = new Workers();
    private int steps;

    private GovernanceRun(GovernanceScenario scenario) {
        this.scenario = scenario;
        this.clock = new TestClock(scenario.start());
        scenario.contacts().forEach(directory::put);
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).contacts(marking(directory))
                .defaultChannel(scenario.flaky() ? new FlakyChannel(scenario.seed()) : MessageChannel.recording())
                .retryPolicy(RetryPolicy.of(3, scenario.retryBackoff()))
                .duplicateWindow(Duration.ofDays(30))   // every copy in a run falls inside it
                .listener(this::record);
        scenario.engineCaps().forEach(builder::frequencyCap);
        scenario.engineQuietHours().ifPresent(builder::quietHours);
        scenario.engineSuppression().forEach(builder::suppression);
        scenario.journeys().forEach(builder::journey);
        this.engine = builder.build();
    }

    /** Runs the scenario as generated. */
    static GovernanceRun of(GovernanceScenario scenario) {
        GovernanceRun run = new GovernanceRun(scenario);
        run.drive(Set.of());
        return run;
    }

    /**
     * Runs the scenario's sequential delivery, except that every delivery of an event id already
     * delivered earlier in the order is left out (its time still passes): the twin of
     * {@link #of} that sees each event once.
     */
    static GovernanceRun withoutRepeats(GovernanceScenario scenario) {
        if (scenario.delivery() == Delivery.CONCURRENT) {
            throw new IllegalArgumentException("a twin without repeats is only defined for one thread");
        }
        Set<Integer> repeats = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<Op> ordered = scenario.ordered();
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i) instanceof Deliver d && !seen.add(d.event().id())) {
                repeats.add(i);
            }
        }
        GovernanceRun run = new GovernanceRun(scenario);
        run.drive(repeats);
        return run;
    }

    /**
     * Wraps the directory so that every lookup by the engine marks the start of its work on the
     * contact: the engine looks a contact up once per input, under the contact's lock, after it
     * dropped a duplicate and before it evaluates.
     */
    private ContactDirectory marking(InMemoryContactDirectory contacts) {
        return new ContactDirectory() {
            @Override
            public Optional<Contact> find(String contactId) {
                Event event = accepting.get();
                mark(new Processing(contactId, Optional.ofNullable(event).filter(e -> e.contactId().equals(contactId)),
                        clock.instant()));
                return contacts.find(contactId);
            }

            @Override
            public void record(Event event) {
                contacts.record(event);
            }

            @Override
            public EventHistory history(String contactId, Set<String> eventTypes, Instant since) {
                return contacts.history(contactId, eventTypes, since);
            }

            @Override
            public List<Contact> page(Optional<String> afterId, int limit) {
                return contacts.page(afterId, limit);
            }
        };
    }

    private synchronized void mark(Mark mark) {
        timeline.add(mark);
    }

    private void record(JourneyEvent event) {
        if (event instanceof JourneyEvent.MessageSent sent && !directory.find(sent.contactId())
                .map(c -> c.hasConsented(sent.message().channel(), sent.message().purpose())).orElse(false)) {
            synchronized (this) {
                sentWithoutConsent.add(sent);
            }
        }
        synchronized (this) {
            events.add(event);
            timeline.add(event);
        }
    }

    // ---------------------------------------------------------------- results

    synchronized List<JourneyEvent> events() {
        return List.copyOf(events);
    }

    /** Returns the events about one contact, in the order they happened to that contact. */
    synchronized List<JourneyEvent> eventsOf(String contactId) {
        return events.stream().filter(e -> e.contactId().equals(contactId)).toList();
    }

    synchronized List<JourneyEvent.MessageSent> sends() {
        return events.stream().filter(JourneyEvent.MessageSent.class::isInstance)
                .map(JourneyEvent.MessageSent.class::cast).toList();
    }

    /**
     * Returns one contact's {@linkplain GovernanceRun timeline}: its listener events and marks in the
     * order they happened to it.
     */
    synchronized List<Object> timelineOf(String contactId) {
        return timeline.stream().filter(e -> contactId.equals(e instanceof Mark mark ? mark.contactId()
                : ((JourneyEvent) e).contactId())).toList();
    }

    /** Returns when the run ended: a day after the last op. */
    Instant end() {
        return clock.instant();
    }

    synchronized List<JourneyEvent.MessageSent> sentWithoutConsent() {
        return List.copyOf(sentWithoutConsent);
    }

    synchronized List<Delivered> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Returns whether the run saw a situation a statistic asks about ({@code "stop raced a timer"}, ...). */
    synchronized boolean observed(String situation) {
        return observed.contains(situation);
    }

    /** Returns every contact's final stored state. */
    List<Optional<ContactState>> finalStates() {
        return scenario.contacts().stream().map(c -> engine.state(c.id())).toList();
    }

    EngineStats stats() {
        return engine.stats();
    }

    /** Returns whether any recorded event of the type matches. */
    <T extends JourneyEvent> boolean any(Class<T> type, java.util.function.Predicate<? super T> which) {
        return events().stream().filter(type::isInstance).map(type::cast).anyMatch(which);
    }

    // ---------------------------------------------------------------- driving

    private void drive(Set<Integer> leftOut) {
        try (engine; Workers ignored = workers) {
            List<Op> ordered = scenario.ordered();
            if (scenario.delivery() == Delivery.CONCURRENT) {
                driveInRounds(ordered);
            } else {
                for (int i = 0; i < ordered.size(); i++) {
                    Op op = ordered.get(i);
                    moveTo(whenOf(op));
                    if (!leftOut.contains(i)) {
                        perform(op);
                    }
                }
            }
            Instant end = clock.instant().plus(TAIL);
            runTimers(due -> !due.isAfter(end));
            moveTo(end);
        }
    }

    /**
     * Groups the ops in rounds of two to five, each round at the instant of its first op (the
     * others' delays are dropped); consent changes apply first, then two threads share the round's
     * deliveries, each running due work before and after its own.
     */
    private void driveInRounds(List<Op> ordered) {
        Random split = new Random(scenario.seed());
        for (int from = 0; from < ordered.size(); ) {
            int to = Math.min(ordered.size(), from + 2 + split.nextInt(4));
            List<Op> round = ordered.subList(from, to);
            moveTo(whenOf(round.get(0)));
            List<Event> first = new ArrayList<>();
            List<Event> second = new ArrayList<>();
            for (Op op : round) {
                if (op instanceof Consent || op instanceof Flag) {
                    perform(op);   // the directory changes between rounds, never while the engine reads it
                } else if (op instanceof Deliver d) {
                    (split.nextBoolean() ? first : second).add(d.event());
                }
            }
            if (first.stream().anyMatch(a -> second.stream().anyMatch(b -> a.contactId().equals(b.contactId())))) {
                note("one contact on both threads");
            }
            inTwoThreads(() -> deliverAll(first), () -> deliverAll(second));
            from = to;
        }
    }

    private void deliverAll(List<Event> batch) {
        engine.runDue();
        for (Event event : batch) {
            deliver(event);
        }
        engine.runDue();
    }

    /** Returns when an op happens: after its delay, or when its contact's next timer is due. */
    private Instant whenOf(Op op) {
        Instant now = clock.instant();
        Instant later = now.plus(Duration.ofMinutes(op.delayMinutes()));
        Optional<String> racing = op instanceof Deliver d && d.atNextDue() ? Optional.of(d.event().contactId())
                : op instanceof Flag f && f.atNextDue() ? Optional.of(f.contactId()) : Optional.empty();
        if (racing.isPresent()) {
            Optional<Instant> due = engine.state(racing.get()).flatMap(ContactState::nextDueAt)
                    .filter(at -> !at.isBefore(now) && !at.isAfter(now.plus(NEXT_DUE_HORIZON)));
            return due.orElse(later);
        }
        return later;
    }

    /** Runs every timer due strictly before the instant, each due instant in turn, then moves the clock there. */
    private void moveTo(Instant instant) {
        runTimers(due -> due.isBefore(instant));
        if (instant.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), instant));
        }
    }

    private void runTimers(java.util.function.Predicate<Instant> until) {
        for (Optional<Instant> due = engine.nextDueAt(); due.filter(until).isPresent(); due = engine.nextDueAt()) {
            if (++steps > MAX_STEPS) {
                throw new AssertionError("the run did not settle after " + MAX_STEPS + " timer steps");
            }
            if (due.get().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), due.get()));
            }
            if (scenario.delivery() == Delivery.CONCURRENT) {
                inTwoThreads(engine::runDue, engine::runDue);
            } else {
                engine.runDue();
            }
        }
    }

    private void perform(Op op) {
        if (op instanceof Consent consent) {
            mark(new Changed(directory.update(consent.contactId(), c -> consent.granted()
                    ? c.withConsent(consent.channel()) : c.withoutConsent(consent.channel())), clock.instant()));
            if (!consent.granted()) {
                note("consent revoked");
            }
        } else if (op instanceof Flag flag) {
            noteFlagRaces(flag);
            mark(new Changed(directory.update(flag.contactId(), c -> c.withAttributes(c.attributes()
                    .with(flag.name(), flag.value()))), clock.instant()));
        } else if (op instanceof Deliver d) {
            deliver(d.event());
        } else {
            throw new AssertionError(op);
        }
    }

    private void deliver(Event event) {
        noteRaces(event);
        noteUnsubscribeRaces(event);
        Acceptance acceptance;
        accepting.set(event);
        try {
            // Dated now: the scenario's events carry no time, and the engine refuses events too late.
            acceptance = engine.accept(new Event(event.id(), event.type(), event.contactId(), clock.instant(),
                    event.payload(), event.messageId()));
        } finally {
            accepting.remove();
        }
        synchronized (this) {
            deliveries.add(new Delivered(event, acceptance));
        }
    }

    /**
     * Notes a stop that meets a timer due at this very instant, and a pause of an instance whose
     * timer is pending or that has a send still in the outbox (a retry pending).
     */
    private void noteRaces(Event event) {
        long now = clock.millis();
        Optional<ContactState> state = engine.state(event.contactId());
        for (JourneyInstance instance : state.map(ContactState::instances).orElse(List.of())) {
            JourneyDefinition journey = scenario.journey(instance.journeyId());
            boolean stops = journey.exitTriggers().stream().anyMatch(t -> t.eventType().equals(event.type()));
            boolean pauses = journey.pausing().pauseWhen().stream().anyMatch(t -> t.eventType().equals(event.type()));
            boolean inFlight = state.get().outbox().stream().anyMatch(entry -> instance.is(entry.effect().key().journeyId(),
                    entry.effect().key().version(), entry.effect().key().instance()));
            if (stops && instance.isDueBy(now)) {
                note("stop raced a due timer");
            }
            if (pauses && !instance.isPaused() && (instance.dueAt().isPresent() || instance.isHeld())) {
                note("pause while a timer was pending");
            }
            if (pauses && !instance.isPaused() && inFlight) {
                note("pause with a send in flight");
            }
        }
    }

    /**
     * Notes an unsubscribe (the first delivery of its id) that meets something pending in an
     * instance whose journey needs what it withdraws: a send in the outbox (a retry pending), a
     * send held by quiet hours, or a timer due at this very instant.
     */
    private void noteUnsubscribeRaces(Event event) {
        if (!event.type().equals(InteractionTypes.UNSUBSCRIBED) || !firstDelivery(event)) {
            return;
        }
        List<dev.journeys.core.Consent> withdrawn = scenario.withdrawnBy(event);
        Optional<ContactState> state = engine.state(event.contactId());
        long now = clock.millis();
        if (state.map(s -> s.outbox().stream().anyMatch(entry -> entry.effect() instanceof OutgoingMessage m
                && withdrawn.stream().anyMatch(c -> c.covers(m.channel(), m.purpose())))).orElse(false)) {
            note("unsubscribe with a send in flight");
        }
        for (JourneyInstance instance : state.map(ContactState::instances).orElse(List.of())) {
            JourneyDefinition journey = scenario.journey(instance.journeyId());
            if (withdrawn.stream().noneMatch(c -> GovernanceScenario.needs(journey, c))) {
                continue;
            }
            if (journey.step(instance.stepId()).orElseThrow() instanceof Step.Send && !instance.isQueued()) {
                note("unsubscribe met a held send");
            }
            if (instance.isDueBy(now)) {
                note("unsubscribe raced a due timer");
            }
        }
    }

    /** Notes a flag set on that meets a pending send, a held send or a timer due at this very instant. */
    private void noteFlagRaces(Flag flag) {
        if (!flag.value()) {
            return;
        }
        Optional<ContactState> state = engine.state(flag.contactId());
        long now = clock.millis();
        if (state.map(s -> s.outbox().stream().anyMatch(entry -> entry.effect() instanceof OutgoingMessage))
                .orElse(false)) {
            note("flag set with a send in flight");
        }
        for (JourneyInstance instance : state.map(ContactState::instances).orElse(List.of())) {
            if (scenario.journey(instance.journeyId()).step(instance.stepId()).orElseThrow() instanceof Step.Send
                    && !instance.isQueued()) {
                note("flag set while a send was held");
            }
            if (instance.isDueBy(now)) {
                note("flag set as a timer fell due");
            }
        }
    }

    private synchronized boolean firstDelivery(Event event) {
        return firstDeliveries.add(event.contactId() + "/" + event.id());
    }

    private synchronized void note(String situation) {
        observed.add(situation);
    }

    private void inTwoThreads(Runnable one, Runnable other) {
        workers.run(one, other);
    }

    /**
     * Two worker threads for a concurrent run, made once per run (a run has hundreds of rounds and
     * timer steps, and starting two threads for each cost more than the rest of the run): for each
     * piece of work both wait at a barrier, then run their halves at once; the caller waits for both.
     */
    private static final class Workers implements AutoCloseable {
        private ExecutorService threads;

        void run(Runnable one, Runnable other) {
            if (threads == null) {
                threads = Executors.newFixedThreadPool(2, work -> {
                    Thread thread = new Thread(work, "governance-property");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Future<?>> running = new ArrayList<>();
            for (Runnable work : List.of(one, other)) {
                running.add(threads.submit(() -> {
                    try {
                        start.await();
                        work.run();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Future<?> done : running) {
                try {
                    done.get();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a worker", interrupted);
                } catch (ExecutionException impossible) {
                    throw new AssertionError(impossible);
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("a worker thread failed: " + failure.get(), failure.get());
            }
        }

        @Override
        public void close() {
            if (threads != null) {
                threads.shutdownNow();
            }
        }
    }
}
