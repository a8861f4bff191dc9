package dev.journeys.core.persistence;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.IdRules;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyHistory;
import dev.journeys.core.Incident;
import dev.journeys.core.TimeBounds;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SentRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every contact state comes back equal; bytes that cannot be read raise only the documented exception. */
class ContactStateCodecTest {

    @Property(tries = 300, seed = "20260302")
    void everyStateRoundTripsEqual(@ForAll("states") ContactState state) {
        byte[] bytes = ContactStateCodec.encode(state);

        ContactState decoded = ContactStateCodec.decode(state.contactId(), bytes);

        assertThat(decoded).isEqualTo(state);
        assertThat(decoded.history()).isEqualTo(state.history());
        assertThat(ContactStateCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Property(tries = 60, seed = "7")
    void everyTruncationRaisesTheDocumentedException(@ForAll("states") ContactState state) {
        byte[] bytes = ContactStateCodec.encode(state);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ContactStateCodec.decode(state.contactId(), cut))
                    .as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(UnreadableStateException.class)
                    .hasMessageContaining("'" + state.contactId() + "'");
        }
    }

    @Property(tries = 1000, seed = "8")
    void randomBytesOnlyRaiseTheDocumentedException(@ForAll @Size(max = 200) byte[] garbage,
                                                    @ForAll boolean withFormatVersion) {
        if (withFormatVersion && garbage.length > 0) {
            garbage[0] = ContactStateCodec.FORMAT_VERSION;
        }
        assertOnlyDocumentedFailure(garbage);
    }

    @Property(tries = 300, seed = "9")
    void aFlippedByteOnlyRaisesTheDocumentedException(@ForAll("states") ContactState state,
                                                      @ForAll @IntRange(min = 1, max = 255) int flip,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int where) {
        byte[] bytes = ContactStateCodec.encode(state);
        bytes[where % bytes.length] ^= (byte) flip;
        assertOnlyDocumentedFailure(bytes);
    }

    private static void assertOnlyDocumentedFailure(byte[] bytes) {
        Throwable thrown = catchThrowable(() -> ContactStateCodec.decode("ana", bytes));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(UnreadableStateException.class).hasMessageContaining("'ana'");
        }
    }

    @Example
    void anUnknownFormatVersionIsNamed() {
        byte[] bytes = ContactStateCodec.encode(ContactState.empty("ana"));
        bytes[0] = 4;

        assertThatThrownBy(() -> ContactStateCodec.decode("ana", bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageStartingWith("state of contact 'ana' cannot be read: unknown format version 4")
                .hasMessageContaining("reads format versions 1 to 3");
    }

    /** Bytes the release before parked instances wrote (format version 1), kept as they were. */
    private static final String FORMAT_1_STATE = "0100000003616e610000000000000003000000010000000777656c636f6d6500"
            + "000001000000010000000874776f2d64617973000000000000000a0000000000000014000000000a4cb81400000002000000"
            + "0000000005ffffffffffffffff00000002000000056974656d73080000000201000000036d7567050000000000000002000000"
            + "05746f74616c04000000020000000204e2000000010000000777656c636f6d6500000001000000000000000a800000000000"
            + "00008000000000000000000000010100000003616e610000000777656c636f6d650000000100000001000000056775696465"
            + "0000000100000005656d61696c000000056775696465000000096d61726b6574696e67000000010000000261740300000000"
            + "69a55190000000000000000069a5519000000000000000000000019cadc69a800000000001000000000000000a0000000777"
            + "656c636f6d6500000005656d61696c010000000100000003736d7301000000066f6666657273";

    @Example
    void stateWrittenBeforeInstancesCouldBeParkedIsRead() {
        IdempotencyKey key = new IdempotencyKey("ana", "welcome", 1, 1, "guide", 1);
        JourneyInstance waiting = new JourneyInstance("welcome", 1, 1, "two-days", 10, 20, JourneyInstance.Timer.DUE_AT,
                172_800_020L, 2, 5L, Attributes.of("items", List.of("mug", 2L), "total", new BigDecimal("12.50")),
                Optional.empty());
        ContactState expected = new ContactState("ana", 3, List.of(waiting),
                List.of(new JourneyHistory("welcome", 1, 10)),
                List.of(OutboxEntry.of(new OutgoingMessage(key, "email", "guide", "marketing",
                        Attributes.of("at", Instant.parse("2026-03-02T09:00:00Z")),
                        Instant.parse("2026-03-02T09:00:00Z")))),
                List.of(new SentRecord(10, "welcome", "email", MessageCategory.MARKETING)),
                List.of(Consent.to("sms", "offers")));

        ContactState read = ContactStateCodec.decode("ana", java.util.HexFormat.of().parseHex(FORMAT_1_STATE));

        assertThat(read).isEqualTo(expected);
        assertThat(read.instances().get(0).isParked()).isFalse();
        assertThat(ContactStateCodec.encode(read)[0]).isEqualTo((byte) ContactStateCodec.FORMAT_VERSION);
    }

    /**
     * Bytes the release before typed timers wrote (format version 2), kept as they were: an
     * instance due at a time, one no timer ends, one held by its journey's pause, one paused with
     * a minute left, one paused with no timer, one parked (its timer kept in its incident), and
     * outbox entries called now, held by an instance's pause and held by a journey's pause, and
     * history records of a journey left and one entered by an enrolment occurrence (reserved
     * numbers where a time would be).
     */
    private static final String FORMAT_2_STATE = "0200000003616e610000000000000004000000060000000777656c636f6d6500000001000000010000000874776f2d646179"
            + "73000000000000000a0000000000000014000000000a4cb814000000020000000000000005ffffffffffffffff0000000100"
            + "000004706c616e010000000370726f00000000066f6666657273000000020000000100000006636c69636b3f000000000000"
            + "000a000000000000001e7fffffffffffffff000000030000000000000000ffffffffffffffff0000000000000000046e6577"
            + "7300000001000000020000000477616974000000000000000a00000000000000287ffffffffffffffe000000010000000000"
            + "000000ffffffffffffffff00000000000000000570726f6d6f00000001000000010000000477616974000000000000000a00"
            + "000000000000327fffffffffffffff000000010000000000000000000000000000ea60000000000000000005717569657400"
            + "0000010000000100000006636c69636b3f000000000000000a000000000000003c7fffffffffffffff000000010000000000"
            + "0000007fffffffffffffff0000000000000000037669700000000100000001000000047669703f000000000000000a000000"
            + "00000000467fffffffffffffff000000020000000000000000ffffffffffffffff00000000010000003b656e747279206279"
            + "206576656e742027653127206661696c65643a206a6176612e6c616e672e496c6c6567616c5374617465457863657074696f"
            + "6e000000000000005000000000000182b800000008000000036f6c6400000002000000000000000500000000000000078000"
            + "00000000000000000003736567000000010000000000000005800000000000000000000000000000030000000777656c636f"
            + "6d6500000001000000000000000a80000000000000008000000000000000000000066f666665727300000001000000000000"
            + "000a80000000000000008000000000000000000000046e65777300000002000000000000000a800000000000000080000000"
            + "000000000000000570726f6d6f00000001000000000000000a80000000000000008000000000000000000000057175696574"
            + "00000001000000000000000a800000000000000080000000000000000000000376697000000001000000000000000a800000"
            + "00000000008000000000000000000000030100000003616e610000000777656c636f6d650000000100000001000000056775"
            + "6964650000000100000005656d61696c000000056775696465000000096d61726b6574696e67000000000000000069a55190"
            + "00000000800000000000019cadc784e0000100000003616e610000000777656c636f6d650000000100000001000000047469"
            + "70730000000200000005656d61696c0000000474697073000000096d61726b6574696e67000000000000000069a551900000"
            + "0000000000017fffffffffffffff010000000774696d656f75740100000003616e61000000066f6666657273000000020000"
            + "0001000000056f666665720000000300000003736d73000000056f66666572000000066f6666657273000000000000000069"
            + "a5519000000000000000007ffffffffffffffe000000000000000000";

    @Example
    void stateWrittenBeforeTimersWereTypedIsRead() {
        ContactState read = ContactStateCodec.decode("ana", java.util.HexFormat.of().parseHex(FORMAT_2_STATE));

        assertThat(read.instances()).extracting(JourneyInstance::journeyId, JourneyInstance::timer,
                JourneyInstance::timerMillis, JourneyInstance::isParked).containsExactly(
                tuple("welcome", JourneyInstance.Timer.DUE_AT, 172_800_020L, false),
                tuple("offers", JourneyInstance.Timer.NONE, 0L, false),
                tuple("news", JourneyInstance.Timer.HELD, 0L, false),
                tuple("promo", JourneyInstance.Timer.PAUSED, 60_000L, false),
                tuple("quiet", JourneyInstance.Timer.PAUSED_WITHOUT_TIMER, 0L, false),
                tuple("vip", JourneyInstance.Timer.DUE_AT, 99_000L, true));
        assertThat(read.instances().get(0).entryData()).isEqualTo(Attributes.of("plan", "pro"));
        assertThat(read.instances().get(5).incident().orElseThrow())
                .isEqualTo(new Incident("entry by event 'e1' failed: java.lang.IllegalStateException", 80));
        long decided = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        assertThat(read.outbox()).extracting(OutboxEntry::hold, OutboxEntry::nextAttemptAtMillis, OutboxEntry::attempts,
                OutboxEntry::calling).containsExactly(
                tuple(OutboxEntry.Hold.NONE, decided + 60_000, 0, true),
                tuple(OutboxEntry.Hold.INSTANCE_PAUSED, 0L, 1, false),
                tuple(OutboxEntry.Hold.JOURNEY_PAUSED, 0L, 0, false));
        assertThat(read.outbox().get(1).lastFailure()).contains("timeout");
        assertThat(read.historyOf("old")).contains(new JourneyHistory("old", 2, 5, OptionalLong.of(7),
                OptionalLong.empty()));
        assertThat(read.historyOf("seg")).contains(new JourneyHistory("seg", 1, 5, OptionalLong.empty(),
                OptionalLong.of(3)));
        assertThat(read.historyOf("offers")).as("implied by its instance").contains(new JourneyHistory("offers", 1, 10));
        assertThat(read.nextDueAtMillis()).as("the parked, paused and held do not count").hasValue(172_800_020L);
        assertThat(ContactStateCodec.decode("ana", ContactStateCodec.encode(read))).isEqualTo(read);
    }

    @Example
    void aParkedInstanceRoundTripsWithItsTimer() {
        JourneyInstance parked = new JourneyInstance("welcome", 1, 1, "vip?", 10, 10, 99, 2, 0)
                .parked("entry by event 'e1' failed: java.lang.IllegalStateException", 20);
        ContactState state = new ContactState("ana", 7, List.of(parked), List.of(), List.of(), List.of(), List.of());

        ContactState read = ContactStateCodec.decode("ana", ContactStateCodec.encode(state));

        assertThat(read).isEqualTo(state);
        assertThat(read.instances().get(0).timerMillis()).isEqualTo(99);
        assertThat(read.instances().get(0).unparked().dueAt()).contains(Instant.ofEpochMilli(99));
        assertThat(read.nextDueAtMillis()).as("a parked instance's timer does not fire").isEmpty();
    }

    @Example
    void anUnknownTimerIsNamed() {
        ContactState state = new ContactState("ana", 7, List.of(new JourneyInstance("welcome", 1, 1, "wait", 10, 10,
                99, 2, 0)), List.of(), List.of(), List.of(), List.of());
        byte[] bytes = ContactStateCodec.encode(state);
        // format, contact id, version, instance count, then the instance: journey, version, number, step, two times
        int timerAt = 1 + (4 + 3) + 8 + 4 + (4 + 7) + 4 + 4 + (4 + 4) + 8 + 8;
        assertThat(bytes[timerAt]).as("the code of DUE_AT").isEqualTo((byte) 1);
        bytes[timerAt] = 9;

        assertThatThrownBy(() -> ContactStateCodec.decode("ana", bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("unknown timer 9 at byte " + timerAt);
    }

    @Example
    void noBytesAreNamed() {
        assertThatThrownBy(() -> ContactStateCodec.decode("ana", new byte[0]))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessage("state of contact 'ana' cannot be read: no bytes");
    }

    @Example
    void theStateOfAnotherContactIsRefused() {
        byte[] bytes = ContactStateCodec.encode(ContactState.empty("bob"));

        assertThatThrownBy(() -> ContactStateCodec.decode("ana", bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("the bytes hold the state of contact 'bob'");
    }

    @Example
    void bytesLeftOverAreRefused() {
        byte[] bytes = ContactStateCodec.encode(ContactState.empty("ana"));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> ContactStateCodec.decode("ana", longer))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("3 bytes left over");
    }

    // ---- generators ----

    @Provide
    Arbitrary<ContactState> states() {
        Arbitrary<String> contactIds = texts().filter(ContactStateCodecTest::isContactId);
        Arbitrary<List<JourneyInstance>> instances = instances().list().ofMaxSize(3);
        Arbitrary<List<JourneyHistory>> history = histories().list().ofMaxSize(3);
        Arbitrary<List<SentRecord>> sendLog = sentRecords().list().ofMaxSize(3);
        Arbitrary<List<Consent>> consents = consents().list().ofMaxSize(2);
        return Combinators.combine(contactIds, Arbitraries.longs().between(0, Long.MAX_VALUE), instances, history,
                sendLog, consents, Arbitraries.of(true, false)).flatAs(
                        (id, version, live, kept, sent, withdrawn, withImplied) -> outboxEntries(id).list().ofMaxSize(3)
                                .map(outbox -> new ContactState(id, version, live,
                                        withImplied ? withImplied(live, kept) : kept, outbox, sent, withdrawn)));
    }

    /** Adds, for each instance, the record a live instance implies, which the state leaves out. */
    private static List<JourneyHistory> withImplied(List<JourneyInstance> instances, List<JourneyHistory> kept) {
        List<JourneyHistory> all = new ArrayList<>(kept);
        for (JourneyInstance instance : instances) {
            all.add(new JourneyHistory(instance.journeyId(), instance.number(), instance.enteredAtMillis()));
        }
        return all;
    }

    /** Whether the text is a contact id by {@link IdRules}: well-formed, no control characters, short enough. */
    private static boolean isContactId(String text) {
        try {
            IdRules.requireContactId(text, "contact id");
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.of("welcome", "cart", "weekly", "step-1", "w2");
    }

    /** Any non-blank string, surrogates and controls included. */
    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank()));
    }

    private static Arbitrary<Long> millis() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L));
    }

    private static Arbitrary<JourneyInstance> instances() {
        Arbitrary<JourneyInstance> head = Combinators.combine(ids(), Arbitraries.integers(),
                Arbitraries.integers().between(1, 5), ids(), millis(), millis(), millis(), Arbitraries.integers())
                .as((journey, version, number, step, entered, since, due, visits) -> new JourneyInstance(journey,
                        version, number, step, entered, since, due, visits, 0));
        Arbitrary<Optional<Incident>> incidents = Combinators.combine(ids(), millis()).as(Incident::new).optional();
        return Combinators.combine(head, Arbitraries.of(JourneyInstance.Timer.class), Arbitraries.longs(), attributes(),
                        incidents)
                .as((instance, timer, facts, data, incident) -> new JourneyInstance(instance.journeyId(),
                        instance.version(), instance.number(), instance.stepId(), instance.enteredAtMillis(),
                        instance.waitingSinceMillis(), timer, timerMillis(timer, instance.timerMillis()),
                        instance.visits(), facts, data, incident));
    }

    /** What a timer holds, made from any number. */
    private static long timerMillis(JourneyInstance.Timer timer, long any) {
        return switch (timer) {
            case DUE_AT -> any;
            case PAUSED -> any == Long.MIN_VALUE ? 0 : Math.abs(any);
            case NONE, HELD, PAUSED_WITHOUT_TIMER -> 0;
        };
    }

    private static Arbitrary<JourneyHistory> histories() {
        Arbitrary<OptionalLong> maybeMillis = millis().optional()
                .map(m -> m.map(OptionalLong::of).orElse(OptionalLong.empty()));
        return Combinators.combine(ids(), Arbitraries.integers().between(0, 5), millis(), maybeMillis, maybeMillis)
                .as(JourneyHistory::new);
    }

    private static Arbitrary<SentRecord> sentRecords() {
        return Combinators.combine(millis(), ids(), texts(), Arbitraries.of(MessageCategory.class))
                .as(SentRecord::new);
    }

    private static Arbitrary<Consent> consents() {
        return Combinators.combine(texts(), texts().optional()).as(Consent::new);
    }

    private static Arbitrary<OutboxEntry> outboxEntries(String contactId) {
        return Combinators.combine(effects(contactId), Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.of(OutboxEntry.Hold.class), millis(), texts().optional(), Arbitraries.of(false, true))
                .as((effect, attempts, hold, next, failure, calling) -> new OutboxEntry(effect, attempts, hold,
                        hold == OutboxEntry.Hold.NONE ? next : 0, failure, calling));
    }

    static Arbitrary<Effect> effects(String contactId) {
        Arbitrary<IdempotencyKey> keys = Combinators.combine(ids(), Arbitraries.integers(), Arbitraries.integers(),
                ids(), Arbitraries.integers()).as((journey, version, instance, step, visit) ->
                new IdempotencyKey(contactId, journey, version, instance, step, visit));
        Arbitrary<Effect> messages = Combinators.combine(keys, texts(), texts(), texts(), attributes(), instants(),
                        Arbitraries.longs().between(0, 86_400_000L))
                .as((key, channel, message, purpose, data, decided, heldFor) -> new OutgoingMessage(key, channel, message,
                        purpose, data, decided, decided.minusMillis(heldFor).isBefore(TimeBounds.EARLIEST) ? decided
                        : decided.minusMillis(heldFor)));
        Arbitrary<Effect> actions = Combinators.combine(keys, texts(), attributes(), attributes(), instants())
                .as(ActionRequest::new);
        return Arbitraries.oneOf(messages, actions);
    }

    static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(TimeBounds.EARLIEST.getEpochSecond(),
                TimeBounds.LATEST.getEpochSecond()), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    static Arbitrary<Attributes> attributes() {
        return Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), values()).ofMaxSize(4)
                .map(Attributes::of);
    }

    /** Every value type attributes hold, lists of them, and lists of lists. */
    private static Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(10).map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                instants().map(Object.class::cast),
                Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(),
                        BigInteger.TEN.pow(30)), Arbitraries.integers().between(-10, 20))
                        .as((unscaled, scale) -> (Object) new BigDecimal(unscaled, scale)),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite).map(Object.class::cast));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(2, scalars.list().ofMaxSize(3).map(Object.class::cast)),
                net.jqwik.api.Tuple.of(1, scalars.list().ofMaxSize(2).list().ofMaxSize(2).map(Object.class::cast)));
    }

    @Example
    void optionalsAndBothEffectKindsRoundTrip() {
        IdempotencyKey key = new IdempotencyKey("ana", "welcome", 1, 1, "guide", 1);
        Attributes data = Attributes.of("items", List.of("mug", List.of(1, 2L, 3.5)), "total", new BigDecimal("12.50"),
                "at", Instant.parse("2026-03-02T09:00:00.123456789Z"), "vip", true);
        ContactState state = new ContactState("ana", 3, List.of(), List.of(),
                List.of(OutboxEntry.of(new OutgoingMessage(key, "email", "guide", "marketing", data,
                                Instant.parse("2026-03-02T09:00:00Z"))),
                        new OutboxEntry(new ActionRequest(key, "alert", data, Attributes.empty(),
                                Instant.parse("2026-03-02T09:00:00Z")), 2, 5, Optional.of("timeout"))),
                List.of(new SentRecord(1, "welcome", "email", MessageCategory.TRANSACTIONAL)),
                List.of(Consent.to("email"), Consent.to("sms", "offers")));

        assertThat(ContactStateCodec.decode("ana", ContactStateCodec.encode(state))).isEqualTo(state);
    }
}
