package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.ContactState;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.Incident;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies an event to the contact: the consent it withdraws or gives, then for each instance the
 * facts it sets, the exit triggers, goal, pause and resume it fires and the wait it ends, then
 * the journeys it enters the contact into. An interaction dated before the send it is about is
 * reported and is no interaction with that send. Part of the kernel; package-private.
 *
 * <p>Not thread-safe: one evaluation, on one thread.
 */
abstract class EventRules extends TimerRules {

    EventRules(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed, EntryGate gate) {
        super(catalog, state, subject, observed, gate);
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
}
