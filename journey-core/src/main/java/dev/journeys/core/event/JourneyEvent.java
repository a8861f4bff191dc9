package dev.journeys.core.event;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Consent;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Effect;
import dev.journeys.core.ExitCause;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SkipReason;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link dev.journeys.core.spi.JourneyListener} observes: a contact entered, reached a
 * step, was sent a message or skipped one, reached a goal, left. Every event says when it
 * happened on the engine's clock.
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface JourneyEvent {

    /** Returns the contact the event is about. */
    String contactId();

    /** Returns when it happened, on the engine's clock. */
    Instant at();

    /** An event about one journey instance; its contact is the instance's. */
    sealed interface InstanceEvent extends JourneyEvent
            permits Entered, EntryQueued, StepReached, MessageSkipped, SendDeferred, PauseChanged, GoalReached, Exited,
            Migrated, InstanceParked, InstanceRetried, InteractionBeforeSend {

        /** Returns the instance the event is about. */
        InstanceRef instance();

        @Override
        default String contactId() {
            return instance().contactId();
        }
    }

    /**
     * A contact entered a journey.
     *
     * @param instance the new instance
     * @param cause the id of the event that triggered the entry, or {@code "enrolment"}
     * @param at when
     */
    record Entered(InstanceRef instance, String cause, Instant at) implements InstanceEvent {
        /** Checks the components. */
        public Entered {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A contact over the journey's {@link dev.journeys.core.EntryRateLimit} was queued: the
     * instance exists but runs no step until it is admitted ({@link Entered}) at its turn.
     *
     * @param instance the queued instance
     * @param admitAt when it will be admitted
     * @param at when it arrived
     */
    record EntryQueued(InstanceRef instance, Instant admitAt, Instant at) implements InstanceEvent {
        /** Checks the components. */
        public EntryQueued {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(admitAt, "admitAt");
            Objects.requireNonNull(at, "at");
        }

        /** Returns how long the contact waits to be admitted. */
        public Duration waits() {
            return Duration.between(at, admitAt);
        }
    }

    /**
     * A contact was not let into a journey.
     *
     * @param contactId the contact
     * @param journeyId the journey
     * @param reason which rule refused it
     * @param detail why, in words
     * @param at when
     */
    record EntryDeclined(String contactId, String journeyId, DeclineReason reason, String detail, Instant at)
            implements JourneyEvent {
        /** Checks the components. */
        public EntryDeclined {
            Objects.requireNonNull(contactId, "contactId");
            Objects.requireNonNull(journeyId, "journeyId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The engine recorded that a contact withdrew a consent (an unsubscribe) or gave it again.
     * Hosts that keep consent in their own records listen for this to update them.
     *
     * @param contactId the contact
     * @param consent the consent withdrawn or given
     * @param withdrawn whether it was withdrawn (else given again)
     * @param cause the id of the event that said so
     * @param at when
     */
    record ConsentChanged(String contactId, Consent consent, boolean withdrawn, String cause, Instant at)
            implements JourneyEvent {
        /** Checks the components. */
        public ConsentChanged {
            Objects.requireNonNull(contactId, "contactId");
            Objects.requireNonNull(consent, "consent");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A contact reached a step.
     *
     * @param instance the instance
     * @param stepId the step
     * @param visit the step's visit number in the instance
     * @param outcome what the step decided, in words ("took case 1: clicked ...", "waits until ...")
     * @param at when
     */
    record StepReached(InstanceRef instance, String stepId, int visit, String outcome, Instant at)
            implements InstanceEvent {
        /** Checks the components. */
        public StepReached {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A channel accepted a message.
     *
     * @param message the message
     * @param at when
     */
    record MessageSent(OutgoingMessage message, Instant at) implements JourneyEvent {
        /** Checks the components. */
        public MessageSent {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String contactId() {
            return message.contactId();
        }
    }

    /**
     * A send was skipped and the contact went on without it.
     *
     * @param instance the instance
     * @param stepId the send step
     * @param reason why
     * @param at when
     */
    record MessageSkipped(InstanceRef instance, String stepId, SkipReason reason, Instant at)
            implements InstanceEvent {
        /** Checks the components. */
        public MessageSkipped {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A send was held back, and the contact waits at the send step until it goes out.
     *
     * @param instance the instance
     * @param stepId the send step
     * @param reason why, in words (the quiet hours)
     * @param until when the send will be tried again
     * @param at when
     */
    record SendDeferred(InstanceRef instance, String stepId, String reason, Instant until, Instant at)
            implements InstanceEvent {
        /** Checks the components. */
        public SendDeferred {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An instance was moved to a newer version of its journey by a migration
     * ({@code JourneyEngine.publish(journey, migration)}): it waits at the mapped step of the new
     * version, with the same timer.
     *
     * @param instance the instance, as it is now (the new version)
     * @param fromVersion the version it was on
     * @param fromStep the step it waited at there
     * @param stepId the step it waits at now
     * @param at when
     */
    record Migrated(InstanceRef instance, int fromVersion, String fromStep, String stepId, Instant at)
            implements InstanceEvent {
        /** Checks the components. */
        public Migrated {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(fromStep, "fromStep");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An instance was paused or resumed by one of the journey's pausing triggers, or held at a
     * step whose wait ended while the whole journey was paused and let go when it was resumed.
     *
     * @param instance the instance
     * @param stepId the step the contact waits at
     * @param paused true when paused or held, false when resumed or let go
     * @param trigger what did it, in words: the trigger that fired, or the journey's pause
     * @param at when
     */
    record PauseChanged(InstanceRef instance, String stepId, boolean paused, String trigger, Instant at)
            implements InstanceEvent {
        /** Checks the components. */
        public PauseChanged {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A host action ran.
     *
     * @param request the request the handler took
     * @param at when
     */
    record ActionCompleted(ActionRequest request, Instant at) implements JourneyEvent {
        /** Checks the components. */
        public ActionCompleted {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String contactId() {
            return request.contactId();
        }
    }

    /**
     * A channel or action handler failed to take an effect.
     *
     * @param effect the effect
     * @param attempt which attempt failed, from 1
     * @param reason the failure, in words
     * @param willRetry whether the engine will try again; if not, the effect is dropped
     * @param at when
     */
    record DispatchFailed(Effect effect, int attempt, String reason, boolean willRetry, Instant at)
            implements JourneyEvent {
        /** Checks the components. */
        public DispatchFailed {
            Objects.requireNonNull(effect, "effect");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String contactId() {
            return effect.key().contactId();
        }
    }

    /**
     * An effect that was decided but not yet dispatched will never be: the instance that decided
     * it was stopped (an exit trigger, the contact left the directory), or consent was revoked
     * before a send went out. If another engine sharing the store was calling the provider for it
     * at that moment ({@code callUnderWay}), that call cannot be taken back and may still deliver.
     *
     * @param effect the effect
     * @param reason why, in words
     * @param callUnderWay whether an engine had saved that it was calling the provider for it, and
     *     its hold had not run out
     * @param at when
     */
    record EffectCancelled(Effect effect, String reason, boolean callUnderWay, Instant at) implements JourneyEvent {
        /** Checks the components. */
        public EffectCancelled {
            Objects.requireNonNull(effect, "effect");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }

        /**
         * An effect cancelled while no provider call for it was under way.
         *
         * @param effect the effect
         * @param reason why, in words
         * @param at when
         */
        public EffectCancelled(Effect effect, String reason, Instant at) {
            this(effect, reason, false, at);
        }

        @Override
        public String contactId() {
            return effect.key().contactId();
        }
    }

    /**
     * A contact reached a goal.
     *
     * @param instance the instance
     * @param goal the goal's name
     * @param at when
     */
    record GoalReached(InstanceRef instance, String goal, Instant at) implements InstanceEvent {
        /** Checks the components. */
        public GoalReached {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(goal, "goal");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A contact left a journey instance.
     *
     * @param instance the instance
     * @param stepId the step the contact was at
     * @param cause why
     * @param detail more about why, in words (the exit step's reason, the trigger that fired)
     * @param at when
     */
    record Exited(InstanceRef instance, String stepId, ExitCause cause, String detail, Instant at)
            implements InstanceEvent {
        /** Checks the components. */
        public Exited {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A journey instance was parked: its evaluation failed, what that journey's part of the
     * evaluation did was undone, and it takes no step until the host retries it
     * ({@link dev.journeys.core.engine.JourneyEngine#retryParked}) or ends it
     * ({@link dev.journeys.core.engine.JourneyEngine#endParked}). The contact's other journeys went on.
     *
     * @param instance the instance
     * @param stepId the step it is parked at (its start step if it failed as it entered)
     * @param reason what failed (see {@link dev.journeys.core.Incident#reason()})
     * @param at when
     */
    record InstanceParked(InstanceRef instance, String stepId, String reason, Instant at) implements InstanceEvent {
        /** Checks the components. */
        public InstanceParked {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The host retried a parked instance: it runs on from the step it was parked at.
     *
     * @param instance the instance
     * @param stepId the step it was parked at
     * @param at when
     */
    record InstanceRetried(InstanceRef instance, String stepId, Instant at) implements InstanceEvent {
        /** Checks the components. */
        public InstanceRetried {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * An interaction (an open, a click...) with a message was dated before the message was sent,
     * so it was not counted as an interaction with that send: it set no fact about the send
     * (a branch on {@code clicked} takes its other path) and ended no wait for one. The event did
     * whatever else an event does (exit triggers, goals, entries, an unsubscribe).
     *
     * @param instance the instance that sent the message
     * @param stepId the send step the interaction is about
     * @param eventId the interaction event's id
     * @param occurredAt when the event says it happened
     * @param sentAt the earliest the message can have been sent: when it was decided, and not
     *     before the instance began
     * @param at when the engine worked on the event
     */
    record InteractionBeforeSend(InstanceRef instance, String stepId, String eventId, Instant occurredAt,
                                 Instant sentAt, Instant at) implements InstanceEvent {
        /** Checks the components. */
        public InteractionBeforeSend {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(at, "at");
        }
    }
}
