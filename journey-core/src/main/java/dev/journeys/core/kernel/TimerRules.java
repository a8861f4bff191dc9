package dev.journeys.core.kernel;

import dev.journeys.core.ContactState;
import dev.journeys.core.ExitCause;
import dev.journeys.core.Incident;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.Step;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the instances whose timers came due (a wait that ends, a wait for an event that times out,
 * a held send tried again, a queued instance at its entry slot), and follows the journeys'
 * lifecycle: holds what comes due while its journey is paused, lets it go on once the journey
 * is no longer paused, ends the instances and outbox entries of stopped journeys. Part of the
 * kernel; package-private.
 *
 * <p>Not thread-safe: one evaluation, on one thread.
 */
abstract class TimerRules extends EntryRules {

    TimerRules(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed, EntryGate gate) {
        super(catalog, state, subject, observed, gate);
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
}
