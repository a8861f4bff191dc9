package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.EventHistory;
import dev.journeys.core.ExitCause;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.Incident;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.QuietHours;
import dev.journeys.core.SendPreview;
import dev.journeys.core.SkipReason;
import dev.journeys.core.Step;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
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

    /**
     * One evaluation: the journey rules ({@link EventRules}, {@link TimerRules}, {@link EntryRules}),
     * applied to the contact's working copy ({@link ContactWork}), its steps run by {@link PathRunner};
     * and what the host asks for itself: migrations, parked instances retried or ended, a contact gone.
     */
    private static final class Run extends EventRules {

        Run(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed, EntryGate gate) {
            super(catalog, state, subject, observed, gate);
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
    }
}
