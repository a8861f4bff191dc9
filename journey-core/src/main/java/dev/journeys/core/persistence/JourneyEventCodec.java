package dev.journeys.core.persistence;

import dev.journeys.core.event.JourneyEvent;

import java.util.Objects;

/**
 * Turns a {@link JourneyEvent} (what a listener observes) into bytes and back: for a host that
 * passes journey events on, for example as a side output of a stream processing job, so that what
 * reads them downstream gets the same events as the engine's listeners.
 *
 * <pre>{@code
 * byte[] bytes = JourneyEventCodec.encode(event);
 * JourneyEvent same = JourneyEventCodec.decode(event.contactId(), bytes); // equals event
 * }</pre>
 *
 * <p>The bytes start with the format version ({@value #FORMAT_VERSION}), then a tag for the kind of
 * event, then the record's components in declaration order, then when it happened. An
 * {@link dev.journeys.core.event.InstanceRef} is its contact's id, the journey's id, the version
 * and the instance number; effects, instants and optional texts are written as
 * {@link EffectCodec} (after its format version) and {@link ContactStateCodec} write them; a
 * consent is its channel and its optional purpose.
 *
 * <p>The tags are fixed numbers, not ordinals: 1 {@code Entered}, 2 {@code EntryQueued},
 * 3 {@code EntryDeclined}, 4 {@code ConsentChanged}, 5 {@code StepReached}, 6 {@code MessageSent},
 * 7 {@code MessageSkipped}, 8 {@code SendDeferred}, 9 {@code Migrated}, 10 {@code PauseChanged},
 * 11 {@code ActionCompleted}, 12 {@code DispatchFailed}, 13 {@code EffectCancelled},
 * 14 {@code GoalReached}, 15 {@code Exited}, 16 {@code InstanceParked}, 17 {@code InstanceRetried},
 * 18 {@code InteractionBeforeSend}. So are the codes of the enums, one byte each (not their names,
 * not ordinals): {@link dev.journeys.core.DeclineReason} 1 {@code REENTRY_RULE}, 2 {@code EXCLUDED},
 * 3 {@code RATE_LIMITED}, 4 {@code NOT_LIVE}, 5 {@code EVALUATION_FAILED};
 * {@link dev.journeys.core.SkipReason} 1 {@code NO_CONSENT}, 2 {@code CAPPED},
 * 3 {@code QUIET_HOURS}, 4 {@code SUPPRESSED}; {@link dev.journeys.core.ExitCause} 1 {@code COMPLETED},
 * 2 {@code EXIT_STEP}, 3 {@code EXIT_TRIGGER}, 4 {@code GOAL}, 5 {@code WAIT_PASSED},
 * 6 {@code CONTACT_UNKNOWN}, 7 {@code LOOP_WITHOUT_WAIT}, 8 {@code UNSUBSCRIBED}, 9 {@code EXCLUDED},
 * 10 {@code CAP_REACHED}, 11 {@code JOURNEY_STOPPED}, 12 {@code ENDED_BY_HOST}. Renaming or
 * reordering a constant does not change the bytes; a new kind or constant gets the next number.
 *
 * <p>Bytes that cannot be read (cut short, an unknown tag or code, bytes left over, a value the
 * event refuses) or that hold another contact's event raise an {@link UnreadableStateException}
 * naming the contact and the byte.
 *
 * <p>Static methods only; thread-safe.
 */
public final class JourneyEventCodec {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private JourneyEventCodec() {
    }

    /**
     * Encodes a journey event.
     *
     * @param event the event, of any kind
     * @return its bytes, starting with {@link #FORMAT_VERSION}
     * @throws IllegalArgumentException if an attribute of an effect in it nests lists deeper than
     *     the format keeps
     */
    public static byte[] encode(JourneyEvent event) {
        Objects.requireNonNull(event, "event");
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        JourneyEventFormat.write(out, event);
        return out.toByteArray();
    }

    /**
     * Decodes a journey event.
     *
     * @param contactId the contact the bytes are about, named in errors and checked against the
     *     event's {@linkplain JourneyEvent#contactId() contact}
     * @param bytes what {@link #encode} returned
     * @return the event, equal to the one encoded
     * @throws UnreadableStateException if the bytes cannot be read or hold another contact's event
     */
    public static JourneyEvent decode(String contactId, byte[] bytes) {
        return Decoding.decode(contactId, bytes, FORMAT_VERSION, FORMAT_VERSION, (in, format) -> {
            JourneyEvent event = JourneyEventFormat.read(in);
            if (!event.contactId().equals(contactId)) {
                throw in.problem("the bytes hold an event of contact '" + event.contactId() + "'");
            }
            return event;
        });
    }
}
