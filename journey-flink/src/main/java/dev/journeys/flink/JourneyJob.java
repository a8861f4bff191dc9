package dev.journeys.flink;

import dev.journeys.core.Contact;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.event.JourneyEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Wires journeys into a Flink job: events and contact profiles in, keyed by contact; the journeys
 * from a broadcast definitions stream; effects (messages and actions with their idempotency keys)
 * out to any sink, and journey events on a stream of their own, for analytics.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.enableCheckpointing(60_000);
 * DataStream<Event> events = env.fromSource(kafkaEvents, JourneyJob.watermarks(Duration.ofSeconds(5)), "events");
 * DataStream<Contact> contacts = env.fromSource(kafkaProfiles, profileWatermarks, "contacts");
 * DataStream<DefinitionChange> definitions = env.fromSource(kafkaDefinitions, WatermarkStrategy.noWatermarks(), "journeys");
 *
 * JourneyJob.Streams journeys = JourneyJob.builder()
 *         .events(events).contacts(contacts).definitions(definitions)
 *         .build();
 * journeys.effects().sinkTo(kafkaSends);            // each record carries its idempotency key
 * journeys.journeyEvents().sinkTo(analytics);
 * env.execute("journeys");
 * }</pre>
 *
 * <p>Not thread-safe: a builder for one job, set up on one thread.
 *
 * <p>The job keeps each contact's state, profile, recorded events and recent event ids in keyed
 * state, serialized by the library's codecs; the journeys in broadcast state. Each option is set
 * at most once.
 */
public final class JourneyJob {

    /** The default window in which a second event with an id already seen for the contact is dropped. */
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofDays(7);

    /** The default for how far behind the watermark an event may arrive and still be worked on. */
    public static final Duration DEFAULT_MAX_EVENT_LATENESS = Duration.ofHours(1);

    private DataStream<Event> events;
    private DataStream<Contact> contacts;
    private DataStream<DefinitionChange> definitions;
    private JourneyTime time;
    private Duration duplicateWindow;
    private Duration maxEventLateness;
    private String name;
    private Instant until;

    private JourneyJob() {
    }

    /** Returns a builder with nothing set. */
    public static JourneyJob builder() {
        return new JourneyJob();
    }

    /**
     * Returns the watermark strategy for an event stream: timestamps from {@link Event#occurredAt()},
     * events up to {@code outOfOrderness} out of order.
     *
     * @param outOfOrderness how far out of order events may arrive
     * @return the strategy
     */
    public static WatermarkStrategy<Event> watermarks(Duration outOfOrderness) {
        return WatermarkStrategy.<Event>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((event, previous) -> event.occurredAt().toEpochMilli());
    }

    /** Sets the events: required. */
    public JourneyJob events(DataStream<Event> events) {
        this.events = set(this.events, events, "events");
        return this;
    }

    /**
     * Sets the contact profiles: each record is the contact as the directory now describes them,
     * from its timestamp on. Required: an event for a contact whose profile the job has not
     * received is dropped and counted (metric {@code unknownContacts}).
     */
    public JourneyJob contacts(DataStream<Contact> contacts) {
        this.contacts = set(this.contacts, contacts, "contacts");
        return this;
    }

    /** Sets the journeys' definitions stream: versions published, lifecycle changes. Required. */
    public JourneyJob definitions(DataStream<DefinitionChange> definitions) {
        this.definitions = set(this.definitions, definitions, "definitions");
        return this;
    }

    /** Sets which time the journeys run on; {@link JourneyTime#EVENT_TIME} by default. */
    public JourneyJob time(JourneyTime time) {
        this.time = set(this.time, time, "time");
        return this;
    }

    /** Sets the window in which a repeated event id is dropped; {@link #DEFAULT_DUPLICATE_WINDOW} by default. */
    public JourneyJob duplicateWindow(Duration window) {
        this.duplicateWindow = set(this.duplicateWindow, positive(window, "duplicateWindow"), "duplicateWindow");
        return this;
    }

    /**
     * Sets how far behind the watermark an event may arrive and still be worked on (at the
     * watermark's time); a later one is dropped and counted (metric {@code eventsTooLate}).
     * {@link #DEFAULT_MAX_EVENT_LATENESS} by default; only in event time.
     */
    public JourneyJob maxEventLateness(Duration lateness) {
        this.maxEventLateness = set(this.maxEventLateness, positive(lateness, "maxEventLateness"), "maxEventLateness");
        return this;
    }

    /**
     * Sets the name of the journeys operator, also its uid (under which a savepoint keeps the
     * contacts' state: keep it across upgrades); {@code "journeys"} by default.
     */
    public JourneyJob name(String name) {
        this.name = set(this.name, name, "name");
        return this;
    }

    /**
     * Sets the last instant whose work the journeys do: inputs after it are dropped and no timer
     * after it fires. For replays and tests on a bounded input, whose end moves the watermark to
     * the end of time and would otherwise run every journey's timers on (a weekly newsletter,
     * forever); a live job has no end. None by default.
     */
    public JourneyJob until(Instant until) {
        this.until = set(this.until, until, "until");
        return this;
    }

    /**
     * Adds the journeys to the job of the streams given.
     *
     * @return the job's outputs
     * @throws IllegalStateException if the events, contacts or definitions are not set
     */
    public Streams build() {
        require(events, "events");
        require(contacts, "contacts");
        require(definitions, "definitions");
        String operator = name == null ? "journeys" : name;
        DataStream<ContactInput> eventInputs = events
                .map(ContactInput.EventArrived::new, JourneyTypes.contactInputs())
                .setParallelism(events.getParallelism()) // forward: a contact's inputs keep their order
                .name(operator + ": events"); // stateless: no uid, so it never claims a finished source's state
        DataStream<ContactInput> profileInputs = contacts
                .process(new ProfileInputs(), JourneyTypes.contactInputs())
                .setParallelism(contacts.getParallelism())
                .name(operator + ": profiles");
        SingleOutputStreamOperator<Effect> effects = eventInputs.union(profileInputs)
                .keyBy(ContactInput::contactId, Types.STRING)
                .connect(definitions.broadcast(JourneyCatalogState.DESCRIPTOR))
                .process(new JourneyFunction(time == null ? JourneyTime.EVENT_TIME : time,
                                duplicateWindow == null ? DEFAULT_DUPLICATE_WINDOW : duplicateWindow,
                                maxEventLateness == null ? DEFAULT_MAX_EVENT_LATENESS : maxEventLateness,
                                until == null ? Long.MAX_VALUE : until.toEpochMilli()),
                        JourneyTypes.effects())
                .name(operator).uid(operator);
        return new Streams(effects, effects.getSideOutput(JourneyFunction.JOURNEY_EVENTS),
                effects.getSideOutput(JourneyFunction.REFUSED_DEFINITIONS));
    }

    /**
     * What a job's journeys put out.
     *
     * @param effects the messages to send and actions to run, each with its idempotency key: to a
     *     sink that sends them (and, to be exactly once across failures, drops a key it has seen)
     * @param journeyEvents what happened to each contact, as the in-process engine's listeners
     *     hear it: entered, step reached, sent, skipped, exited, goal reached and the rest
     * @param refusedDefinitions why a definition change was refused (an invalid or repeated
     *     version, a lifecycle change its journey cannot make), one text each
     */
    public record Streams(SingleOutputStreamOperator<Effect> effects, DataStream<JourneyEvent> journeyEvents,
                          DataStream<String> refusedDefinitions) {
    }

    /** Turns profile records into inputs that hold from their timestamp. */
    private static final class ProfileInputs extends ProcessFunction<Contact, ContactInput> {

        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Contact contact, Context context, Collector<ContactInput> out) {
            Long timestamp = context.timestamp();
            out.collect(new ContactInput.ProfileChanged(contact, timestamp == null ? Long.MIN_VALUE : timestamp));
        }
    }

    private static <T> T set(T current, T value, String option) {
        Objects.requireNonNull(value, option);
        if (current != null) {
            throw new IllegalStateException(option + " is already set");
        }
        return value;
    }

    private static Duration positive(Duration duration, String option) {
        if (Objects.requireNonNull(duration, option).isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, was " + duration);
        }
        return duration;
    }

    private static void require(Object value, String option) {
        if (value == null) {
            throw new IllegalStateException(option + " must be set before build()");
        }
    }
}
