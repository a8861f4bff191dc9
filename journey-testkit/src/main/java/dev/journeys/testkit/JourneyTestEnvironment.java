package dev.journeys.testkit;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.IdRules;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.Step;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ActionHandler;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs journeys on a virtual clock, for tests and simulations: an engine with an in-memory
 * store, one recording channel for every channel, recording action handlers, scripted events,
 * simulated contact behaviour, and everything that happened kept for assertions and reports.
 *
 * <pre>{@code
 * try (JourneyTestEnvironment env = JourneyTestEnvironment.builder()
 *         .startingAt(Instant.parse("2026-03-02T09:00:00Z"))
 *         .journey(brewBetterAtHome)
 *         .contact(Contact.of("ana").withConsent("email"))
 *         .behaviour(Behaviour.whenSent("french-press-guide").clicks("shop-grinders", 0.25, Duration.ofDays(1)))
 *         .seed(42)
 *         .build()) {
 *     env.accept(guideRequested("f1", "ana", env.now()));   // given ana asked for the guide
 *     env.advance(Duration.ofDays(3));                      // when three days pass
 *     JourneyAssertions.assertThat(env.contact("ana"))      // then
 *             .receivedAt("french-press-guide", env.start());
 *     System.out.print(env.report().toText());
 * }
 * }</pre>
 *
 * <p>Time moves only through {@link #advance}, {@link #advanceTo} and {@link #runUntilIdle}:
 * the clock jumps from one due timer or scripted event to the next, each handled at exactly its
 * time (a timer before an event due at the same instant), so a month of simulated time takes
 * milliseconds. The same journeys, contacts, events,
 * behaviours and seed give the identical history, which {@link #fingerprint()} makes checkable.
 *
 * <p>Not thread-safe: drive it from one thread.
 */
public final class JourneyTestEnvironment implements AutoCloseable {

    private final Instant start;
    private final VirtualClock clock;
    private final long seed;
    private final List<JourneyDefinition> journeys;
    private final List<Behaviour> behaviours;
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<ActionRequest> actions = Collections.synchronizedList(new ArrayList<>());
    private final Timeline timeline = new Timeline();
    private final ScriptedEvents script = new ScriptedEvents();
    private final Consumer<Progress> progress;
    private final long progressEvery;
    private final JourneyEngine engine;
    private final long startedNanos = System.nanoTime();
    private long steps;
    private long lastReported;

    private JourneyTestEnvironment(Builder builder) {
        this.start = builder.start;
        this.clock = VirtualClock.at(builder.start);
        this.seed = builder.seed;
        this.journeys = List.copyOf(builder.journeys);
        this.behaviours = List.copyOf(builder.behaviours);
        this.progress = builder.progress;
        this.progressEvery = builder.progressEvery;
        builder.contacts.forEach(contacts::put);
        builder.populations.forEach(p -> p.contacts().forEach(contacts::put));
        JourneyEngineBuilder engineBuilder = JourneyEngine.builder()
                .clock(clock)
                .contacts(contacts)
                .defaultChannel(channel)
                .listener(this::observe);
        Set<String> actionNames = new LinkedHashSet<>();
        journeys.forEach(j -> j.steps().stream().filter(Step.Action.class::isInstance)
                .forEach(s -> actionNames.add(((Step.Action) s).action())));
        actionNames.addAll(builder.handlers.keySet());
        actionNames.forEach(name -> {
            ActionHandler handler = builder.handlers.get(name);
            engineBuilder.action(name, request -> {
                if (handler != null) {
                    handler.run(request); // a request that throws is not recorded: it did not run
                }
                actions.add(request);
            });
        });
        journeys.forEach(engineBuilder::journey);
        builder.customizer.accept(engineBuilder);
        this.engine = engineBuilder.build();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    private void observe(JourneyEvent event) {
        timeline.on(event);
        if (event instanceof JourneyEvent.MessageSent sent) {
            for (int b = 0; b < behaviours.size(); b++) {
                behaviours.get(b).react(sent.message(), sent.at(), seed, b).forEach(script::add);
            }
        }
    }

    /** Returns the instant the environment started at. */
    public Instant start() {
        return start;
    }

    /** Returns the virtual clock's time. */
    public Instant now() {
        return clock.instant();
    }

    /** Returns the virtual clock. */
    public VirtualClock clock() {
        return clock;
    }

    /** Returns the engine, to publish more journeys or read its stats. */
    public JourneyEngine engine() {
        return engine;
    }

    /** Returns the contact directory, to add or change contacts. */
    public InMemoryContactDirectory contacts() {
        return contacts;
    }

    /** Returns every message sent, on any channel, in order. */
    public List<OutgoingMessage> sent() {
        return channel.sent();
    }

    /** Returns every action run, in order. */
    public List<ActionRequest> actions() {
        return List.copyOf(actions);
    }

    /** Returns the timeline of every contact. */
    public Timeline timeline() {
        return timeline;
    }

    /**
     * Feeds an event now. The engine's rules for an event's time hold here as in production: the
     * contact's work due by now runs first, an interaction dated before its send does not count
     * for it, and an event older than the engine's {@code maxEventLateness} (default: the
     * duplicate window, 24 hours; set it with {@link Builder#engine}) is refused as
     * {@link dev.journeys.core.engine.Acceptance#TOO_LATE}.
     *
     * @param event the event
     * @return what the engine did with it
     */
    public dev.journeys.core.engine.Acceptance accept(Event event) {
        return engine.accept(Objects.requireNonNull(event, "event"));
    }

    /**
     * Schedules an event to be fed when the clock reaches its {@link Event#occurredAt()}.
     *
     * @param event the event
     * @return this environment
     * @throws IllegalArgumentException if the event's time has already passed
     */
    public JourneyTestEnvironment schedule(Event event) {
        Objects.requireNonNull(event, "event");
        if (event.occurredAt().isBefore(now())) {
            throw new IllegalArgumentException("event '" + event.id() + "' occurs at " + event.occurredAt()
                    + ", before the clock's time " + now() + "; feed past events with accept");
        }
        script.add(event);
        return this;
    }

    /** Moves time forward by a duration, handling every timer and event on the way at its time. */
    public JourneyTestEnvironment advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot move backwards: advance by " + duration);
        }
        return advanceTo(now().plus(duration));
    }

    /** Moves time forward to an instant, handling every timer and event on the way at its time. */
    public JourneyTestEnvironment advanceTo(Instant until) {
        Objects.requireNonNull(until, "until");
        Clockwork.run(engine, clock, until, script, this::step);
        report(true);
        return this;
    }

    /**
     * Moves time forward until no timer is pending and no event is scheduled, but no further
     * than the horizon.
     *
     * @param horizon the most simulated time to spend
     * @return this environment
     */
    public JourneyTestEnvironment runUntilIdle(Duration horizon) {
        Objects.requireNonNull(horizon, "horizon");
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must not be negative, was " + horizon);
        }
        Instant limit = now().plus(horizon);
        for (Instant next = nextWork(); next != null && !next.isAfter(limit); next = nextWork()) {
            advanceTo(next.isBefore(now()) ? now() : next);
        }
        return this;
    }

    /** Returns the earlier of the next due timer and the next scheduled event, or {@code null}. */
    private Instant nextWork() {
        Instant timer = engine.nextDueAt().orElse(null);
        Instant event = script.nextAt();
        return timer == null ? event : event == null ? timer : timer.isBefore(event) ? timer : event;
    }

    private void step(int worked) {
        steps += worked;
        report(false);
    }

    private void report(boolean always) {
        if (progress != null && (always || steps - lastReported >= progressEvery)) {
            lastReported = steps;
            progress.accept(new Progress(now(), steps, script.size(), Duration.ofNanos(System.nanoTime() - startedNanos)));
        }
    }

    /**
     * Returns what the environment saw of one contact.
     *
     * @param contactId the contact
     * @return the history
     * @throws IllegalArgumentException if the contact is not in the directory and had no events, or
     *     the id is not valid by {@link IdRules}
     */
    public ContactHistory contact(String contactId) {
        IdRules.requireContactId(contactId, "contactId");
        List<JourneyEvent> events = timeline.of(contactId);
        if (events.isEmpty() && contacts.find(contactId).isEmpty()) {
            throw new IllegalArgumentException("no contact '" + contactId + "' in this environment");
        }
        return new ContactHistory(contactId, events, engine.state(contactId), timeline.format(contactId));
    }

    /** Returns the counts per journey and step of everything so far. */
    public JourneyReport report() {
        List<JourneyEvent> all = new ArrayList<>();
        timeline.contacts().forEach(id -> all.addAll(timeline.of(id)));
        return JourneyReport.of(engine.journeys(), all);
    }

    /** Returns the report as a self-contained HTML page. */
    public String reportHtml() {
        return report().toHtml(engine.journeys());
    }

    /**
     * Returns a digest of the whole history (every contact's timeline, in contact id order): the
     * same journeys, contacts, events, behaviours and seed give the same fingerprint.
     *
     * @return a SHA-256 digest, in hex
     */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            timeline.contacts().stream().sorted().forEach(id ->
                    digest.update(timeline.format(id).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
        }
    }

    /** Returns every contact's timeline, for a failed test's output. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder("Journey test environment at ").append(now()).append('\n');
        timeline.contacts().forEach(id -> text.append(timeline.format(id)));
        return text.append(engine.stats()).append('\n').toString();
    }

    /** Closes the engine. */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Configures a {@link JourneyTestEnvironment}. Not thread-safe.
     */
    public static final class Builder {
        private Instant start = Instant.parse("2026-01-01T00:00:00Z");
        private long seed;
        private final List<JourneyDefinition> journeys = new ArrayList<>();
        private final List<Contact> contacts = new ArrayList<>();
        private final List<Population> populations = new ArrayList<>();
        private final List<Behaviour> behaviours = new ArrayList<>();
        private Consumer<JourneyEngineBuilder> customizer = b -> { };
        private final Map<String, ActionHandler> handlers = new LinkedHashMap<>();
        private Consumer<Progress> progress;
        private long progressEvery = 100_000;
        private Consumer<JourneyTestEnvironment> whenBuilt = env -> { };

        private Builder() {
        }

        /** Tells the callback about the environment once built; the JUnit extension tracks them so. */
        Builder whenBuilt(Consumer<JourneyTestEnvironment> callback) {
            this.whenBuilt = callback;
            return this;
        }

        /** Sets the clock's start. Default: 2026-01-01T00:00:00Z. */
        public Builder startingAt(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Sets the seed that every behaviour draws from. Default: 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Publishes a journey. */
        public Builder journey(JourneyDefinition journey) {
            journeys.add(Objects.requireNonNull(journey, "journey"));
            return this;
        }

        /** Adds a contact to the directory. */
        public Builder contact(Contact contact) {
            contacts.add(Objects.requireNonNull(contact, "contact"));
            return this;
        }

        /** Adds a generated population to the directory. */
        public Builder population(Population population) {
            populations.add(Objects.requireNonNull(population, "population"));
            return this;
        }

        /** Adds a behaviour of contacts. */
        public Builder behaviour(Behaviour behaviour) {
            behaviours.add(Objects.requireNonNull(behaviour, "behaviour"));
            return this;
        }

        /**
         * Changes the engine's settings (retry policy, duplicate window, more listeners...); several
         * calls apply in order.
         */
        public Builder engine(Consumer<JourneyEngineBuilder> customizer) {
            this.customizer = this.customizer.andThen(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * Runs an action with this handler instead of only recording it; the environment still
         * records every request the handler ran ({@link JourneyTestEnvironment#actions()}), so a
         * test can make an action fail, or answer it with events.
         *
         * @param name the action's name, as the journeys' action steps use it
         * @param handler the handler
         * @return this builder
         */
        public Builder action(String name, ActionHandler handler) {
            Objects.requireNonNull(name, "name");
            if (handlers.putIfAbsent(name, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalStateException("action '" + name + "' already has a handler");
            }
            return this;
        }

        /**
         * Reports progress to the callback every {@code everySteps} steps and at the end of each
         * move of the clock.
         */
        public Builder onProgress(Consumer<Progress> callback, long everySteps) {
            if (everySteps < 1) {
                throw new IllegalArgumentException("progress interval must be at least 1 step, was " + everySteps);
            }
            this.progress = Objects.requireNonNull(callback, "callback");
            this.progressEvery = everySteps;
            return this;
        }

        /** Builds the environment and publishes its journeys. */
        public JourneyTestEnvironment build() {
            JourneyTestEnvironment env = new JourneyTestEnvironment(this);
            whenBuilt.accept(env);
            return env;
        }
    }
}
