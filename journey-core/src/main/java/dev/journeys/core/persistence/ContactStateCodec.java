package dev.journeys.core.persistence;

import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.Incident;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.SentRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a {@link ContactState} into bytes and back, for the {@code state} column of
 * {@link PostgresJourneyStore}.
 *
 * <pre>{@code
 * byte[] bytes = ContactStateCodec.encode(state);
 * ContactState same = ContactStateCodec.decode(state.contactId(), bytes); // equals state
 * }</pre>
 *
 * <p>The bytes start with the format version ({@value #FORMAT_VERSION}), then hold every
 * component of the state in the order of the record, each list as its length and its elements,
 * each {@link Attributes} value with a tag for its type, each effect with a tag for its kind (a
 * message that quiet hours or a cap held before it was decided has a kind of its own, which adds
 * when its contact reached the send step; a release before that kind existed cannot read it), each
 * instance's {@linkplain JourneyInstance.Timer timer} and each outbox entry's
 * {@linkplain OutboxEntry.Hold hold} as a fixed code (not an ordinal) followed by its time. The
 * formats of earlier releases are read too: version 2, whose instances and outbox entries marked
 * "no timer", "held" and "not paused" with reserved numbers and kept a parked instance's timer in
 * its incident, and version 1, written before instances could be parked. Decoding rebuilds the
 * state with its
 * canonical constructor, so {@code decode(encode(s)).equals(s)} for every state. Bytes that are
 * cut short, hold garbage or start with an unknown format version raise an
 * {@link UnreadableStateException} naming the contact and the problem; nothing else is thrown.
 *
 * <p>Immutable and thread-safe: static methods only.
 */
public final class ContactStateCodec {

    /** The format version this class writes; it reads this one, {@link #FORMAT_VERSION_2} and {@link #FORMAT_VERSION_1}. */
    public static final int FORMAT_VERSION = 3;

    /**
     * The format version written before timers, holds and history times were typed: reserved
     * numbers in place of times ({@link #LEGACY_NO_TIME}, {@link #LEGACY_HELD},
     * {@link #LEGACY_NOT_PAUSED}, {@link #LEGACY_NEVER}).
     */
    static final int FORMAT_VERSION_2 = 2;

    /** The format version written before instances could be parked: an instance ends with its entry data. */
    static final int FORMAT_VERSION_1 = 1;

    /** In formats 1 and 2, the time of an instance no timer ends, or of an outbox entry its instance's pause holds. */
    private static final long LEGACY_NO_TIME = Long.MAX_VALUE;
    /** In formats 1 and 2, the time of an instance or outbox entry held until its journey resumes. */
    private static final long LEGACY_HELD = Long.MAX_VALUE - 1;
    /** In formats 1 and 2, the time of a history record's last exit or enrolment occurrence where there was none. */
    private static final long LEGACY_NEVER = Long.MIN_VALUE;
    /** In formats 1 and 2, the remaining time of an instance that is not paused. */
    private static final long LEGACY_NOT_PAUSED = -1;

    /** The bit of an outbox entry's attempt count that marks a provider call under way. */
    private static final int CALLING = Integer.MIN_VALUE;

    private ContactStateCodec() {
    }

    /**
     * Encodes a state.
     *
     * @param state the state
     * @return its bytes, starting with {@link #FORMAT_VERSION}
     * @throws IllegalArgumentException if an attribute value nests lists deeper than 32
     */
    public static byte[] encode(ContactState state) {
        Objects.requireNonNull(state, "state");
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        out.writeString(state.contactId());
        out.writeLong(state.version());
        out.writeInt(state.instances().size());
        for (JourneyInstance instance : state.instances()) {
            writeInstance(out, instance);
        }
        List<JourneyHistory> history = state.history();
        out.writeInt(history.size());
        for (JourneyHistory record : history) {
            out.writeString(record.journeyId());
            out.writeInt(record.entries());
            out.writeLong(record.lastEnteredAtMillis());
            writeOptionalMillis(out, record.lastExitedAtMillis());
            writeOptionalMillis(out, record.lastOccurrenceMillis());
        }
        out.writeInt(state.outbox().size());
        for (OutboxEntry entry : state.outbox()) {
            ValueFormat.writeEffect(out, entry.effect());
            // The sign bit of the attempts, never negative, says an engine is calling the provider for it.
            out.writeInt(entry.calling() ? entry.attempts() | CALLING : entry.attempts());
            out.writeByte(holdCode(entry.hold()));
            out.writeLong(entry.nextAttemptAtMillis());
            ValueFormat.writeOptional(out, entry.lastFailure());
        }
        out.writeInt(state.sendLog().size());
        for (SentRecord sent : state.sendLog()) {
            out.writeLong(sent.atMillis());
            out.writeString(sent.journeyId());
            out.writeString(sent.channel());
            out.writeByte(ValueFormat.categoryCode(sent.category()));
        }
        out.writeInt(state.withdrawnConsents().size());
        for (Consent consent : state.withdrawnConsents()) {
            out.writeString(consent.channel());
            ValueFormat.writeOptional(out, consent.purpose());
        }
        return out.toByteArray();
    }

    /**
     * Decodes a state.
     *
     * @param contactId the contact the bytes are stored for, named in errors and checked against
     *     the contact id in the bytes
     * @param bytes what {@link #encode} returned
     * @return the state
     * @throws UnreadableStateException if the bytes are cut short, hold garbage, have bytes left
     *     over, are of another format version, or are the state of another contact
     */
    public static ContactState decode(String contactId, byte[] bytes) {
        return Decoding.decode(contactId, bytes, FORMAT_VERSION_1, FORMAT_VERSION, (in, format) -> {
            ContactState state = read(in, format);
            if (!state.contactId().equals(contactId)) {
                throw in.problem("the bytes hold the state of contact '" + state.contactId() + "'");
            }
            return state;
        });
    }

    private static ContactState read(StateReader in, int format) {
        String contactId = in.readString();
        long version = in.readLong();
        int instanceCount = in.readCount("instances", 1);
        List<JourneyInstance> instances = new ArrayList<>(instanceCount);
        for (int i = 0; i < instanceCount; i++) {
            instances.add(readInstance(in, format));
        }
        int historyCount = in.readCount("history records", 1);
        List<JourneyHistory> history = new ArrayList<>(historyCount);
        for (int i = 0; i < historyCount; i++) {
            history.add(new JourneyHistory(in.readString(), in.readInt(), in.readLong(),
                    readOptionalMillis(in, format), readOptionalMillis(in, format)));
        }
        int outboxCount = in.readCount("outbox entries", 1);
        List<OutboxEntry> outbox = new ArrayList<>(outboxCount);
        for (int i = 0; i < outboxCount; i++) {
            Effect effect = ValueFormat.readEffect(in);
            int attempts = in.readInt();
            OutboxEntry.Hold hold;
            long nextAttemptAtMillis;
            if (format == FORMAT_VERSION) {
                hold = readHold(in);
                nextAttemptAtMillis = in.readLong();
            } else {
                long legacy = in.readLong();
                hold = legacy == LEGACY_NO_TIME ? OutboxEntry.Hold.INSTANCE_PAUSED
                        : legacy == LEGACY_HELD ? OutboxEntry.Hold.JOURNEY_PAUSED : OutboxEntry.Hold.NONE;
                nextAttemptAtMillis = hold == OutboxEntry.Hold.NONE ? legacy : 0;
            }
            outbox.add(new OutboxEntry(effect, attempts & ~CALLING, hold, nextAttemptAtMillis,
                    ValueFormat.readOptional(in),
                    (attempts & CALLING) != 0));
        }
        int sentCount = in.readCount("send log records", 1);
        List<SentRecord> sendLog = new ArrayList<>(sentCount);
        for (int i = 0; i < sentCount; i++) {
            sendLog.add(new SentRecord(in.readLong(), in.readString(), in.readString(),
                    ValueFormat.readCategory(in)));
        }
        int consentCount = in.readCount("withdrawn consents", 1);
        List<Consent> withdrawn = new ArrayList<>(consentCount);
        for (int i = 0; i < consentCount; i++) {
            withdrawn.add(new Consent(in.readString(), ValueFormat.readOptional(in)));
        }
        return new ContactState(contactId, version, instances, history, outbox, sendLog, withdrawn);
    }

    private static void writeInstance(StateWriter out, JourneyInstance instance) {
        out.writeString(instance.journeyId());
        out.writeInt(instance.version());
        out.writeInt(instance.number());
        out.writeString(instance.stepId());
        out.writeLong(instance.enteredAtMillis());
        out.writeLong(instance.waitingSinceMillis());
        out.writeByte(timerCode(instance.timer()));
        out.writeLong(instance.timerMillis());
        out.writeInt(instance.visits());
        out.writeLong(instance.facts());
        ValueFormat.writeAttributes(out, instance.entryData());
        out.writeBoolean(instance.incident().isPresent());
        instance.incident().ifPresent(incident -> {
            out.writeString(incident.reason());
            out.writeLong(incident.atMillis());
        });
    }

    private static JourneyInstance readInstance(StateReader in, int format) {
        String journeyId = in.readString();
        int version = in.readInt();
        int number = in.readInt();
        String stepId = in.readString();
        long enteredAtMillis = in.readLong();
        long waitingSinceMillis = in.readLong();
        if (format != FORMAT_VERSION) {
            return readLegacyWait(in, format, new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis,
                    waitingSinceMillis, JourneyInstance.Timer.NONE, 0, 0, 0, Attributes.empty(), Optional.empty()));
        }
        JourneyInstance.Timer timer = readTimer(in);
        long timerMillis = in.readLong();
        int visits = in.readInt();
        long facts = in.readLong();
        Attributes entryData = ValueFormat.readAttributes(in);
        Optional<Incident> incident = in.readBoolean()
                ? Optional.of(new Incident(in.readString(), in.readLong())) : Optional.empty();
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, timer,
                timerMillis, visits, facts, entryData, incident);
    }

    /**
     * Reads the rest of an instance of format 1 or 2 onto its head, turning the reserved numbers
     * into a typed timer.
     */
    private static JourneyInstance readLegacyWait(StateReader in, int format, JourneyInstance head) {
        long dueAtMillis = in.readLong();
        int visits = in.readInt();
        long facts = in.readLong();
        long pausedRemainingMillis = in.readLong();
        Attributes entryData = ValueFormat.readAttributes(in);
        Optional<Incident> incident = Optional.empty();
        if (format == FORMAT_VERSION_2 && in.readBoolean()) {
            incident = Optional.of(new Incident(in.readString(), in.readLong()));
            dueAtMillis = in.readLong(); // a parked instance kept its timer in its incident
        }
        JourneyInstance.Timer timer;
        long timerMillis = 0;
        if (pausedRemainingMillis == LEGACY_NOT_PAUSED) {
            timer = dueAtMillis == LEGACY_NO_TIME ? JourneyInstance.Timer.NONE
                    : dueAtMillis == LEGACY_HELD ? JourneyInstance.Timer.HELD : JourneyInstance.Timer.DUE_AT;
            timerMillis = timer == JourneyInstance.Timer.DUE_AT ? dueAtMillis : 0;
        } else if (pausedRemainingMillis == LEGACY_NO_TIME) {
            timer = JourneyInstance.Timer.PAUSED_WITHOUT_TIMER;
        } else {
            timer = JourneyInstance.Timer.PAUSED;
            timerMillis = pausedRemainingMillis;
        }
        return new JourneyInstance(head.journeyId(), head.version(), head.number(), head.stepId(),
                head.enteredAtMillis(), head.waitingSinceMillis(), timer, timerMillis, visits, facts, entryData,
                incident);
    }

    private static void writeOptionalMillis(StateWriter out, OptionalLong millis) {
        out.writeBoolean(millis.isPresent());
        if (millis.isPresent()) {
            out.writeLong(millis.getAsLong());
        }
    }

    /** Reads a time that may be absent: in formats 1 and 2, {@link #LEGACY_NEVER} where there is none. */
    private static OptionalLong readOptionalMillis(StateReader in, int format) {
        if (format != FORMAT_VERSION) {
            long millis = in.readLong();
            return millis == LEGACY_NEVER ? OptionalLong.empty() : OptionalLong.of(millis);
        }
        return in.readBoolean() ? OptionalLong.of(in.readLong()) : OptionalLong.empty();
    }

    private static int timerCode(JourneyInstance.Timer timer) {
        return switch (timer) { // fixed codes, not ordinals: reordering the enum must not change stored states
            case DUE_AT -> 1;
            case NONE -> 2;
            case HELD -> 3;
            case PAUSED -> 4;
            case PAUSED_WITHOUT_TIMER -> 5;
        };
    }

    private static JourneyInstance.Timer readTimer(StateReader in) {
        int at = in.position();
        int code = in.readByte();
        return switch (code) {
            case 1 -> JourneyInstance.Timer.DUE_AT;
            case 2 -> JourneyInstance.Timer.NONE;
            case 3 -> JourneyInstance.Timer.HELD;
            case 4 -> JourneyInstance.Timer.PAUSED;
            case 5 -> JourneyInstance.Timer.PAUSED_WITHOUT_TIMER;
            default -> throw in.problem("unknown timer " + code + " at byte " + at);
        };
    }

    private static int holdCode(OutboxEntry.Hold hold) {
        return switch (hold) {
            case NONE -> 0;
            case INSTANCE_PAUSED -> 1;
            case JOURNEY_PAUSED -> 2;
        };
    }

    private static OutboxEntry.Hold readHold(StateReader in) {
        int at = in.position();
        int code = in.readByte();
        return switch (code) {
            case 0 -> OutboxEntry.Hold.NONE;
            case 1 -> OutboxEntry.Hold.INSTANCE_PAUSED;
            case 2 -> OutboxEntry.Hold.JOURNEY_PAUSED;
            default -> throw in.problem("unknown outbox hold " + code + " at byte " + at);
        };
    }
}
