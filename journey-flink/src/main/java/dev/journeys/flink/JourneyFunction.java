package dev.journeys.flink;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.kernel.EntryGate;
import dev.journeys.core.kernel.Evaluation;
import dev.journeys.core.kernel.Input;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.kernel.JourneyKernel;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The kernel, hosted in Flink: one contact's part of the job (keyed by contact id). It keeps the
 * contact's state, profile, recorded events and recent event ids in keyed state, reads the
 * journeys from broadcast state, evaluates each input with {@link JourneyKernel} exactly as the
 * in-process engine does, emits the effects it decides (with their idempotency keys) and reports
 * what happened on the {@link #JOURNEY_EVENTS} side output.
 *
 * <p>In {@linkplain JourneyTime#EVENT_TIME event time} an input is held until the watermark passes
 * its timestamp, then worked on in timestamp order, after the contact's timers due at or before
 * it (a timer due at the very instant first, as in-process); so, for the same journeys, the result
 * follows from the input alone (a definition change applies when it arrives). The kernel's timers are one Flink timer per contact, at its next due time (Flink keeps
 * one timer per key and instant, so inputs and timers at one instant share it).
 *
 * <p>An effect is emitted when its decision is made: the state that records it and the record on
 * the output are checkpointed together, so after a restore the job neither loses nor repeats it
 * (the sink, given the key, can drop what it wrote before a failure).
 */
final class JourneyFunction extends KeyedBroadcastProcessFunction<String, ContactInput, DefinitionChange, Effect> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JourneyFunction.class);

    /** Where the journey events go: entered, step reached, sent, skipped, exited, goal and the rest. */
    static final OutputTag<JourneyEvent> JOURNEY_EVENTS = new OutputTag<>("journey-events",
            JourneyTypes.journeyEvents());

    /** Where a definition change that was refused goes, with why. */
    static final OutputTag<String> REFUSED_DEFINITIONS = new OutputTag<>("refused-definitions", Types.STRING);

    /** How long a contact holding work for a paused journey waits before it looks again whether the pause ended. */
    static final Duration PAUSE_POLL = Duration.ofMinutes(1);

    private static final ValueStateDescriptor<ContactState> STATES = new ValueStateDescriptor<>("contact-state",
            CodecSerializer.CONTACT_STATES);

    private final JourneyTime time;
    private final Duration duplicateWindow;
    private final Duration maxLateness;
    private final long untilMillis;

    private transient ValueState<ContactState> states;
    private transient ValueState<Contact> profiles;
    private transient ContactRecords records;
    private transient ValueState<Long> timer;
    private transient JourneyCatalog catalog;
    private transient Counter duplicates;
    private transient Counter unknownContacts;
    private transient Counter tooLate;

    /**
     * Creates the function.
     *
     * @param time which time the journeys run on
     * @param duplicateWindow how long an event id is remembered per contact
     * @param maxLateness how far behind the watermark an event may arrive (event time)
     * @param untilMillis the last instant whose work is done, epoch milliseconds ({@link Long#MAX_VALUE}: no end)
     */
    JourneyFunction(JourneyTime time, Duration duplicateWindow, Duration maxLateness, long untilMillis) {
        this.time = Objects.requireNonNull(time, "time");
        this.duplicateWindow = Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        this.maxLateness = Objects.requireNonNull(maxLateness, "maxLateness");
        this.untilMillis = untilMillis;
    }

    @Override
    public void open(OpenContext context) {
        states = getRuntimeContext().getState(STATES);
        profiles = getRuntimeContext().getState(new ValueStateDescriptor<>("contact-profile", CodecSerializer.CONTACTS));
        records = new ContactRecords(getRuntimeContext(), duplicateWindow);
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("kernel-timer", LongSerializer.INSTANCE));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        unknownContacts = getRuntimeContext().getMetricGroup().counter("unknownContacts");
        tooLate = getRuntimeContext().getMetricGroup().counter("eventsTooLate");
    }

    @Override
    public void processBroadcastElement(DefinitionChange change, Context context, Collector<Effect> out)
            throws Exception {
        BroadcastState<String, DefinitionChange> definitions = context.getBroadcastState(JourneyCatalogState.DESCRIPTOR);
        var refused = JourneyCatalogState.apply(definitions, change);
        if (refused.isPresent()) {
            LOG.warn("refused a change of journey '{}': {}", change.journeyId(), refused.get());
            context.output(REFUSED_DEFINITIONS, refused.get());
            return;
        }
        catalog = JourneyCatalogState.read(definitions);
        long now = time == JourneyTime.EVENT_TIME ? context.currentWatermark() : context.currentProcessingTime();
        boolean stopOrResume = change.status().filter(status -> status == JourneyStatus.STOPPED
                || status == JourneyStatus.LIVE).isPresent();
        if (stopOrResume && now > Long.MIN_VALUE && now <= untilMillis) {
            // A stopped journey's instances end now, and the work a pause held goes on now, not at the
            // contact's next input or timer. (Before the first watermark, each contact's next evaluation
            // follows the change, as the kernel follows the lifecycle first in every evaluation.)
            Work work = new Work(out, event -> context.output(JOURNEY_EVENTS, event));
            context.applyToKeyedState(STATES, (contactId, state) -> {
                Contact contact = profiles.value();
                if (state.value() != null && contact != null) {
                    evaluate(work, catalog, contact, new Input.LifecycleChanged(), now);
                    // What the resume released is due now. A later timer it sets waits for the contact's
                    // look-again timer (within a minute) or next input: Flink sets no timer from here.
                    runDue(work, catalog, now);
                }
            });
        }
    }

    @Override
    public void processElement(ContactInput input, ReadOnlyContext context, Collector<Effect> out) throws Exception {
        Work work = new Work(out, event -> context.output(JOURNEY_EVENTS, event));
        JourneyCatalog journeys = catalog(context);
        if (time == JourneyTime.PROCESSING_TIME) {
            long now = context.timerService().currentProcessingTime();
            runDue(work, journeys, now);
            apply(work, journeys, input, now);
            schedule(context.timerService(), now);
            return;
        }
        long watermark = context.timerService().currentWatermark();
        if (input.atMillis() > untilMillis) {
            return; // after the end of the run
        }
        if (input.atMillis() > watermark) {
            records.hold(input);
            context.timerService().registerEventTimeTimer(input.atMillis());
            return;
        }
        if (watermark > untilMillis) {
            return; // the run has ended
        }
        // Late: the watermark passed it, so the contact's time is already beyond it.
        if (input instanceof ContactInput.EventArrived arrived
                && watermark - input.atMillis() > maxLateness.toMillis()) {
            tooLate.inc();
            LOG.debug("dropped event '{}' for contact '{}': {} ms behind the watermark, more than the {} allowed",
                    arrived.event().id(), input.contactId(), watermark - input.atMillis(), maxLateness);
            return;
        }
        runDue(work, journeys, watermark);
        apply(work, journeys, input, watermark);
        schedule(context.timerService(), watermark);
    }

    @Override
    public void onTimer(long firedAt, OnTimerContext context, Collector<Effect> out) throws Exception {
        long timestamp = Math.min(firedAt, untilMillis); // nothing after the end of the run is done
        Work work = new Work(out, event -> context.output(JOURNEY_EVENTS, event));
        JourneyCatalog journeys = catalog(context);
        if (time == JourneyTime.PROCESSING_TIME) {
            runDue(work, journeys, timestamp);
            followPause(work, journeys, timestamp);
            schedule(context.timerService(), timestamp);
            return;
        }
        long ranDueAt = Long.MIN_VALUE;
        while (true) {
            // Each held input has a timer at its own instant, and Flink fires a key's timers in order, so
            // the inputs held before this instant were worked on at theirs: only this instant's are left.
            long input = records.holdsAt(timestamp) ? timestamp : Long.MAX_VALUE;
            OptionalLong due = nextDue();
            // Work still due at an instant already run is work the kernel keeps (its version is gone): not run again.
            if (due.isPresent() && due.getAsLong() <= timestamp && due.getAsLong() > ranDueAt
                    && (input == Long.MAX_VALUE || due.getAsLong() <= input)) {
                ranDueAt = due.getAsLong();
                runDue(work, journeys, ranDueAt);
            } else if (input != Long.MAX_VALUE) {
                for (ContactInput next : records.takeHeld(input)) {
                    runDue(work, journeys, input); // an earlier input at this instant may have made work due now
                    apply(work, journeys, next, input);
                }
            } else {
                break;
            }
        }
        followPause(work, journeys, timestamp);
        schedule(context.timerService(), timestamp);
    }

    /**
     * Lets the work a journey's pause held go on if the journey is no longer paused: the look-again
     * timer of a contact holding such work (a resume also walks every contact, but after a restore
     * before the first watermark, or for a contact whose timer fired meanwhile, this catches it).
     */
    private void followPause(Work work, JourneyCatalog journeys, long nowMillis) throws Exception {
        ContactState state = states.value();
        Contact contact = profiles.value();
        if (contact != null && holdsPausedWork(state)) {
            evaluate(work, journeys, contact, new Input.LifecycleChanged(), nowMillis);
        }
    }

    private OptionalLong nextDue() throws Exception {
        ContactState state = states.value();
        return state == null ? OptionalLong.empty() : state.nextDueAtMillis();
    }

    /** Works on one input at an instant: a profile is kept, an event evaluated. */
    private void apply(Work work, JourneyCatalog journeys, ContactInput input, long nowMillis) throws Exception {
        if (input instanceof ContactInput.ProfileChanged changed) {
            profiles.update(changed.contact());
            return;
        }
        Event event = ((ContactInput.EventArrived) input).event();
        Contact contact = profiles.value();
        if (contact == null) { // checked first: an event refused so is not remembered, and may come again
            unknownContacts.inc();
            LOG.debug("dropped event '{}' for contact '{}', whose profile the job has not received", event.id(),
                    event.contactId());
            return;
        }
        if (records.isDuplicate(event, nowMillis)) {
            duplicates.inc();
            LOG.debug("dropped event '{}' for contact '{}': a duplicate", event.id(), event.contactId());
            return;
        }
        records.recordForHistory(event, journeys);
        evaluate(work, journeys, contact, new Input.EventArrived(event), nowMillis);
    }

    /** Runs the contact's work due at or before an instant: the waits that ended. */
    private void runDue(Work work, JourneyCatalog journeys, long nowMillis) throws Exception {
        ContactState state = states.value();
        Contact contact = profiles.value();
        if (state == null || contact == null || !state.hasWorkDueBy(nowMillis)) {
            return;
        }
        evaluate(work, journeys, contact, new Input.TimersDue(), nowMillis);
    }

    private void evaluate(Work work, JourneyCatalog journeys, Contact contact, Input input, long nowMillis)
            throws Exception {
        ContactState before = states.value();
        if (before == null) {
            before = ContactState.empty(contact.id());
        }
        Instant now = Instant.ofEpochMilli(nowMillis);
        Evaluation evaluation = JourneyKernel.evaluate(journeys, before, contact, input, now, true,
                EntryGate.UNLIMITED, records.history(journeys, now));
        for (JourneyEvent event : evaluation.events()) {
            work.events.accept(event);
        }
        ContactState after = dispatch(work, evaluation.state(), now);
        if (after != before) {
            if (after.isEmpty()) {
                states.clear();
            } else {
                states.update(after);
            }
        }
    }

    /**
     * Emits every effect in the outbox that no pause holds, and reports it sent; returns the state
     * without them. Emitting is this host's dispatch: the record and the state that no longer
     * holds it are checkpointed together.
     */
    private static ContactState dispatch(Work work, ContactState state, Instant now) {
        if (state.outbox().isEmpty()) {
            return state;
        }
        List<OutboxEntry> kept = new ArrayList<>();
        for (OutboxEntry entry : state.outbox()) {
            if (entry.hold() != OutboxEntry.Hold.NONE) {
                kept.add(entry);
                continue;
            }
            Effect effect = entry.effect();
            work.out.collect(effect);
            if (effect instanceof OutgoingMessage message) {
                work.events.accept(new JourneyEvent.MessageSent(message, now));
            } else if (effect instanceof ActionRequest request) {
                work.events.accept(new JourneyEvent.ActionCompleted(request, now));
            }
        }
        return kept.size() == state.outbox().size() ? state : state.withOutbox(kept);
    }

    /** Sets the contact's one kernel timer to its next due time, and a look-again while a pause holds its work. */
    private void schedule(TimerService timers, long nowMillis) throws Exception {
        ContactState state = states.value();
        OptionalLong due = state == null ? OptionalLong.empty() : state.nextDueAtMillis();
        // Work due but not run is kept by the kernel (its version is gone): the contact's next input runs it.
        // Work a pause holds is looked at again now and then, while more input can come to resume it.
        boolean inputCanCome = timers.currentWatermark() < Long.MAX_VALUE - PAUSE_POLL.toMillis();
        long pollFrom = Math.max(nowMillis, time == JourneyTime.EVENT_TIME ? timers.currentWatermark() : nowMillis);
        long next = due.isPresent() && due.getAsLong() > nowMillis ? due.getAsLong()
                : holdsPausedWork(state) && inputCanCome ? pollFrom + PAUSE_POLL.toMillis()
                : Long.MAX_VALUE;
        if (next > untilMillis) {
            next = Long.MAX_VALUE;
        }
        Long registered = timer.value();
        if (registered != null && registered == next) {
            return;
        }
        if (registered != null && !records.holdsAt(registered)) { // Flink keeps one timer per instant: the input's too
            if (time == JourneyTime.EVENT_TIME) {
                timers.deleteEventTimeTimer(registered);
            } else {
                timers.deleteProcessingTimeTimer(registered);
            }
        }
        if (next == Long.MAX_VALUE) {
            timer.clear();
            return;
        }
        if (time == JourneyTime.EVENT_TIME) {
            timers.registerEventTimeTimer(next);
        } else {
            timers.registerProcessingTimeTimer(next);
        }
        timer.update(next);
    }

    private static boolean holdsPausedWork(ContactState state) {
        if (state == null) {
            return false;
        }
        return state.instances().stream().anyMatch(instance -> instance.isHeld())
                || state.outbox().stream().anyMatch(entry -> entry.hold() == OutboxEntry.Hold.JOURNEY_PAUSED);
    }

    /** Returns the journeys, read again from broadcast state after a restore. */
    private JourneyCatalog catalog(ReadOnlyContext context) throws Exception {
        if (catalog == null) {
            ReadOnlyBroadcastState<String, DefinitionChange> definitions =
                    context.getBroadcastState(JourneyCatalogState.DESCRIPTOR);
            catalog = JourneyCatalogState.read(definitions);
        }
        return catalog;
    }

    /** Where one call's results go: the effects to the output, the journey events to their side output. */
    private record Work(Collector<Effect> out, Consumer<JourneyEvent> events) {
    }
}
