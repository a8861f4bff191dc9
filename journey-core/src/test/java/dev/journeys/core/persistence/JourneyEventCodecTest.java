package dev.journeys.core.persistence;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.Effect;
import dev.journeys.core.ExitCause;
import dev.journeys.core.IdempotencyKey;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The codec of journey events: every event of every kind comes back equal; each kind has its own
 * fixed tag; bytes cut short, with a byte flipped, of another contact or with an unknown tag raise
 * only the documented exception.
 */
class JourneyEventCodecTest {

    private static final String ANA = "ana";
    private static final Instant AT = Instant.parse("2026-03-02T09:15:30.123456789Z");

    @Property(tries = 1000, seed = "31")
    void everyEventOfEveryKindRoundTripsEqual(@ForAll("events") JourneyEvent event) {
        byte[] bytes = JourneyEventCodec.encode(event);

        JourneyEvent decoded = JourneyEventCodec.decode(ANA, bytes);

        assertThat(decoded).isEqualTo(event);
        assertThat(JourneyEventCodec.encode(decoded)).isEqualTo(bytes);
        Statistics.collect(event.getClass().getSimpleName());
        Statistics.coverage(coverage -> kinds().forEach(kind -> coverage.check(kind.getSimpleName()).count(n -> n > 0)));
    }

    @Property(tries = 200, seed = "32")
    void everyTruncationRaisesOnlyTheDocumentedException(@ForAll("events") JourneyEvent event) {
        byte[] bytes = JourneyEventCodec.encode(event);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> JourneyEventCodec.decode(ANA, cut)).as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(UnreadableStateException.class).hasMessageContaining("'ana'");
        }
    }

    @Property(tries = 1000, seed = "33")
    void aFlippedByteOnlyRaisesTheDocumentedException(@ForAll("events") JourneyEvent event,
                                                      @ForAll @IntRange(min = 1, max = 255) int flip,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int where) {
        byte[] bytes = JourneyEventCodec.encode(event);
        bytes[where % bytes.length] ^= (byte) flip;

        Throwable thrown = catchThrowable(() -> JourneyEventCodec.decode(ANA, bytes));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(UnreadableStateException.class).hasMessageContaining("'ana'");
        }
    }

    @Example
    void everyKindHasItsOwnFixedTag() {
        List<JourneyEvent> examples = oneOfEachKind(ANA);
        assertThat(examples).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(kinds());
        for (int i = 0; i < examples.size(); i++) {
            byte[] bytes = JourneyEventCodec.encode(examples.get(i));
            assertThat(bytes[0]).isEqualTo((byte) JourneyEventCodec.FORMAT_VERSION);
            assertThat(bytes[1]).as("tag of %s", examples.get(i)).isEqualTo((byte) (i + 1)); // the documented tags
            assertThat(JourneyEventCodec.decode(ANA, bytes)).isEqualTo(examples.get(i));
        }
    }

    @Example
    void theBytesOfAnEventAreFixed() {
        JourneyEvent exited = new Exited(new InstanceRef(ANA, "j", 2, 3), "s", ExitCause.ENDED_BY_HOST, "",
                Instant.ofEpochSecond(1, 5));

        assertThat(HexFormat.of().formatHex(JourneyEventCodec.encode(exited))).isEqualTo("01" + "0f"
                + "00000003616e61" + "000000016a" + "00000002" + "00000003" // the instance
                + "0000000173" + "0c" + "00000000" + "0000000000000001" + "00000005");
    }

    @Example
    void anEventOfAnotherContactIsRefused() {
        for (JourneyEvent event : oneOfEachKind("bo")) {
            assertThatThrownBy(() -> JourneyEventCodec.decode(ANA, JourneyEventCodec.encode(event)))
                    .as("%s", event).isInstanceOf(UnreadableStateException.class)
                    .hasMessage("state of contact 'ana' cannot be read: the bytes hold an event of contact 'bo'");
        }
    }

    @Example
    void anUnknownTagIsNamedWithItsByte() {
        byte[] bytes = JourneyEventCodec.encode(new InstanceRetried(new InstanceRef(ANA, "j", 1, 1), "s", AT));
        bytes[1] = 99;

        assertThatThrownBy(() -> JourneyEventCodec.decode(ANA, bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessage("state of contact 'ana' cannot be read: unknown journey event kind 99 at byte 1");
    }

    @Example
    void anActionWhereAMessageWasSentIsNamed() {
        byte[] bytes = JourneyEventCodec.encode(new ActionCompleted(action(ANA), AT));
        bytes[1] = 6; // MessageSent

        assertThatThrownBy(() -> JourneyEventCodec.decode(ANA, bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessage("state of contact 'ana' cannot be read: expected a message at byte 2, found ActionRequest");
    }

    @Example
    void anUnknownFormatVersionIsNamed() {
        byte[] bytes = JourneyEventCodec.encode(new InstanceRetried(new InstanceRef(ANA, "j", 1, 1), "s", AT));
        bytes[0] = 2;

        assertThatThrownBy(() -> JourneyEventCodec.decode(ANA, bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("unknown format version 2 (this library reads format versions 1;");
    }

    /** The concrete kinds of journey event, found from the sealed hierarchy, so that a new kind is missed by no test. */
    static Set<Class<?>> kinds() {
        List<Class<?>> open = new ArrayList<>(List.of(JourneyEvent.class));
        Set<Class<?>> kinds = new HashSet<>();
        while (!open.isEmpty()) {
            Class<?> type = open.remove(open.size() - 1);
            if (type.isSealed()) {
                open.addAll(Arrays.asList(type.getPermittedSubclasses()));
            } else {
                kinds.add(type);
            }
        }
        return kinds;
    }

    /** One event of each kind, in the order of their tags. */
    private static List<JourneyEvent> oneOfEachKind(String contactId) {
        InstanceRef instance = new InstanceRef(contactId, "welcome", 2, 1);
        return List.of(new Entered(instance, "e1", AT),
                new EntryQueued(instance, AT.plusSeconds(60), AT),
                new EntryDeclined(contactId, "welcome", DeclineReason.RATE_LIMITED, "over 10 per hour", AT),
                new ConsentChanged(contactId, Consent.to("email", "news"), true, "e2", AT),
                new StepReached(instance, "branch", 2, "took case 1", AT),
                new MessageSent(message(contactId), AT),
                new MessageSkipped(instance, "send", SkipReason.QUIET_HOURS, AT),
                new SendDeferred(instance, "send", "quiet hours", AT.plusSeconds(3600), AT),
                new Migrated(instance, 1, "wait", "wait-2", AT),
                new PauseChanged(instance, "wait", true, "paused by trigger", AT),
                new ActionCompleted(action(contactId), AT),
                new DispatchFailed(message(contactId), 2, "timed out", true, AT),
                new EffectCancelled(action(contactId), "exit trigger", true, AT),
                new GoalReached(instance, "bought", AT),
                new Exited(instance, "end", ExitCause.COMPLETED, "", AT),
                new InstanceParked(instance, "send", "channel threw", AT),
                new InstanceRetried(instance, "send", AT),
                new InteractionBeforeSend(instance, "send", "e3", AT.minusSeconds(5), AT.minusSeconds(1), AT));
    }

    private static OutgoingMessage message(String contactId) {
        return new OutgoingMessage(new IdempotencyKey(contactId, "welcome", 2, 1, "send", 1), "email", "hello", "news",
                Attributes.of(Map.of("n", 1)), AT);
    }

    private static ActionRequest action(String contactId) {
        return new ActionRequest(new IdempotencyKey(contactId, "welcome", 2, 1, "tag", 1), "crm.tag",
                Attributes.of(Map.of("tag", "vip")), Attributes.empty(), AT);
    }

    @Provide
    Arbitrary<JourneyEvent> events() {
        Arbitrary<InstanceRef> instances = Combinators.combine(ids(), Arbitraries.integers(), Arbitraries.integers())
                .as((journey, version, number) -> new InstanceRef(ANA, journey, version, number));
        Arbitrary<Effect> effects = ContactStateCodecTest.effects(ANA);
        Arbitrary<OutgoingMessage> messages = effects.filter(OutgoingMessage.class::isInstance)
                .map(OutgoingMessage.class::cast);
        Arbitrary<ActionRequest> actions = effects.filter(ActionRequest.class::isInstance).map(ActionRequest.class::cast);
        Arbitrary<Consent> consents = Combinators.combine(ContactStateCodecTest.texts(),
                ContactStateCodecTest.texts().optional()).as(Consent::new);
        Arbitrary<String> words = words();
        Arbitrary<Instant> at = times();
        Arbitrary<Boolean> flags = Arbitraries.of(true, false);
        List<Arbitrary<? extends JourneyEvent>> kinds = List.of(
                Combinators.combine(instances, words, at).as(Entered::new),
                Combinators.combine(instances, at, at).as(EntryQueued::new),
                Combinators.combine(ids(), Arbitraries.of(DeclineReason.class), words, at)
                        .as((journey, reason, detail, when) -> new EntryDeclined(ANA, journey, reason, detail, when)),
                Combinators.combine(consents, flags, words, at)
                        .as((consent, withdrawn, cause, when) -> new ConsentChanged(ANA, consent, withdrawn, cause,
                                when)),
                Combinators.combine(instances, ids(), Arbitraries.integers(), words, at).as(StepReached::new),
                Combinators.combine(messages, at).as(MessageSent::new),
                Combinators.combine(instances, ids(), Arbitraries.of(SkipReason.class), at).as(MessageSkipped::new),
                Combinators.combine(instances, ids(), words, at, at).as(SendDeferred::new),
                Combinators.combine(instances, Arbitraries.integers(), ids(), ids(), at).as(Migrated::new),
                Combinators.combine(instances, ids(), flags, words, at).as(PauseChanged::new),
                Combinators.combine(actions, at).as(ActionCompleted::new),
                Combinators.combine(effects, Arbitraries.integers(), words, flags, at).as(DispatchFailed::new),
                Combinators.combine(effects, words, flags, at).as(EffectCancelled::new),
                Combinators.combine(instances, words, at).as(GoalReached::new),
                Combinators.combine(instances, ids(), Arbitraries.of(ExitCause.class), words, at).as(Exited::new),
                Combinators.combine(instances, ids(), words, at).as(InstanceParked::new),
                Combinators.combine(instances, ids(), at).as(InstanceRetried::new),
                Combinators.combine(instances, ids(), words, at, at, at).as(InteractionBeforeSend::new));
        assertThat(kinds).hasSize(kinds().size());
        return Arbitraries.oneOf(kinds);
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.of("welcome", "send", "w2"), ContactStateCodecTest.texts());
    }

    /** Free texts: empty, short, or of any characters. */
    private static Arbitrary<String> words() {
        return Arbitraries.oneOf(Arbitraries.just(""), ContactStateCodecTest.texts(),
                Arbitraries.strings().all().ofMaxLength(40));
    }

    /** Event times are not bounded as a state's are: any instant. */
    private static Arbitrary<Instant> times() {
        return Arbitraries.oneOf(ContactStateCodecTest.instants(), Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH),
                Combinators.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond));
    }
}
