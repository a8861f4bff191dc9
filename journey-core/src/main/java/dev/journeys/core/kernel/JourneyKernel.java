package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.DeclineReason;
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
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.QuietHours;
import dev.journeys.core.SendPreview;
import dev.journeys.core.SkipReason;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
 *   <li>An entry to a journey with an entry rate limit is reserved at the {@link EntryGate}; over
 *       the limit it is queued (the instance runs no step until its slot, only exit triggers
 *       reach it) or declined.</li>
 *   <li>Lifecycle ({@link JourneyStatus}), checked first in every evaluation: a journey that is
 *       not live takes no entries ({@link DeclineReason#NOT_LIVE}); while it is paused, an
 *       instance whose timer comes due is held ({@link JourneyInstance.Timer#HELD}) and its waits for
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
     * Evaluates one input for one contact, reserving entries of rate-limited journeys at a gate, with
     * the contact's recorded events for history conditions.
     *
     * @param catalog the published journeys
     * @param state the contact's state
     * @param contact the contact, as the directory describes them now
     * @param input what happened
     * @param now the engine's current time
     * @param observed whether anyone listens; if not, step events are not even made
     * @param gate where entries of journeys with an {@link dev.journeys.core.EntryRateLimit} are reserved
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
    static Attributes personalisation(Attributes entryData, Contact contact, Step.Send send) {
        Attributes data = entryData;
        for (String field : send.fields()) {
            Optional<Object> value = contact.attributes().value(field);
            if (value.isPresent()) {
                data = data.with(field, value.get());
            }
        }
        return data;
    }

    /** One evaluation: the journey rules, applied to the contact's working copy ({@link ContactWork}), its steps run by {@link PathRunner}. */
    private static final class Run extends PathRunner {
        private final EntryGate gate;

        Run(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed, EntryGate gate) {
            super(catalog, state, subject, observed);
            this.gate = gate;
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
                        releaseOutbox(resumed);
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
                    pauseOutbox(paused);
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
                if (entry.hold() == OutboxEntry.Hold.JOURNEY_PAUSED
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
                } else if (instance.isHeld() && !instance.isParked()
                        && !catalog.is(instance.journeyId(), JourneyStatus.PAUSED)) {
                    JourneyInstance released = replace(instance, instance.dueAt(nowMillis));
                    events.add(new JourneyEvent.PauseChanged(ref(released), released.stepId(), false,
                            "journey '" + released.journeyId() + "' was resumed", now));
                }
            }
        }

        void onTimers() {
            for (JourneyInstance instance : List.copyOf(instances)) {
                if (!instance.isDueBy(nowMillis)) {
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
                            + Instant.ofEpochMilli(instance.timerMillis()) + " at step '" + instance.stepId() + "'",
                            failure));
                }
            }
        }

        /** Runs one instance whose timer is due. */
        private void onTimer(JourneyInstance instance, CompiledJourney journey) {
            if (catalog.is(instance.journeyId(), JourneyStatus.PAUSED)) {
                JourneyInstance held = replace(instance, instance.held());
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
                        instance.timer(), instance.timerMillis(), instance.visits() - 1));
            }
            advance(instance, journey, next);
        }

        /**
         * Withdraws the consent an unsubscribe names, ends every instance whose journey sends on
         * what was withdrawn, and cancels the messages it covers that were decided but not sent.
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
                // Messages decided before it and not yet sent, of instances that ended or went on.
                cancelOutbox(entry -> entry.effect() instanceof OutgoingMessage message
                        && consent.covers(message.channel(), message.purpose()),
                        "consent to " + consent + " was withdrawn by event '" + event.id() + "'");
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
                        to.get(), instance.enteredAtMillis(), instance.waitingSinceMillis(), instance.timer(),
                        instance.timerMillis(), instance.visits(), remapFacts(instance.facts(), from, target),
                        instance.entryData(), instance.incident());
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
            if (journey != null && unparked.isQueued() && unparked.isDueBy(nowMillis)) {
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

        void onContactGone() {
            for (JourneyInstance instance : List.copyOf(instances)) {
                exit(instance, instance.stepId(), ExitCause.CONTACT_UNKNOWN,
                        "contact '" + contact.id() + "' is no longer in the directory");
            }
            cancelOutbox(entry -> true, "contact '" + contact.id() + "' is no longer in the directory");
        }

        /** Enrols the contact, unless this segment enrolment occurrence entered them already. */
        void enrol(CompiledJourney journey, long occurrenceMillis) {
            int index = indexOfHistory(journey.id());
            if (occurrenceMillis != Input.Enrol.BY_HAND && index >= 0
                    && history.get(index).lastOccurrenceMillis().equals(OptionalLong.of(occurrenceMillis))) {
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
            long admitAt = limit.isPresent() ? gate.reserve(journey.id(), limit.get(), nowMillis) : nowMillis;
            if (admitAt == EntryGate.REJECTED) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), DeclineReason.RATE_LIMITED,
                        "rejected: " + limit.get() + " reached", now));
                return;
            }
            if (limit.isPresent()) {
                reserved(new EntryReservation(journey.id(), admitAt));
            }
            JourneyHistory updated = recordEntry(journey, index, occurrenceMillis);
            String start = journey.definition().startStep();
            JourneyInstance instance = new JourneyInstance(journey.id(), journey.version(), updated.entries(), start,
                    nowMillis, nowMillis, admitAt > nowMillis ? JourneyInstance.Timer.DUE_AT : JourneyInstance.Timer.NONE,
                    admitAt > nowMillis ? admitAt : 0, 0, 0L, entryData, Optional.empty());
            (instances = editable(instances)).add(instance);
            changed = true;
            if (admitAt > nowMillis) {
                events.add(new JourneyEvent.EntryQueued(ref(instance), Instant.ofEpochMilli(admitAt), now));
                return;
            }
            events.add(new JourneyEvent.Entered(ref(instance), cause, now));
            advance(instance, journey, Optional.of(start));
        }
    }
}
