package dev.journeys.core.kernel;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Delay;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.ExitCause;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.Incident;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.QuietHours;
import dev.journeys.core.SendPreview;
import dev.journeys.core.SentRecord;
import dev.journeys.core.SkipReason;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel: the step function every host runs, contact state + input + now → new contact
 * state + effects + journey events.
 *
 * <p>Pure: it reads no clock (time is the {@code now} it is given), does no I/O, draws no random
 * number (A/B paths come from {@link StableHash}), and logs nothing; it returns what happened.
 * It works on one contact across all journeys, so exits and entries of several journeys for one
 * event are decided together: exits first, then entries, so an event that ends one journey may
 * start another.
 *
 * <p>Semantics decided here:
 * <ul>
 *   <li>An event first updates the facts of every instance (clicks, opens, events since entry),
 *       then fires exit triggers, then the journey goal, then resumes a paused instance or
 *       pauses a running one ({@link dev.journeys.core.Pausing}), then ends a wait for that
 *       event. A paused instance's timer is held and resumes with the time it had left; its
 *       effects still in the outbox (a send waiting for a retry) are held too, and due at the resume.</li>
 *   <li>An interaction dated before the send it is about ({@link SendTime}) is no interaction
 *       with that send: it sets no fact about it and ends no wait for it, and is reported
 *       ({@code InteractionBeforeSend}).</li>
 *   <li>Whether a contact may enter a journey again is its {@link dev.journeys.core.ReentryRule}
 *       (by default, once the previous instance, of any version, ended).</li>
 *   <li>A wait until an instant that has passed continues at once, unless it says to exit.</li>
 *   <li>A send on a channel the contact has not consented to is skipped, and the path goes on;
 *       so is a send that a {@link FrequencyCap} would exceed (engine caps first, then the
 *       journey's). Sends count toward caps when they are decided; the send log keeps only what
 *       the longest cap window can see, and nothing when there is no cap.</li>
 *   <li>A send due inside the journey's (or else the engine's) {@link QuietHours} is held until
 *       the window ends ({@code SendDeferred}); the contact waits at the send step, and the send
 *       is decided afresh then. If the window would hold it longer than the maximum deferral, it
 *       is skipped at once with {@link SkipReason#QUIET_HOURS}.</li>
 *   <li>An unsubscribe withdraws the consent it names and ends every instance whose journey
 *       sends on it ({@link ExitCause#UNSUBSCRIBED}), before the event reaches any instance; a
 *       consent-given event lifts withdrawals. Both are kept in the contact's state.</li>
 *   <li>An excluded contact is not entered, and an instance whose contact became excluded
 *       exits at the next step it reaches ({@link ExitCause#EXCLUDED}). A suppressed contact's
 *       sends are skipped. The order of send checks is suppression, consent, quiet hours, caps
 *       (one {@link SendDecider} decision, shared with previews).</li>
 *   <li>An entry to a journey with an entry rate limit is booked at the {@link EntryGate}; over
 *       the limit it is queued (the instance runs no step until its slot, only exit triggers
 *       reach it) or declined.</li>
 *   <li>Lifecycle ({@link JourneyStatus}), checked first in every evaluation: a journey that is
 *       not live takes no entries ({@link DeclineReason#NOT_LIVE}); while it is paused, an
 *       instance whose timer comes due is held ({@link JourneyInstance#HELD}) and its waits for
 *       events ignore what arrives, and held instances go on as soon as the journey is no longer
 *       paused; instances of a stopped journey end ({@link ExitCause#JOURNEY_STOPPED}). A
 *       migration ({@link Input.Migrate}) moves instances of older versions to the mapped steps
 *       of the new one, keeping their timers and the tracked facts both versions track.</li>
 *   <li>A segment enrolment occurrence enters a contact at most once
 *       ({@link JourneyHistory#lastOccurrenceMillis()}).</li>
 *   <li>An instance that comes back to a step without waiting (only possible in a journey that
 *       was never validated) exits with {@link ExitCause#LOOP_WITHOUT_WAIT}, so it runs each
 *       step at most once per evaluation.</li>
 *   <li>An instance that is stopped (any exit that is not a {@linkplain ExitCause#isCompletion()
 *       completion}) takes its effects that are still in the outbox with it: they are cancelled
 *       and reported, never dispatched late. A contact gone from the directory loses its whole
 *       outbox the same way.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. The in-process engine calls it for every input; another host
 * (several nodes on one store, a stream processor) calls it the same way.
 */
public final class JourneyKernel {

    private JourneyKernel() {
    }

    /**
     * Evaluates one input for one contact.
     *
     * @param catalog the published journeys
     * @param state the contact's state
     * @param contact the contact, as the directory describes them now
     * @param input what happened
     * @param now the engine's current time
     * @param observed whether anyone listens; if not, step events are not even made
     * @return the new state (the same object if nothing changed), the effects and the events
     */
    public static Evaluation evaluate(JourneyCatalog catalog, ContactState state, Contact contact, Input input,
                                      Instant now, boolean observed) {
        return evaluate(catalog, state, contact, input, now, observed, EntryGate.UNLIMITED, EventHistory.empty());
    }

    /**
     * Evaluates one input for one contact, booking entries of rate-limited journeys at a gate, with
     * the contact's recorded events for history conditions.
     *
     * @param catalog the published journeys
     * @param state the contact's state
     * @param contact the contact, as the directory describes them now
     * @param input what happened
     * @param now the engine's current time
     * @param observed whether anyone listens; if not, step events are not even made
     * @param gate where entries of journeys with an {@link dev.journeys.core.EntryRateLimit} are booked
     * @param history the contact's recorded events of the types history conditions ask about
     *     ({@link JourneyCatalog#historyTypes()})
     * @return the new state (the same object if nothing changed), the effects and the events
     */
    public static Evaluation evaluate(JourneyCatalog catalog, ContactState state, Contact contact, Input input,
                                      Instant now, boolean observed, EntryGate gate, EventHistory history) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(history, "history");
        Run run = new Run(catalog, state, new Subject(contact, history, now, catalog.segments()), observed, gate);
        run.followLifecycle();
        if (input instanceof Input.LifecycleChanged) {
            return run.result(); // followLifecycle did the work
        } else if (input instanceof Input.EventArrived arrived) {
            run.onEvent(arrived.event());
        } else if (input instanceof Input.TimersDue) {
            run.onTimers();
        } else if (input instanceof Input.Enrol enrol) {
            catalog.newest(enrol.journeyId()).ifPresent(journey -> run.enrol(journey, enrol.occurrenceMillis()));
        } else if (input instanceof Input.Migrate migrate) {
            run.migrate(migrate);
        } else if (input instanceof Input.ContactGone) {
            run.onContactGone();
        } else if (input instanceof Input.RetryParked retry) {
            run.retryParked(retry);
        } else if (input instanceof Input.EndParked end) {
            run.endParked(end);
        } else {
            throw new AssertionError(input);
        }
        return run.result();
    }

    /**
     * Previews a send step for a contact: what it would do if the contact reached it now, by the
     * same decision the evaluator runs. Changes nothing.
     *
     * @param catalog the published journeys
     * @param state the contact's state
     * @param contact the contact, as the directory describes them now
     * @param journeyId the journey; the version the contact is in, else the newest
     * @param stepId a send step of that version
     * @param now the engine's current time
     * @param history the contact's recorded events for history conditions
     * @return the preview
     * @throws IllegalArgumentException if the journey is not published or the step is no send of it
     */
    public static SendPreview preview(JourneyCatalog catalog, ContactState state, Contact contact, String journeyId,
                                      String stepId, Instant now, EventHistory history) {
        Optional<JourneyInstance> instance = state.instanceOf(journeyId);
        CompiledJourney journey = instance.map(i -> catalog.version(i.journeyId(), i.version()))
                .or(() -> catalog.newest(journeyId))
                .orElseThrow(() -> new IllegalArgumentException("no journey '" + journeyId + "' is published"));
        if (!journey.hasStep(stepId) || !(journey.step(stepId) instanceof Step.Send send)) {
            throw new IllegalArgumentException("journey '" + journeyId + "' v" + journey.version() + " has no send step '"
                    + stepId + "'; its sends are " + journey.definition().steps().stream()
                    .filter(Step.Send.class::isInstance).map(Step::id).toList());
        }
        Instant reachedAt = instance.filter(i -> i.stepId().equals(stepId)).map(i -> i.waitingSinceMillis())
                .map(Instant::ofEpochMilli).orElse(now);
        Subject subject = new Subject(contact.withWithdrawn(state.withdrawnConsents()), history, now,
                catalog.segments());
        SendDecider.Decision decision = SendDecider.decide(catalog, journey, send, subject,
                instance.map(JourneyInstance::facts).orElse(0L),
                instance.map(JourneyInstance::entryData).orElse(Attributes.empty()),
                state.sendLog(), now, reachedAt, true);
        return SendDecider.preview(decision, contact.id(), journeyId, send,
                personalisation(instance.map(JourneyInstance::entryData).orElse(Attributes.empty()), contact, send), now);
    }

    /**
     * Returns whether a contact is a member of a segment now.
     *
     * @param catalog the published journeys and the engine's segments
     * @param contact the contact
     * @param history the contact's recorded events of the types history conditions ask about
     * @param segmentId a defined segment
     * @param now the engine's time
     * @return whether the segment's definition holds for the contact
     * @throws IllegalArgumentException if the segment is not defined
     */
    public static boolean isMember(JourneyCatalog catalog, Contact contact, EventHistory history, String segmentId,
                                   Instant now) {
        dev.journeys.core.Segment segment = catalog.segments().segment(segmentId).orElseThrow(() ->
                new IllegalArgumentException("segment '" + segmentId + "' is not defined"));
        return Conditions.test(segment.definition(), new Subject(contact, history, now, catalog.segments()), null, null,
                0L);
    }

    /** Returns the fields a send passes to its channel: the instance's trigger fields, then the contact attributes it names. */
    private static Attributes personalisation(Attributes entryData, Contact contact, Step.Send send) {
        Attributes data = entryData;
        for (String field : send.fields()) {
            Optional<Object> value = contact.attributes().value(field);
            if (value.isPresent()) {
                data = data.with(field, value.get());
            }
        }
        return data;
    }

    /** The working copy of one evaluation. */
    private static final class Run {
        private final JourneyCatalog catalog;
        private final ContactState before;
        private final Contact listed;
        private Contact contact;
        private Subject subject;
        private final Instant now;
        private final long nowMillis;
        private final boolean observed;
        // The state's own immutable lists until the first change to each, then a private copy (see editable).
        private List<JourneyInstance> instances;
        private List<JourneyHistory> history;
        private List<OutboxEntry> outbox;
        private List<SentRecord> sendLog;
        private List<Consent> withdrawn;
        private final EntryGate gate;
        private final List<Effect> effects = new ArrayList<>(2);
        private final List<JourneyEvent> events = new ArrayList<>(4);
        private boolean changed;

        Run(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed, EntryGate gate) {
            this.catalog = catalog;
            this.before = state;
            this.listed = subject.contact();
            this.contact = listed.withWithdrawn(state.withdrawnConsents());
            this.subject = subject.with(contact);
            Instant now = subject.now();
            this.gate = gate;
            this.now = now;
            this.nowMillis = now.toEpochMilli();
            this.observed = observed;
            this.instances = state.instances();
            this.history = state.history();
            this.outbox = state.outbox();
            this.sendLog = state.sendLog();
            this.withdrawn = state.withdrawnConsents();
            long horizon = nowMillis - catalog.longestCapWindowMillis();
            if (!sendLog.isEmpty() && sendLog.stream().anyMatch(sent -> sent.atMillis() <= horizon)) {
                (sendLog = editable(sendLog)).removeIf(sent -> sent.atMillis() <= horizon);
                changed = true; // keep only what a cap can still see
            }
        }

        /**
         * Returns a list this run may change: the list itself once it is this run's copy, else a
         * copy. The state's lists are immutable, so most runs, which change one or two, copy no
         * other; and a {@code List.copyOf} snapshot of an unchanged list is the list itself.
         */
        private static <T> List<T> editable(List<T> list) {
            return list instanceof ArrayList<T> ? list : new ArrayList<>(list);
        }

        Evaluation result() {
            ContactState after = changed ? before.next(instances, history, outbox, sendLog, withdrawn) : before;
            return new Evaluation(after, List.copyOf(effects), List.copyOf(events));
        }

        void onEvent(Event event) {
            IdempotencyKey about = event.messageId().flatMap(IdempotencyKey::parse)
                    .filter(key -> key.contactId().equals(contact.id())).orElse(null);
            if (event.type().equals(InteractionTypes.UNSUBSCRIBED)) {
                unsubscribe(event, about);
            } else if (event.type().equals(InteractionTypes.CONSENT_GIVEN)) {
                giveConsent(event);
            }
            for (JourneyInstance instance : List.copyOf(instances)) {
                CompiledJourney journey = catalog.version(instance.journeyId(), instance.version());
                if (journey != null && !instance.isParked()) {
                    String aboutStep = about != null && about.instance() == instance.number()
                            && about.version() == instance.version()
                            && about.journeyId().equals(instance.journeyId()) ? about.stepId() : null;
                    if (aboutStep != null && precedesSend(event, instance, aboutStep)) {
                        aboutStep = null; // not an interaction with that send
                    }
                    Checkpoint checkpoint = checkpoint();
                    try {
                        react(instance, journey, event, aboutStep);
                    } catch (RuntimeException failure) {
                        park(checkpoint, instance, Incident.describe("event '" + event.id() + "' of type '"
                                + event.type() + "' at step '" + instance.stepId() + "'", failure));
                    }
                }
            }
            for (CompiledJourney journey : catalog.enteredBy(event.type())) {
                Trigger trigger = ((dev.journeys.core.Entry.OnEvent) journey.definition().entry()).trigger();
                boolean fires;
                try {
                    fires = Conditions.fires(trigger, event, subject);
                } catch (RuntimeException failure) {
                    events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(),
                            DeclineReason.EVALUATION_FAILED, Incident.describe("the trigger filter on event '"
                                    + event.id() + "' of type '" + event.type() + "'", failure), now));
                    continue;
                }
                if (fires) {
                    List<String> kept = journey.definition().policies().triggerFields();
                    enterGuarded(journey, event.id(), kept.isEmpty() ? Attributes.empty() : event.payload().only(kept),
                            Input.Enrol.BY_HAND, "the entry by event '" + event.id() + "' of type '" + event.type()
                                    + "'");
                }
            }
        }

        /** Returns whether an interaction is dated before the send it is about, and then reports it. */
        private boolean precedesSend(Event interaction, JourneyInstance instance, String sendStep) {
            Instant sentAt = SendTime.earliest(interaction, instance);
            if (!interaction.occurredAt().isBefore(sentAt)) {
                return false;
            }
            events.add(new JourneyEvent.InteractionBeforeSend(ref(instance), sendStep, interaction.id(),
                    interaction.occurredAt(), sentAt, now));
            return true;
        }

        private void react(JourneyInstance instance, CompiledJourney journey, Event event, String aboutStep) {
            long bits = 0;
            List<TrackedFact> facts = journey.facts();
            for (int bit = 0; bit < facts.size(); bit++) {
                if (Conditions.matches(facts.get(bit), event, aboutStep, subject)) {
                    bits |= 1L << bit;
                }
            }
            JourneyInstance current = replace(instance, instance.withFacts(bits));
            JourneyDefinition definition = journey.definition();
            for (Trigger exit : definition.exitTriggers()) {
                if (Conditions.fires(exit, event, subject)) {
                    exit(current, current.stepId(), ExitCause.EXIT_TRIGGER, "exit trigger " + exit + " fired by event '"
                            + event.id() + "'");
                    return;
                }
            }
            if (current.isQueued()) {
                return; // waits for its entry slot: only an exit trigger reaches it
            }
            Optional<JourneyGoal> goal = definition.goal();
            if (goal.isPresent() && Conditions.fires(goal.get().trigger(), event, subject)) {
                events.add(new JourneyEvent.GoalReached(ref(current), goal.get().name(), now));
                if (goal.get().exit()) {
                    exit(current, current.stepId(), ExitCause.GOAL, "goal '" + goal.get().name() + "' reached");
                    return;
                }
            }
            if (current.isPaused()) {
                for (Trigger resume : definition.pausing().resumeWhen()) {
                    if (Conditions.fires(resume, event, subject)) {
                        JourneyInstance resumed = replace(current, current.resumed(nowMillis));
                        holdOutbox(resumed, nowMillis);
                        events.add(new JourneyEvent.PauseChanged(ref(resumed), resumed.stepId(), false,
                                resume + " fired by event '" + event.id() + "'", now));
                        return;
                    }
                }
                return; // paused: a wait for an event does not see what arrives
            }
            for (Trigger pause : definition.pausing().pauseWhen()) {
                if (Conditions.fires(pause, event, subject)) {
                    JourneyInstance paused = replace(current, current.paused(nowMillis));
                    holdOutbox(paused, JourneyInstance.NOT_DUE);
                    events.add(new JourneyEvent.PauseChanged(ref(paused), paused.stepId(), true,
                            pause + " fired by event '" + event.id() + "'", now));
                    return;
                }
            }
            if (catalog.is(current.journeyId(), JourneyStatus.PAUSED)) {
                return; // a paused journey's waits for events do not see what arrives
            }
            if (journey.step(current.stepId()) instanceof Step.WaitForEvent wait
                    && Conditions.fires(wait.trigger(), event, subject)
                    && (wait.aboutSend().isEmpty() || wait.aboutSend().get().equals(aboutStep))) {
                if (observed) {
                    events.add(new JourneyEvent.StepReached(ref(current), wait.id(), current.visits(),
                            "event '" + event.id() + "' of type '" + event.type() + "' arrived", now));
                }
                advance(current, journey, wait.onEvent());
            }
        }

        /**
         * Ends the instances of stopped journeys, and lets the instances and outbox entries held
         * by a journey pause go on once their journey is no longer paused: a wait that ended
         * during the pause ends now.
         */
        void followLifecycle() {
            boolean anyStopped = catalog.anyStopped();
            boolean anyHeld = false;
            for (int i = 0; i < instances.size() && !anyHeld && !anyStopped; i++) {
                anyHeld = instances.get(i).isHeld();
            }
            if (anyHeld || anyStopped && !instances.isEmpty()) {
                followLifecycleOfInstances(anyStopped);
            }
            if (anyStopped && !outbox.isEmpty()) {
                cancelOutbox(entry -> catalog.is(entry.effect().key().journeyId(), JourneyStatus.STOPPED),
                        "its journey was stopped");
            }
            for (int i = 0; i < outbox.size(); i++) {
                OutboxEntry entry = outbox.get(i);
                if (entry.nextAttemptAtMillis() == JourneyInstance.HELD
                        && !catalog.is(entry.effect().key().journeyId(), JourneyStatus.PAUSED)) {
                    (outbox = editable(outbox)).set(i, entry.dueAt(nowMillis));
                    changed = true;
                }
            }
        }

        private void followLifecycleOfInstances(boolean anyStopped) {
            for (JourneyInstance instance : List.copyOf(instances)) {
                if (anyStopped && catalog.is(instance.journeyId(), JourneyStatus.STOPPED)) {
                    exit(instance, instance.stepId(), ExitCause.JOURNEY_STOPPED,
                            "journey '" + instance.journeyId() + "' was stopped: " + catalog.stopReason(instance.journeyId()));
                } else if (instance.isHeld() && !catalog.is(instance.journeyId(), JourneyStatus.PAUSED)) {
                    JourneyInstance released = replace(instance, instance.dueAt(nowMillis));
                    events.add(new JourneyEvent.PauseChanged(ref(released), released.stepId(), false,
                            "journey '" + released.journeyId() + "' was resumed", now));
                }
            }
        }

        void onTimers() {
            for (JourneyInstance instance : List.copyOf(instances)) {
                if (instance.dueAtMillis() > nowMillis || instance.isParked()) {
                    continue;
                }
                CompiledJourney journey = catalog.version(instance.journeyId(), instance.version());
                if (journey == null) {
                    continue; // kept as it is until its version is published again
                }
                Checkpoint checkpoint = checkpoint();
                try {
                    onTimer(instance, journey);
                } catch (RuntimeException failure) {
                    park(checkpoint, instance, Incident.describe("the timer due at "
                            + Instant.ofEpochMilli(instance.dueAtMillis()) + " at step '" + instance.stepId() + "'",
                            failure));
                }
            }
        }

        /** Runs one instance whose timer is due. */
        private void onTimer(JourneyInstance instance, CompiledJourney journey) {
            if (catalog.is(instance.journeyId(), JourneyStatus.PAUSED)) {
                JourneyInstance held = replace(instance, instance.dueAt(JourneyInstance.HELD));
                events.add(new JourneyEvent.PauseChanged(ref(held), held.stepId(), true,
                        "journey '" + held.journeyId() + "' is paused: held until it is resumed", now));
                return;
            }
            if (instance.isQueued()) {
                admit(instance, journey);
                return;
            }
            Step step = journey.step(instance.stepId());
            Optional<String> next;
            if (step instanceof Step.Wait wait) {
                next = wait.next();
            } else if (step instanceof Step.WaitForEvent wait) {
                next = wait.onTimeout();
            } else if (step instanceof Step.Send send) {
                next = Optional.of(send.id()); // a send held by quiet hours or a cap: decide it again
            } else {
                throw new IllegalStateException("instance waits at step '" + step.id() + "', which is no wait");
            }
            if (observed) {
                String outcome = step instanceof Step.WaitForEvent wait
                        ? "timed out after " + wait.timeout() + " with no matching event"
                        : step instanceof Step.Send ? "held send is tried again" : "wait ended";
                events.add(new JourneyEvent.StepReached(ref(instance), step.id(), instance.visits(), outcome, now));
            }
            if (step instanceof Step.Send) {
                // The held send is the same visit: it decided nothing yet, and its key must not change.
                instance = replace(instance, instance.withWait(instance.stepId(), instance.waitingSinceMillis(),
                        instance.dueAtMillis(), instance.visits() - 1));
            }
            advance(instance, journey, next);
        }

        /**
         * Withdraws the consent an unsubscribe names, and ends every instance whose journey sends
         * on what was withdrawn.
         */
        private void unsubscribe(Event event, IdempotencyKey about) {
            Optional<String> purpose = event.payload().string(Event.PURPOSE);
            List<String> channels = event.payload().string(Event.CHANNEL).map(List::of)
                    .orElseGet(() -> channelsOf(about));
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("unsubscribe event '" + event.id() + "' names no '" + Event.CHANNEL
                        + "' in its payload, and its message " + event.messageId().map(id -> "'" + id + "'")
                        .orElse("(none given)") + " is not one a published journey of this engine sent");
            }
            for (String channel : channels) {
                Consent consent = new Consent(channel, purpose);
                if (!withdrawn.contains(consent)) {
                    (withdrawn = editable(withdrawn)).add(consent);
                    changed = true;
                    events.add(new JourneyEvent.ConsentChanged(contact.id(), consent, true, event.id(), now));
                }
                for (JourneyInstance instance : List.copyOf(instances)) {
                    CompiledJourney journey = catalog.version(instance.journeyId(), instance.version());
                    if (journey != null && journey.sendsNeeding(consent)) {
                        exit(instance, instance.stepId(), ExitCause.UNSUBSCRIBED, "unsubscribed from " + consent
                                + " by event '" + event.id() + "'");
                    }
                }
            }
            contact = listed.withWithdrawn(withdrawn);
            subject = subject.with(contact);
        }

        /** Returns the channels the message of a key could have been sent on, from its send step. */
        private List<String> channelsOf(IdempotencyKey key) {
            if (key == null) {
                return List.of();
            }
            CompiledJourney journey = catalog.version(key.journeyId(), key.version());
            return journey != null && journey.hasStep(key.stepId()) && journey.step(key.stepId()) instanceof Step.Send send
                    ? send.channel().channels() : List.of();
        }

        /** Lifts the withdrawals a consent event covers: a channel's consent lifts all of that channel's. */
        private void giveConsent(Event event) {
            String channel = event.payload().string(Event.CHANNEL).orElseThrow(() -> new IllegalArgumentException(
                    "consent event '" + event.id() + "' names no '" + Event.CHANNEL + "' in its payload"));
            Consent given = new Consent(channel, event.payload().string(Event.PURPOSE));
            for (java.util.Iterator<Consent> it = (withdrawn = editable(withdrawn)).iterator(); it.hasNext(); ) {
                Consent lifted = it.next();
                if (lifted.channel().equals(channel)
                        && (given.purpose().isEmpty() || given.purpose().equals(lifted.purpose()))) {
                    it.remove();
                    changed = true;
                    events.add(new JourneyEvent.ConsentChanged(contact.id(), lifted, false, event.id(), now));
                }
            }
            contact = listed.withWithdrawn(withdrawn);
            subject = subject.with(contact);
        }

        /** Lets a queued instance in at its slot: it starts now, from the start step. */
        private void admit(JourneyInstance queued, CompiledJourney journey) {
            JourneyInstance admitted = replace(queued, queued.admitted(nowMillis));
            events.add(new JourneyEvent.Entered(ref(admitted), "admitted by " + journey.definition().policies()
                    .entryRateLimit().map(Object::toString).orElse("an entry rate limit") + " after waiting "
                    + java.time.Duration.ofMillis(nowMillis - queued.enteredAtMillis()), now));
            advance(admitted, journey, Optional.of(journey.definition().startStep()));
        }

        /** Moves the contact's instances of older versions to the new one, at their mapped steps. */
        void migrate(Input.Migrate migrate) {
            CompiledJourney target = catalog.version(migrate.journeyId(), migrate.toVersion());
            if (target == null) {
                throw new IllegalArgumentException("version " + migrate.toVersion() + " of journey '"
                        + migrate.journeyId() + "' is not published");
            }
            for (JourneyInstance instance : List.copyOf(instances)) {
                if (!instance.journeyId().equals(migrate.journeyId()) || instance.version() >= migrate.toVersion()
                        || instance.isParked()) {
                    continue; // a parked instance stays on its version until the host retries or ends it
                }
                Optional<String> to = instance.isQueued() ? Optional.of(target.definition().startStep())
                        : migrate.migration().target(instance.stepId());
                if (to.isEmpty() || !target.hasStep(to.get())) {
                    continue; // reached an unmapped step since the engine checked: finishes on its version
                }
                CompiledJourney from = catalog.version(instance.journeyId(), instance.version());
                JourneyInstance moved = new JourneyInstance(instance.journeyId(), target.version(), instance.number(),
                        to.get(), instance.enteredAtMillis(), instance.waitingSinceMillis(), instance.dueAtMillis(),
                        instance.visits(), remapFacts(instance.facts(), from, target), instance.pausedRemainingMillis(),
                        instance.entryData());
                replace(instance, moved);
                events.add(new JourneyEvent.Migrated(ref(moved), instance.version(), instance.stepId(), moved.stepId(),
                        now));
            }
        }

        /** Carries the tracked facts an instance had over to the facts of another version that track the same. */
        private static long remapFacts(long facts, CompiledJourney from, CompiledJourney to) {
            if (facts == 0 || from == null) {
                return 0;
            }
            long remapped = 0;
            for (int bit = 0; bit < from.facts().size(); bit++) {
                int index = to.facts().indexOf(from.facts().get(bit));
                if ((facts & (1L << bit)) != 0 && index >= 0) {
                    remapped |= 1L << index;
                }
            }
            return remapped;
        }

        /** A snapshot of the run, taken before one journey's part of it, to undo that part if it fails. */
        private record Checkpoint(List<JourneyInstance> instances, List<JourneyHistory> history,
                                  List<OutboxEntry> outbox, List<SentRecord> sendLog, List<Consent> withdrawn,
                                  Contact contact, Subject subject, int effects, int events, boolean changed) {
        }

        /**
         * Takes a checkpoint. The lists this run has already copied are frozen, so that what comes
         * next copies them again instead of changing what the checkpoint holds.
         */
        private Checkpoint checkpoint() {
            instances = frozen(instances);
            history = frozen(history);
            outbox = frozen(outbox);
            sendLog = frozen(sendLog);
            withdrawn = frozen(withdrawn);
            return new Checkpoint(instances, history, outbox, sendLog, withdrawn, contact, subject, effects.size(),
                    events.size(), changed);
        }

        /**
         * Returns a list this run will not change: a list of its own behind a read-only view, which
         * costs no copy; {@link #editable} copies it before the next change, so the checkpoint
         * keeps what it saw.
         */
        private static <T> List<T> frozen(List<T> list) {
            return list instanceof ArrayList<T> ? java.util.Collections.unmodifiableList(list) : list;
        }

        private void restore(Checkpoint checkpoint) {
            instances = checkpoint.instances();
            history = checkpoint.history();
            outbox = checkpoint.outbox();
            sendLog = checkpoint.sendLog();
            withdrawn = checkpoint.withdrawn();
            contact = checkpoint.contact();
            subject = checkpoint.subject();
            effects.subList(checkpoint.effects(), effects.size()).clear();
            events.subList(checkpoint.events(), events.size()).clear();
            changed = checkpoint.changed();
        }

        /** Undoes what one instance's failed work did, and parks it as it was before. */
        private void park(Checkpoint checkpoint, JourneyInstance instance, String reason) {
            restore(checkpoint);
            JourneyInstance parked = replace(instance, instance.parked(reason, nowMillis));
            events.add(new JourneyEvent.InstanceParked(ref(parked), parked.stepId(), reason, now));
        }

        /**
         * Undoes what a failed entry did after it was decided, and enters the contact as a parked
         * instance at the start step instead; a retry starts it from there.
         */
        private void parkEntry(Checkpoint checkpoint, CompiledJourney journey, Attributes entryData,
                               long occurrenceMillis, String reason) {
            restore(checkpoint);
            int index = indexOfHistory(journey.id());
            JourneyHistory updated = recordEntry(journey, index, occurrenceMillis);
            JourneyInstance parked = new JourneyInstance(journey.id(), journey.version(), updated.entries(),
                    journey.definition().startStep(), nowMillis, nowMillis, nowMillis, 0, 0L,
                    JourneyInstance.NOT_PAUSED, entryData).parked(reason, nowMillis);
            (instances = editable(instances)).add(parked);
            changed = true;
            events.add(new JourneyEvent.InstanceParked(ref(parked), parked.stepId(), reason, now));
        }

        /** Records an entry into the journey's history (at {@code index}, or a new record if it is -1) and returns it. */
        private JourneyHistory recordEntry(CompiledJourney journey, int index, long occurrenceMillis) {
            JourneyHistory updated = index < 0
                    ? new JourneyHistory(journey.id(), 1, nowMillis, Long.MIN_VALUE, occurrenceMillis)
                    : occurrenceMillis == Input.Enrol.BY_HAND ? history.get(index).withEntry(nowMillis)
                    : history.get(index).withEntry(nowMillis, occurrenceMillis);
            if (index < 0) {
                (history = editable(history)).add(updated);
            } else {
                (history = editable(history)).set(index, updated);
            }
            return updated;
        }

        /**
         * Unparks an instance the host retries, then runs whatever of the contact is due. An
         * instance that had run no step (it failed as it entered, or at its entry slot) starts
         * from its start step; its entry was counted against a rate limit when it was first made.
         */
        void retryParked(Input.RetryParked retry) {
            JourneyInstance parked = parkedInstance(retry.journeyId(), retry.number());
            JourneyInstance unparked = replace(parked, parked.unparked());
            events.add(new JourneyEvent.InstanceRetried(ref(unparked), unparked.stepId(), now));
            CompiledJourney journey = catalog.version(unparked.journeyId(), unparked.version());
            if (journey != null && unparked.isQueued() && unparked.dueAtMillis() <= nowMillis) {
                Checkpoint checkpoint = checkpoint();
                try {
                    JourneyInstance started = replace(unparked, unparked.admitted(nowMillis));
                    events.add(new JourneyEvent.Entered(ref(started), "entry retried by the host", now));
                    advance(started, journey, Optional.of(journey.definition().startStep()));
                } catch (RuntimeException failure) {
                    park(checkpoint, unparked, Incident.describe("the retried entry", failure));
                }
            }
            onTimers();
        }

        /** Ends an instance the host gives up on. */
        void endParked(Input.EndParked end) {
            JourneyInstance parked = parkedInstance(end.journeyId(), end.number());
            exit(parked, parked.stepId(), ExitCause.ENDED_BY_HOST, end.reason());
        }

        private JourneyInstance parkedInstance(String journeyId, int number) {
            for (JourneyInstance instance : instances) {
                if (instance.number() == number && instance.journeyId().equals(journeyId)) {
                    if (!instance.isParked()) {
                        throw new IllegalStateException("instance #" + number + " of journey '" + journeyId
                                + "' of contact '" + contact.id() + "' is not parked");
                    }
                    return instance;
                }
            }
            throw new IllegalArgumentException("contact '" + contact.id() + "' has no instance #" + number
                    + " of journey '" + journeyId + "'");
        }

        void onContactGone() {
            for (JourneyInstance instance : List.copyOf(instances)) {
                exit(instance, instance.stepId(), ExitCause.CONTACT_UNKNOWN,
                        "contact '" + contact.id() + "' is no longer in the directory");
            }
            cancelOutbox(entry -> true, "contact '" + contact.id() + "' is no longer in the directory");
        }

        /**
         * Makes the instance's undispatched effects due at a time: never while it is paused (a send
         * waiting for a retry does not go out), now when it resumes.
         */
        private void holdOutbox(JourneyInstance instance, long dueAtMillis) {
            for (int i = 0; i < outbox.size(); i++) {
                OutboxEntry entry = outbox.get(i);
                if (isOf(entry.effect().key(), instance) && entry.nextAttemptAtMillis() != dueAtMillis) {
                    (outbox = editable(outbox)).set(i, entry.dueAt(dueAtMillis));
                    changed = true;
                }
            }
        }

        private void cancelOutbox(java.util.function.Predicate<OutboxEntry> which, String reason) {
            if (outbox.isEmpty()) {
                return;
            }
            for (java.util.Iterator<OutboxEntry> it = (outbox = editable(outbox)).iterator(); it.hasNext(); ) {
                OutboxEntry entry = it.next();
                if (which.test(entry)) {
                    it.remove();
                    changed = true;
                    events.add(new JourneyEvent.EffectCancelled(entry.effect(), reason, now));
                }
            }
        }

        /** Enrols the contact, unless this segment enrolment occurrence entered them already. */
        void enrol(CompiledJourney journey, long occurrenceMillis) {
            int index = indexOfHistory(journey.id());
            if (occurrenceMillis != Input.Enrol.BY_HAND && index >= 0
                    && history.get(index).lastOccurrenceMillis() == occurrenceMillis) {
                return; // a resumed enrolment reached the contact again
            }
            String cause = occurrenceMillis == Input.Enrol.BY_HAND ? "enrolment"
                    : "enrolment of " + Instant.ofEpochMilli(occurrenceMillis);
            enterGuarded(journey, cause, Attributes.empty(), occurrenceMillis, "the " + cause);
        }

        /**
         * Enters the contact; if the journey's first steps fail, undoes them and enters the contact
         * as a parked instance at the start step instead.
         */
        private void enterGuarded(CompiledJourney journey, String cause, Attributes entryData, long occurrenceMillis,
                                  String during) {
            Checkpoint checkpoint = checkpoint();
            try {
                enter(journey, cause, entryData, occurrenceMillis);
            } catch (RuntimeException failure) {
                parkEntry(checkpoint, journey, entryData, occurrenceMillis, Incident.describe(during, failure));
            }
        }

        void enter(CompiledJourney journey, String cause, Attributes entryData) {
            enter(journey, cause, entryData, Input.Enrol.BY_HAND);
        }

        private void enter(CompiledJourney journey, String cause, Attributes entryData, long occurrenceMillis) {
            Optional<JourneyStatus> status = catalog.status(journey.id());
            if (status.isPresent() && !status.get().takesEntries()) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.NOT_LIVE,
                        "journey '" + journey.id() + "' is " + status.get(), now));
                return;
            }
            boolean inJourney = false;
            for (int i = 0; i < instances.size() && !inJourney; i++) {
                inJourney = instances.get(i).journeyId().equals(journey.id());
            }
            int index = indexOfHistory(journey.id());
            Optional<String> refusal = journey.definition().reentry().refusal(
                    index < 0 ? Optional.empty() : Optional.of(history.get(index)), inJourney, now);
            if (refusal.isPresent()) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.REENTRY_RULE,
                        refusal.get(), now));
                return;
            }
            Optional<Condition> exclusion;
            try {
                exclusion = exclusionOf(journey);
            } catch (RuntimeException failure) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.EVALUATION_FAILED,
                        Incident.describe("the exclusions at entry", failure), now));
                return;
            }
            if (exclusion.isPresent()) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.EXCLUDED,
                        "excluded: " + exclusion.get(), now));
                return;
            }
            Optional<EntryRateLimit> limit = journey.definition().policies().entryRateLimit();
            long admitAt = limit.isPresent() ? gate.admitAt(journey.id(), limit.get(), nowMillis) : nowMillis;
            if (admitAt == EntryGate.REJECTED) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.RATE_LIMITED,
                        "rejected: " + limit.get() + " reached", now));
                return;
            }
            JourneyHistory updated = recordEntry(journey, index, occurrenceMillis);
            String start = journey.definition().startStep();
            JourneyInstance instance = new JourneyInstance(journey.id(), journey.version(), updated.entries(), start,
                    nowMillis, nowMillis, admitAt > nowMillis ? admitAt : JourneyInstance.NOT_DUE, 0, 0L,
                    JourneyInstance.NOT_PAUSED, entryData);
            (instances = editable(instances)).add(instance);
            changed = true;
            if (admitAt > nowMillis) {
                events.add(new JourneyEvent.EntryQueued(ref(instance), Instant.ofEpochMilli(admitAt), now));
                return;
            }
            events.add(new JourneyEvent.Entered(ref(instance), cause, now));
            advance(instance, journey, Optional.of(start));
        }

        /** Runs the instance from a step until it waits or leaves. */
        private void advance(JourneyInstance instance, CompiledJourney journey, Optional<String> first) {
            Optional<String> next = first;
            int visits = instance.visits();
            String last = instance.stepId();
            // A run that visits more steps than the journey has must have come back to one without waiting.
            for (int budget = journey.definition().steps().size(); ; budget--) {
                if (next.isEmpty()) {
                    exit(instance, last, ExitCause.COMPLETED, "the path ended after step '" + last + "'");
                    return;
                }
                if (budget == 0) {
                    exit(instance, last, ExitCause.LOOP_WITHOUT_WAIT, "came back to step '" + next.get()
                            + "' without waiting; the journey has a cycle that passes no wait");
                    return;
                }
                Step step = journey.step(next.get());
                if (!journey.definition().policies().exclusions().isEmpty()) {
                    Optional<Condition> exclusion = exclusionOf(journey);
                    if (exclusion.isPresent()) {
                        exit(instance, step.id(), ExitCause.EXCLUDED, "excluded: " + exclusion.get());
                        return;
                    }
                }
                last = step.id();
                visits++;
                if (step instanceof Step.Send send) {
                    // A held send tried again is the same visit, reached when it was first held.
                    long reachedAt = send.id().equals(instance.stepId()) && visits == instance.visits() + 1
                            ? instance.waitingSinceMillis() : nowMillis;
                    if (!send(instance, journey, send, visits, reachedAt)) {
                        return;
                    }
                    next = send.next();
                } else if (step instanceof Step.Wait wait) {
                    Instant end = wait.delay().endsAt(now, contact.zone());
                    if (end.isAfter(now)) {
                        hold(instance, wait.id(), end, visits);
                        if (observed) {
                            observe(instance, step.id(), visits, "waits " + wait.delay() + ", until " + end);
                        }
                        return;
                    }
                    if (wait.delay() instanceof Delay.UntilInstant until && until.ifPassed() == Delay.IfPassed.EXIT
                            && end.isBefore(now)) {
                        exit(instance, step.id(), ExitCause.WAIT_PASSED, until.instant() + " had passed");
                        return;
                    }
                    if (observed) {
                        observe(instance, step.id(), visits, "continues at once: " + end + " is not after " + now);
                    }
                    next = wait.next();
                } else if (step instanceof Step.WaitForEvent wait) {
                    int bit = wait.lookBack() ? journey.factBit(new TrackedFact(wait.trigger().eventType(),
                            wait.trigger().filter(), wait.aboutSend())) : -1;
                    if (bit >= 0 && (instance.facts() & (1L << bit)) != 0) {
                        if (observed) {
                            observe(instance, step.id(), visits, "a matching event already arrived since entry");
                        }
                        next = wait.onEvent();
                    } else {
                        Instant end = now.plus(wait.timeout());
                        hold(instance, wait.id(), end, visits);
                        if (observed) {
                            observe(instance, step.id(), visits, "waits for " + wait.trigger() + " until " + end);
                        }
                        return;
                    }
                } else if (step instanceof Step.Branch branch) {
                    next = Optional.empty();
                    for (int i = 0; i < branch.cases().size(); i++) {
                        Step.Case c = branch.cases().get(i);
                        if (Conditions.test(c.when(), subject, instance.entryData(), journey, instance.facts())) {
                            if (observed) {
                                observe(instance, step.id(), visits, branch.otherwise().orElse(null) == c
                                        ? "took otherwise: " + (i == 0 ? "it is the only case" : "did not hold: "
                                                + branch.cases().subList(0, i).stream().map(k -> k.when().toString())
                                                .collect(java.util.stream.Collectors.joining("; ")))
                                        : "took case " + (i + 1) + ": " + c.when());
                            }
                            next = c.next();
                            break;
                        }
                    }
                } else if (step instanceof Step.Split split) {
                    long total = split.paths().stream().mapToLong(Step.SplitPath::weight).sum();
                    long bucket = StableHash.bucket(total, contact.id(), journey.id(), split.id());
                    Step.SplitPath chosen = split.paths().get(0);
                    for (Step.SplitPath path : split.paths()) {
                        if (bucket < path.weight()) {
                            chosen = path;
                            break;
                        }
                        bucket -= path.weight();
                    }
                    if (observed) {
                        observe(instance, step.id(), visits, "took path '" + chosen.name() + "'");
                    }
                    next = chosen.next();
                } else if (step instanceof Step.Action action) {
                    record(new ActionRequest(key(instance, action.id(), visits), action.action(), action.parameters(),
                            instance.entryData(), now));
                    if (observed) {
                        observe(instance, step.id(), visits, "runs action '" + action.action() + "'");
                    }
                    next = action.next();
                } else if (step instanceof Step.Goal goal) {
                    if (observed) {
                        observe(instance, step.id(), visits, "goal '" + goal.name() + "'");
                    }
                    events.add(new JourneyEvent.GoalReached(ref(instance), goal.name(), now));
                    if (goal.exit()) {
                        exit(instance, step.id(), ExitCause.GOAL, "goal '" + goal.name() + "' reached");
                        return;
                    }
                    next = goal.next();
                } else if (step instanceof Step.Exit exitStep) {
                    if (observed) {
                        observe(instance, step.id(), visits, "exit: " + exitStep.reason());
                    }
                    exit(instance, step.id(), ExitCause.EXIT_STEP, exitStep.reason());
                    return;
                } else {
                    throw new AssertionError(step);
                }
            }
        }

        /**
         * Runs a send step: skipped (suppressed, no consent, held too long by quiet hours or a
         * cap), held (quiet hours, a deferring cap), ended (an exiting cap) or sent.
         *
         * @return whether the path goes on from this step now
         */
        private boolean send(JourneyInstance instance, CompiledJourney journey, Step.Send send, int visit,
                             long reachedAtMillis) {
            SendDecider.Decision decision = SendDecider.decide(catalog, journey, send, subject, instance.facts(), instance.entryData(),
                    sendLog, now, reachedAtMillis == nowMillis ? now : Instant.ofEpochMilli(reachedAtMillis), observed);
            switch (decision.outcome()) {
                case SKIP:
                    return skip(instance, send, visit, decision);
                case DEFER:
                    return defer(instance, send, visit, reachedAtMillis, decision.why(), decision.until());
                case EXIT:
                    exit(instance, send.id(), ExitCause.CAP_REACHED, decision.why());
                    return false;
                default:
                    break;
            }
            record(new OutgoingMessage(key(instance, send.id(), visit), decision.channel(), decision.message(),
                    send.purpose(), personalisation(instance.entryData(), contact, send), now));
            if (catalog.longestCapWindowMillis() > 0) {
                (sendLog = editable(sendLog)).add(new SentRecord(nowMillis, journey.id(), decision.channel(), send.category()));
            }
            if (observed) {
                observe(instance, send.id(), visit, "sends '" + decision.message() + "' on " + decision.channel());
            }
            return true;
        }

        private boolean skip(JourneyInstance instance, Step.Send send, int visit, SendDecider.Decision decision) {
            if (observed) {
                observe(instance, send.id(), visit, "skipped '" + decision.message() + "': " + decision.why());
            }
            events.add(new JourneyEvent.MessageSkipped(ref(instance), send.id(), decision.skipReason(), now));
            return true;
        }

        /** Holds the contact at the send until {@code until}; the send is decided afresh then. */
        private boolean defer(JourneyInstance instance, Step.Send send, int visit, long reachedAtMillis, String why,
                              Instant until) {
            replace(instance, instance.withWait(send.id(), reachedAtMillis, until.toEpochMilli(), visit));
            if (observed) {
                observe(instance, send.id(), visit, "held by " + why + " until " + until);
            }
            events.add(new JourneyEvent.SendDeferred(ref(instance), send.id(), why, until, now));
            return false;
        }

        /** Returns the first exclusion of the journey that holds for the contact. */
        private Optional<Condition> exclusionOf(CompiledJourney journey) {
            for (Condition exclusion : journey.definition().policies().exclusions()) {
                if (Conditions.test(exclusion, subject, null, null, 0L)) {
                    return Optional.of(exclusion);
                }
            }
            return Optional.empty();
        }

        private void record(Effect effect) {
            effects.add(effect);
            // Sent by this engine right after the save; held for it for its store's lease.
            (outbox = editable(outbox)).add(OutboxEntry.decided(effect, catalog.dispatchHold()));
            changed = true;
        }

        private void hold(JourneyInstance instance, String stepId, Instant until, int visits) {
            replace(instance, instance.withWait(stepId, nowMillis, until.toEpochMilli(), visits));
        }

        private void exit(JourneyInstance instance, String stepId, ExitCause cause, String detail) {
            int index = indexOf(instance);
            (instances = editable(instances)).remove(index);
            int h = indexOfHistory(instance.journeyId());
            (history = editable(history)).set(h, history.get(h).withExit(nowMillis));
            changed = true;
            events.add(new JourneyEvent.Exited(ref(instance), stepId, cause, detail, now));
            if (!cause.isCompletion() && !outbox.isEmpty()) {
                // Only effects decided by earlier evaluations: this run's own sends were decided before the stop.
                cancelOutbox(entry -> before.outbox().contains(entry) && isOf(entry.effect().key(), instance),
                        "instance #" + instance.number() + " of '"
                        + instance.journeyId() + "' was stopped: " + cause + " (" + detail + ")");
            }
        }

        /**
         * Returns whether an effect was decided by the instance. By journey and instance number, not
         * version: an instance migrated to a new version keeps the effects its old version decided.
         */
        private static boolean isOf(IdempotencyKey key, JourneyInstance instance) {
            return key.instance() == instance.number() && key.journeyId().equals(instance.journeyId());
        }

        private JourneyInstance replace(JourneyInstance old, JourneyInstance updated) {
            if (old != updated) {
                int index = indexOf(old);
                (instances = editable(instances)).set(index, updated);
                changed = true;
            }
            return updated;
        }

        private int indexOf(JourneyInstance instance) {
            for (int i = 0; i < instances.size(); i++) {
                JourneyInstance candidate = instances.get(i);
                if (candidate.number() == instance.number() && candidate.journeyId().equals(instance.journeyId())) {
                    return i;
                }
            }
            throw new IllegalStateException("instance #" + instance.number() + " of '" + instance.journeyId()
                    + "' is not among the contact's instances");
        }

        private int indexOfHistory(String journeyId) {
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i).journeyId().equals(journeyId)) {
                    return i;
                }
            }
            return -1;
        }

        /** Records a step event; callers check {@code observed} first, so no text is built unobserved. */
        private void observe(JourneyInstance instance, String stepId, int visit, String outcome) {
            events.add(new JourneyEvent.StepReached(ref(instance), stepId, visit, outcome, now));
        }

        private IdempotencyKey key(JourneyInstance instance, String stepId, int visit) {
            return new IdempotencyKey(contact.id(), instance.journeyId(), instance.version(), instance.number(),
                    stepId, visit);
        }

        private InstanceRef ref(JourneyInstance instance) {
            return new InstanceRef(contact.id(), instance.journeyId(), instance.version(), instance.number());
        }
    }
}
