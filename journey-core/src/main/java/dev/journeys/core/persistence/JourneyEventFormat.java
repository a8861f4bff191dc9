package dev.journeys.core.persistence;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Consent;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Effect;
import dev.journeys.core.ExitCause;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SkipReason;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.event.JourneyEvent.ActionCompleted;
import dev.journeys.core.event.JourneyEvent.ConsentChanged;
import dev.journeys.core.event.JourneyEvent.DispatchFailed;
import dev.journeys.core.event.JourneyEvent.EffectCancelled;
import dev.journeys.core.event.JourneyEvent.Entered;
import dev.journeys.core.event.JourneyEvent.EntryDeclined;
import dev.journeys.core.event.JourneyEvent.EntryQueued;
import dev.journeys.core.event.JourneyEvent.Exited;
import dev.journeys.core.event.JourneyEvent.GoalReached;
import dev.journeys.core.event.JourneyEvent.InstanceParked;
import dev.journeys.core.event.JourneyEvent.InstanceRetried;
import dev.journeys.core.event.JourneyEvent.InteractionBeforeSend;
import dev.journeys.core.event.JourneyEvent.MessageSent;
import dev.journeys.core.event.JourneyEvent.MessageSkipped;
import dev.journeys.core.event.JourneyEvent.Migrated;
import dev.journeys.core.event.JourneyEvent.PauseChanged;
import dev.journeys.core.event.JourneyEvent.SendDeferred;
import dev.journeys.core.event.JourneyEvent.StepReached;

/**
 * The bytes of each kind of {@link JourneyEvent} after {@link JourneyEventCodec}'s format version:
 * a fixed tag for the kind (not an ordinal), then the record's components in declaration order.
 * The tags and the codes of the reasons and causes are the ones {@link JourneyEventCodec} lists;
 * once written they never change meaning.
 *
 * <p>Java 17 has no pattern switch, so {@link #write} dispatches with {@code instanceof} and ends
 * in an {@link AssertionError}; {@code JourneyEventCodecTest} fails for a kind without a tag.
 *
 * <p>Static methods only.
 */
final class JourneyEventFormat {

    static final int ENTERED = 1;
    static final int ENTRY_QUEUED = 2;
    static final int ENTRY_DECLINED = 3;
    static final int CONSENT_CHANGED = 4;
    static final int STEP_REACHED = 5;
    static final int MESSAGE_SENT = 6;
    static final int MESSAGE_SKIPPED = 7;
    static final int SEND_DEFERRED = 8;
    static final int MIGRATED = 9;
    static final int PAUSE_CHANGED = 10;
    static final int ACTION_COMPLETED = 11;
    static final int DISPATCH_FAILED = 12;
    static final int EFFECT_CANCELLED = 13;
    static final int GOAL_REACHED = 14;
    static final int EXITED = 15;
    static final int INSTANCE_PARKED = 16;
    static final int INSTANCE_RETRIED = 17;
    static final int INTERACTION_BEFORE_SEND = 18;

    private JourneyEventFormat() {
    }

    static void write(StateWriter out, JourneyEvent event) {
        if (event instanceof Entered e) {
            out.writeByte(ENTERED);
            writeInstance(out, e.instance());
            out.writeString(e.cause());
        } else if (event instanceof EntryQueued e) {
            out.writeByte(ENTRY_QUEUED);
            writeInstance(out, e.instance());
            ValueFormat.writeInstant(out, e.admitAt());
        } else if (event instanceof EntryDeclined e) {
            out.writeByte(ENTRY_DECLINED);
            out.writeString(e.contactId());
            out.writeString(e.journeyId());
            out.writeByte(declineCode(e.reason()));
            out.writeString(e.detail());
        } else if (event instanceof ConsentChanged e) {
            out.writeByte(CONSENT_CHANGED);
            out.writeString(e.contactId());
            out.writeString(e.consent().channel());
            ValueFormat.writeOptional(out, e.consent().purpose());
            out.writeBoolean(e.withdrawn());
            out.writeString(e.cause());
        } else if (event instanceof StepReached e) {
            out.writeByte(STEP_REACHED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeInt(e.visit());
            out.writeString(e.outcome());
        } else if (event instanceof MessageSent e) {
            out.writeByte(MESSAGE_SENT);
            ValueFormat.writeEffect(out, e.message());
        } else if (event instanceof MessageSkipped e) {
            out.writeByte(MESSAGE_SKIPPED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeByte(skipCode(e.reason()));
        } else if (event instanceof SendDeferred e) {
            out.writeByte(SEND_DEFERRED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeString(e.reason());
            ValueFormat.writeInstant(out, e.until());
        } else if (event instanceof Migrated e) {
            out.writeByte(MIGRATED);
            writeInstance(out, e.instance());
            out.writeInt(e.fromVersion());
            out.writeString(e.fromStep());
            out.writeString(e.stepId());
        } else if (event instanceof PauseChanged e) {
            out.writeByte(PAUSE_CHANGED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeBoolean(e.paused());
            out.writeString(e.trigger());
        } else if (event instanceof ActionCompleted e) {
            out.writeByte(ACTION_COMPLETED);
            ValueFormat.writeEffect(out, e.request());
        } else if (event instanceof DispatchFailed e) {
            out.writeByte(DISPATCH_FAILED);
            ValueFormat.writeEffect(out, e.effect());
            out.writeInt(e.attempt());
            out.writeString(e.reason());
            out.writeBoolean(e.willRetry());
        } else if (event instanceof EffectCancelled e) {
            out.writeByte(EFFECT_CANCELLED);
            ValueFormat.writeEffect(out, e.effect());
            out.writeString(e.reason());
            out.writeBoolean(e.callUnderWay());
        } else if (event instanceof GoalReached e) {
            out.writeByte(GOAL_REACHED);
            writeInstance(out, e.instance());
            out.writeString(e.goal());
        } else if (event instanceof Exited e) {
            out.writeByte(EXITED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeByte(exitCode(e.cause()));
            out.writeString(e.detail());
        } else if (event instanceof InstanceParked e) {
            out.writeByte(INSTANCE_PARKED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeString(e.reason());
        } else if (event instanceof InstanceRetried e) {
            out.writeByte(INSTANCE_RETRIED);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
        } else if (event instanceof InteractionBeforeSend e) {
            out.writeByte(INTERACTION_BEFORE_SEND);
            writeInstance(out, e.instance());
            out.writeString(e.stepId());
            out.writeString(e.eventId());
            ValueFormat.writeInstant(out, e.occurredAt());
            ValueFormat.writeInstant(out, e.sentAt());
        } else {
            throw new AssertionError(event); // a new kind of event needs a tag above and in read
        }
        ValueFormat.writeInstant(out, event.at());
    }

    static JourneyEvent read(StateReader in) {
        int at = in.position();
        int tag = in.readByte();
        return switch (tag) { // arguments are read left to right, in the order write wrote them
            case ENTERED -> new Entered(readInstance(in), in.readString(), ValueFormat.readInstant(in));
            case ENTRY_QUEUED -> new EntryQueued(readInstance(in), ValueFormat.readInstant(in),
                    ValueFormat.readInstant(in));
            case ENTRY_DECLINED -> new EntryDeclined(in.readString(), in.readString(), readDeclineReason(in),
                    in.readString(), ValueFormat.readInstant(in));
            case CONSENT_CHANGED -> new ConsentChanged(in.readString(),
                    new Consent(in.readString(), ValueFormat.readOptional(in)), in.readBoolean(), in.readString(),
                    ValueFormat.readInstant(in));
            case STEP_REACHED -> new StepReached(readInstance(in), in.readString(), in.readInt(), in.readString(),
                    ValueFormat.readInstant(in));
            case MESSAGE_SENT -> new MessageSent(readEffect(in, OutgoingMessage.class), ValueFormat.readInstant(in));
            case MESSAGE_SKIPPED -> new MessageSkipped(readInstance(in), in.readString(), readSkipReason(in),
                    ValueFormat.readInstant(in));
            case SEND_DEFERRED -> new SendDeferred(readInstance(in), in.readString(), in.readString(),
                    ValueFormat.readInstant(in), ValueFormat.readInstant(in));
            case MIGRATED -> new Migrated(readInstance(in), in.readInt(), in.readString(), in.readString(),
                    ValueFormat.readInstant(in));
            case PAUSE_CHANGED -> new PauseChanged(readInstance(in), in.readString(), in.readBoolean(),
                    in.readString(), ValueFormat.readInstant(in));
            case ACTION_COMPLETED -> new ActionCompleted(readEffect(in, ActionRequest.class),
                    ValueFormat.readInstant(in));
            case DISPATCH_FAILED -> new DispatchFailed(ValueFormat.readEffect(in), in.readInt(), in.readString(),
                    in.readBoolean(), ValueFormat.readInstant(in));
            case EFFECT_CANCELLED -> new EffectCancelled(ValueFormat.readEffect(in), in.readString(),
                    in.readBoolean(), ValueFormat.readInstant(in));
            case GOAL_REACHED -> new GoalReached(readInstance(in), in.readString(), ValueFormat.readInstant(in));
            case EXITED -> new Exited(readInstance(in), in.readString(), readExitCause(in), in.readString(),
                    ValueFormat.readInstant(in));
            case INSTANCE_PARKED -> new InstanceParked(readInstance(in), in.readString(), in.readString(),
                    ValueFormat.readInstant(in));
            case INSTANCE_RETRIED -> new InstanceRetried(readInstance(in), in.readString(),
                    ValueFormat.readInstant(in));
            case INTERACTION_BEFORE_SEND -> new InteractionBeforeSend(readInstance(in), in.readString(),
                    in.readString(), ValueFormat.readInstant(in), ValueFormat.readInstant(in),
                    ValueFormat.readInstant(in));
            default -> throw in.problem("unknown journey event kind " + tag + " at byte " + at);
        };
    }

    private static void writeInstance(StateWriter out, InstanceRef instance) {
        out.writeString(instance.contactId());
        out.writeString(instance.journeyId());
        out.writeInt(instance.version());
        out.writeInt(instance.instance());
    }

    private static InstanceRef readInstance(StateReader in) {
        return new InstanceRef(in.readString(), in.readString(), in.readInt(), in.readInt());
    }

    private static <E extends Effect> E readEffect(StateReader in, Class<E> kind) {
        int at = in.position();
        Effect effect = ValueFormat.readEffect(in);
        if (!kind.isInstance(effect)) {
            throw in.problem("expected " + (kind == OutgoingMessage.class ? "a message" : "an action request")
                    + " at byte " + at + ", found " + effect.getClass().getSimpleName());
        }
        return kind.cast(effect);
    }

    // Fixed codes, not ordinals: reordering or extending an enum must not change what written bytes mean.

    private static int declineCode(DeclineReason reason) {
        return switch (reason) {
            case REENTRY_RULE -> 1;
            case EXCLUDED -> 2;
            case RATE_LIMITED -> 3;
            case NOT_LIVE -> 4;
            case EVALUATION_FAILED -> 5;
        };
    }

    private static DeclineReason readDeclineReason(StateReader in) {
        int at = in.position();
        int code = in.readByte();
        return switch (code) {
            case 1 -> DeclineReason.REENTRY_RULE;
            case 2 -> DeclineReason.EXCLUDED;
            case 3 -> DeclineReason.RATE_LIMITED;
            case 4 -> DeclineReason.NOT_LIVE;
            case 5 -> DeclineReason.EVALUATION_FAILED;
            default -> throw in.problem("unknown decline reason " + code + " at byte " + at);
        };
    }

    private static int skipCode(SkipReason reason) {
        return switch (reason) {
            case NO_CONSENT -> 1;
            case CAPPED -> 2;
            case QUIET_HOURS -> 3;
            case SUPPRESSED -> 4;
        };
    }

    private static SkipReason readSkipReason(StateReader in) {
        int at = in.position();
        int code = in.readByte();
        return switch (code) {
            case 1 -> SkipReason.NO_CONSENT;
            case 2 -> SkipReason.CAPPED;
            case 3 -> SkipReason.QUIET_HOURS;
            case 4 -> SkipReason.SUPPRESSED;
            default -> throw in.problem("unknown skip reason " + code + " at byte " + at);
        };
    }

    private static int exitCode(ExitCause cause) {
        return switch (cause) {
            case COMPLETED -> 1;
            case EXIT_STEP -> 2;
            case EXIT_TRIGGER -> 3;
            case GOAL -> 4;
            case WAIT_PASSED -> 5;
            case CONTACT_UNKNOWN -> 6;
            case LOOP_WITHOUT_WAIT -> 7;
            case UNSUBSCRIBED -> 8;
            case EXCLUDED -> 9;
            case CAP_REACHED -> 10;
            case JOURNEY_STOPPED -> 11;
            case ENDED_BY_HOST -> 12;
        };
    }

    private static ExitCause readExitCause(StateReader in) {
        int at = in.position();
        int code = in.readByte();
        return switch (code) {
            case 1 -> ExitCause.COMPLETED;
            case 2 -> ExitCause.EXIT_STEP;
            case 3 -> ExitCause.EXIT_TRIGGER;
            case 4 -> ExitCause.GOAL;
            case 5 -> ExitCause.WAIT_PASSED;
            case 6 -> ExitCause.CONTACT_UNKNOWN;
            case 7 -> ExitCause.LOOP_WITHOUT_WAIT;
            case 8 -> ExitCause.UNSUBSCRIBED;
            case 9 -> ExitCause.EXCLUDED;
            case 10 -> ExitCause.CAP_REACHED;
            case 11 -> ExitCause.JOURNEY_STOPPED;
            case 12 -> ExitCause.ENDED_BY_HOST;
            default -> throw in.problem("unknown exit cause " + code + " at byte " + at);
        };
    }
}
