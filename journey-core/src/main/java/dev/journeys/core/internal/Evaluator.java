package dev.journeys.core.internal;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.Delay;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.QuietHours;
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
 * The engine's step function: contact state + input + now → new contact state + effects.
 *
 * <p>Pure: it reads no clock (time is the {@code now} it is given), does no I/O, draws no random
 * number (A/B paths come from {@link StableHash}), and logs nothing; it returns what happened.
 * It works on one contact across all journeys, so exits and entries of several journeys for one
 * event are decided together: exits first, then entries, so an event that ends one journey may
 * start another.
 *
 * <p>Semantics decided here (DESIGN.md 5):
 * <ul>
 *   <li>An event first updates the facts of every instance (clicks, opens, events since entry),
 *       then fires exit triggers, then the journey goal, then resumes a paused instance or
 *       pauses a running one ({@link dev.journeys.core.Pausing}), then ends a wait for that
 *       event. A paused instance's timer is held and resumes with the time it had left.</li>
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
 *   <li>An instance that comes back to a step without waiting (only possible in a journey that
 *       was never validated) exits with {@link ExitCause#LOOP_WITHOUT_WAIT}, so it runs each
 *       step at most once per evaluation.</li>
 *   <li>An instance that is stopped (any exit that is not a {@linkplain ExitCause#isCompletion()
 *       completion}) takes its effects that are still in the outbox with it: they are cancelled
 *       and reported, never dispatched late. A contact gone from the directory loses its whole
 *       outbox the same way.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Internal: the runtime calls it; tests may too.
 */
public final class Evaluator {

    private Evaluator() {
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
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(now, "now");
        Run run = new Run(catalog, state, contact, now, observed);
        if (input instanceof Input.EventArrived arrived) {
            run.onEvent(arrived.event());
        } else if (input instanceof Input.TimersDue) {
            run.onTimers();
        } else if (input instanceof Input.Enrol enrol) {
            catalog.newest(enrol.journeyId()).ifPresent(journey -> run.enter(journey, "enrolment"));
        } else if (input instanceof Input.ContactGone) {
            run.onContactGone();
        } else {
            throw new AssertionError(input);
        }
        return run.result();
    }

    /** The working copy of one evaluation. */
    private static final class Run {
        private final JourneyCatalog catalog;
        private final ContactState before;
        private final Contact contact;
        private final Instant now;
        private final long nowMillis;
        private final boolean observed;
        private final List<JourneyInstance> instances;
        private final List<JourneyHistory> history;
        private final List<OutboxEntry> outbox;
        private final List<SentRecord> sendLog;
        private final List<Effect> effects = new ArrayList<>(2);
        private final List<JourneyEvent> events = new ArrayList<>(4);
        private boolean changed;

        Run(JourneyCatalog catalog, ContactState state, Contact contact, Instant now, boolean observed) {
            this.catalog = catalog;
            this.before = state;
            this.contact = contact;
            this.now = now;
            this.nowMillis = now.toEpochMilli();
            this.observed = observed;
            this.instances = new ArrayList<>(state.instances());
            this.history = new ArrayList<>(state.history());
            this.outbox = new ArrayList<>(state.outbox());
            this.sendLog = new ArrayList<>(state.sendLog());
            long horizon = nowMillis - catalog.longestCapWindowMillis();
            if (sendLog.removeIf(sent -> sent.atMillis() <= horizon)) {
                changed = true; // keep only what a cap can still see
            }
        }

        Evaluation result() {
            ContactState after = changed ? before.next(instances, history, outbox, sendLog) : before;
            return new Evaluation(after, List.copyOf(effects), List.copyOf(events));
        }

        void onEvent(Event event) {
            IdempotencyKey about = event.messageId().flatMap(IdempotencyKey::parse)
                    .filter(key -> key.contactId().equals(contact.id())).orElse(null);
            for (JourneyInstance instance : List.copyOf(instances)) {
                CompiledJourney journey = catalog.version(instance.journeyId(), instance.version());
                if (journey != null) {
                    String aboutStep = about != null && about.instance() == instance.number()
                            && about.version() == instance.version()
                            && about.journeyId().equals(instance.journeyId()) ? about.stepId() : null;
                    react(instance, journey, event, aboutStep);
                }
            }
            for (CompiledJourney journey : catalog.enteredBy(event.type())) {
                Trigger trigger = ((dev.journeys.core.Entry.OnEvent) journey.definition().entry()).trigger();
                if (Conditions.fires(trigger, event, contact)) {
                    enter(journey, event.id());
                }
            }
        }

        private void react(JourneyInstance instance, CompiledJourney journey, Event event, String aboutStep) {
            long bits = 0;
            List<TrackedFact> facts = journey.facts();
            for (int bit = 0; bit < facts.size(); bit++) {
                if (Conditions.matches(facts.get(bit), event, aboutStep, contact)) {
                    bits |= 1L << bit;
                }
            }
            JourneyInstance current = replace(instance, instance.withFacts(bits));
            JourneyDefinition definition = journey.definition();
            for (Trigger exit : definition.exitTriggers()) {
                if (Conditions.fires(exit, event, contact)) {
                    exit(current, current.stepId(), ExitCause.EXIT_TRIGGER, "exit trigger " + exit + " fired by event '"
                            + event.id() + "'");
                    return;
                }
            }
            Optional<JourneyGoal> goal = definition.goal();
            if (goal.isPresent() && Conditions.fires(goal.get().trigger(), event, contact)) {
                events.add(new JourneyEvent.GoalReached(ref(current), goal.get().name(), now));
                if (goal.get().exit()) {
                    exit(current, current.stepId(), ExitCause.GOAL, "goal '" + goal.get().name() + "' reached");
                    return;
                }
            }
            if (current.isPaused()) {
                for (Trigger resume : definition.pausing().resumeWhen()) {
                    if (Conditions.fires(resume, event, contact)) {
                        JourneyInstance resumed = replace(current, current.resumed(nowMillis));
                        events.add(new JourneyEvent.PauseChanged(ref(resumed), resumed.stepId(), false,
                                resume + " fired by event '" + event.id() + "'", now));
                        return;
                    }
                }
                return; // paused: a wait for an event does not see what arrives
            }
            for (Trigger pause : definition.pausing().pauseWhen()) {
                if (Conditions.fires(pause, event, contact)) {
                    JourneyInstance paused = replace(current, current.paused(nowMillis));
                    events.add(new JourneyEvent.PauseChanged(ref(paused), paused.stepId(), true,
                            pause + " fired by event '" + event.id() + "'", now));
                    return;
                }
            }
            if (journey.step(current.stepId()) instanceof Step.WaitForEvent wait
                    && Conditions.fires(wait.trigger(), event, contact)
                    && (wait.aboutSend().isEmpty() || wait.aboutSend().get().equals(aboutStep))) {
                if (observed) {
                    events.add(new JourneyEvent.StepReached(ref(current), wait.id(), current.visits(),
                            "event '" + event.id() + "' of type '" + event.type() + "' arrived", now));
                }
                advance(current, journey, wait.onEvent());
            }
        }

        void onTimers() {
            for (JourneyInstance instance : List.copyOf(instances)) {
                if (instance.dueAtMillis() > nowMillis) {
                    continue;
                }
                CompiledJourney journey = catalog.version(instance.journeyId(), instance.version());
                if (journey == null) {
                    continue; // kept as it is until its version is published again
                }
                Step step = journey.step(instance.stepId());
                Optional<String> next;
                if (step instanceof Step.Wait wait) {
                    next = wait.next();
                } else if (step instanceof Step.WaitForEvent wait) {
                    next = wait.onTimeout();
                } else if (step instanceof Step.Send send) {
                    next = Optional.of(send.id()); // a send held by quiet hours: try it again, consent and caps too
                } else {
                    throw new IllegalStateException("instance waits at step '" + step.id() + "', which is no wait");
                }
                if (observed) {
                    String outcome = step instanceof Step.WaitForEvent wait
                            ? "timed out after " + wait.timeout() + " with no matching event"
                            : step instanceof Step.Send ? "quiet hours ended" : "wait ended";
                    events.add(new JourneyEvent.StepReached(ref(instance), step.id(), instance.visits(), outcome, now));
                }
                if (step instanceof Step.Send) {
                    // The held send is the same visit: it decided nothing yet, and its key must not change.
                    instance = replace(instance, instance.withWait(instance.stepId(), instance.waitingSinceMillis(),
                            instance.dueAtMillis(), instance.visits() - 1));
                }
                advance(instance, journey, next);
            }
        }

        void onContactGone() {
            for (JourneyInstance instance : List.copyOf(instances)) {
                exit(instance, instance.stepId(), ExitCause.CONTACT_UNKNOWN,
                        "contact '" + contact.id() + "' is no longer in the directory");
            }
            cancelOutbox(entry -> true, "contact '" + contact.id() + "' is no longer in the directory");
        }

        private void cancelOutbox(java.util.function.Predicate<OutboxEntry> which, String reason) {
            for (java.util.Iterator<OutboxEntry> it = outbox.iterator(); it.hasNext(); ) {
                OutboxEntry entry = it.next();
                if (which.test(entry)) {
                    it.remove();
                    changed = true;
                    events.add(new JourneyEvent.EffectCancelled(entry.effect(), reason, now));
                }
            }
        }

        void enter(CompiledJourney journey, String cause) {
            boolean inJourney = instances.stream().anyMatch(i -> i.journeyId().equals(journey.id()));
            int index = indexOfHistory(journey.id());
            Optional<String> refusal = journey.definition().reentry().refusal(
                    index < 0 ? Optional.empty() : Optional.of(history.get(index)), inJourney, now);
            if (refusal.isPresent()) {
                events.add(new JourneyEvent.EntryDeclined(contact.id(), journey.id(), refusal.get(), now));
                return;
            }
            JourneyHistory updated = index < 0
                    ? new JourneyHistory(journey.id(), 1, nowMillis, Long.MIN_VALUE)
                    : history.get(index).withEntry(nowMillis);
            if (index < 0) {
                history.add(updated);
            } else {
                history.set(index, updated);
            }
            String start = journey.definition().startStep();
            JourneyInstance instance = new JourneyInstance(journey.id(), journey.version(), updated.entries(), start,
                    nowMillis, nowMillis, JourneyInstance.NOT_DUE, 0, 0L);
            instances.add(instance);
            changed = true;
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
                last = step.id();
                visits++;
                if (step instanceof Step.Send send) {
                    Optional<QuietHours> quiet = catalog.quietHoursOf(journey.definition());
                    if (quiet.isPresent() && quiet.get().contains(now, contact.zone())) {
                        Instant end = quiet.get().endAfter(now, contact.zone());
                        if (!end.isAfter(now.plus(quiet.get().maxDeferral()))) {
                            hold(instance, send.id(), end, visits);
                            if (observed) {
                                observe(instance, send.id(), visits, "held by " + quiet.get() + " until " + end);
                            }
                            events.add(new JourneyEvent.SendDeferred(ref(instance), send.id(), quiet.get().toString(),
                                    end, now));
                            return;
                        }
                        if (observed) {
                            observe(instance, send.id(), visits, "skipped '" + send.message() + "': " + quiet.get()
                                    + " would hold it until " + end + ", longer than " + quiet.get().maxDeferral());
                        }
                        events.add(new JourneyEvent.MessageSkipped(ref(instance), send.id(), SkipReason.QUIET_HOURS, now));
                    } else {
                        send(instance, journey, send, visits);
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
                        if (Conditions.test(c.when(), contact, null, journey, instance.facts())) {
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
                    int total = split.paths().stream().mapToInt(Step.SplitPath::weight).sum();
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
                    record(new ActionRequest(key(instance, action.id(), visits), action.action(), action.parameters(), now));
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

        private void send(JourneyInstance instance, CompiledJourney journey, Step.Send send, int visit) {
            String message = send.message();
            for (ContentVariant variant : send.variants()) {
                if (Conditions.test(variant.when(), contact, null, journey, instance.facts())) {
                    message = variant.message();
                    break;
                }
            }
            String channel = send.channel().channelFor(contact);
            if (!contact.hasConsented(channel)) {
                if (observed) {
                    observe(instance, send.id(), visit, "skipped '" + message + "': no consent on " + channel);
                }
                events.add(new JourneyEvent.MessageSkipped(ref(instance), send.id(), SkipReason.NO_CONSENT, now));
                return;
            }
            Optional<FrequencyCap> cap = reachedCap(journey, channel, send.category());
            if (cap.isPresent()) {
                if (observed) {
                    observe(instance, send.id(), visit, "skipped '" + message + "': cap reached, " + cap.get());
                }
                events.add(new JourneyEvent.MessageSkipped(ref(instance), send.id(), SkipReason.CAPPED, now));
                return;
            }
            record(new OutgoingMessage(key(instance, send.id(), visit), channel, message, now));
            if (catalog.longestCapWindowMillis() > 0) {
                sendLog.add(new SentRecord(nowMillis, journey.id(), channel, send.category()));
            }
            if (observed) {
                observe(instance, send.id(), visit, "sends '" + message + "' on " + channel);
            }
        }

        /** Returns the first cap, engine-wide then the journey's own, that this send would exceed. */
        private Optional<FrequencyCap> reachedCap(CompiledJourney journey, String channel, MessageCategory category) {
            for (FrequencyCap cap : catalog.engineCaps()) {
                if (cap.counts(channel, category) && sentWithin(cap, null) >= cap.maxSends()) {
                    return Optional.of(cap);
                }
            }
            for (FrequencyCap cap : journey.definition().caps()) {
                if (cap.counts(channel, category) && sentWithin(cap, journey.id()) >= cap.maxSends()) {
                    return Optional.of(cap);
                }
            }
            return Optional.empty();
        }

        /** Counts the logged sends a cap sees in its window (now - window, now], of one journey or all. */
        private int sentWithin(FrequencyCap cap, String journeyId) {
            long from = nowMillis - cap.window().toMillis();
            int count = 0;
            for (SentRecord sent : sendLog) {
                if (sent.atMillis() > from && cap.counts(sent.channel(), sent.category())
                        && (journeyId == null || journeyId.equals(sent.journeyId()))) {
                    count++;
                }
            }
            return count;
        }

        private void record(Effect effect) {
            effects.add(effect);
            outbox.add(OutboxEntry.of(effect));
            changed = true;
        }

        private void hold(JourneyInstance instance, String stepId, Instant until, int visits) {
            replace(instance, instance.withWait(stepId, nowMillis, until.toEpochMilli(), visits));
        }

        private void exit(JourneyInstance instance, String stepId, ExitCause cause, String detail) {
            int index = indexOf(instance);
            instances.remove(index);
            int h = indexOfHistory(instance.journeyId());
            history.set(h, history.get(h).withExit(nowMillis));
            changed = true;
            events.add(new JourneyEvent.Exited(ref(instance), stepId, cause, detail, now));
            if (!cause.isCompletion() && !outbox.isEmpty()) {
                // Only effects decided by earlier evaluations: this run's own sends were decided before the stop.
                cancelOutbox(entry -> before.outbox().contains(entry) && isOf(entry.effect().key(), instance),
                        "instance #" + instance.number() + " of '"
                        + instance.journeyId() + "' was stopped: " + cause + " (" + detail + ")");
            }
        }

        private static boolean isOf(IdempotencyKey key, JourneyInstance instance) {
            return instance.is(key.journeyId(), key.version(), key.instance());
        }

        private JourneyInstance replace(JourneyInstance old, JourneyInstance updated) {
            if (old != updated) {
                instances.set(indexOf(old), updated);
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
