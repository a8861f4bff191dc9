package dev.journeys.core.persistence;

import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The codecs of contacts, events and effects: every value comes back equal; bytes cut short, with
 * a byte flipped, of another contact or of an unknown format raise only the documented exception.
 */
class RecordCodecsTest {

    private static final String ANA = "ana";

    @Property(tries = 300, seed = "11")
    void everyContactRoundTripsEqual(@ForAll("contacts") Contact contact) {
        assertRoundTrip(contact, ContactCodec.encode(contact), ContactCodec::decode);
    }

    @Property(tries = 300, seed = "12")
    void everyEventRoundTripsEqual(@ForAll("events") Event event) {
        assertRoundTrip(event, EventCodec.encode(event), EventCodec::decode);
    }

    @Property(tries = 300, seed = "13")
    void everyEffectRoundTripsEqual(@ForAll("effects") Effect effect) {
        assertRoundTrip(effect, EffectCodec.encode(effect), EffectCodec::decode);
    }

    @Property(tries = 200, seed = "14")
    void aFlippedByteOnlyRaisesTheDocumentedException(@ForAll("contacts") Contact contact, @ForAll("events") Event event,
                                                      @ForAll("effects") Effect effect,
                                                      @ForAll @IntRange(min = 1, max = 255) int flip,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int where) {
        assertFlipIsRefused(ContactCodec.encode(contact), flip, where, ContactCodec::decode);
        assertFlipIsRefused(EventCodec.encode(event), flip, where, EventCodec::decode);
        assertFlipIsRefused(EffectCodec.encode(effect), flip, where, EffectCodec::decode);
    }

    @Example
    void aRecordOfAnotherContactIsRefused() {
        Contact bo = Contact.of("bo");
        assertThatThrownBy(() -> ContactCodec.decode(ANA, ContactCodec.encode(bo)))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessage("state of contact 'ana' cannot be read: the bytes describe contact 'bo'");
        Event event = Event.of("e1", "clicked", "bo", java.time.Instant.EPOCH);
        assertThatThrownBy(() -> EventCodec.decode(ANA, EventCodec.encode(event)))
                .hasMessageContaining("the bytes hold an event of contact 'bo'");
    }

    @Example
    void anUnknownFormatVersionIsNamed() {
        byte[] bytes = EventCodec.encode(Event.of("e1", "clicked", ANA, java.time.Instant.EPOCH));
        bytes[0] = 2;
        assertThatThrownBy(() -> EventCodec.decode(ANA, bytes))
                .isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("unknown format version 2 (this library reads format versions 1;");
    }

    private static <T> void assertRoundTrip(T value, byte[] bytes, BiFunction<String, byte[], T> decode) {
        assertThat(decode.apply(ANA, bytes)).isEqualTo(value);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> decode.apply(ANA, cut)).as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(UnreadableStateException.class).hasMessageContaining("'ana'");
        }
    }

    private static <T> void assertFlipIsRefused(byte[] bytes, int flip, int where,
                                                BiFunction<String, byte[], T> decode) {
        bytes[where % bytes.length] ^= (byte) flip;
        Throwable thrown = catchThrowable(() -> decode.apply(ANA, bytes));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(UnreadableStateException.class).hasMessageContaining("'ana'");
        }
    }

    @Provide
    Arbitrary<Contact> contacts() {
        Arbitrary<Consent> consents = Combinators.combine(ContactStateCodecTest.texts(),
                ContactStateCodecTest.texts().optional()).as(Consent::new);
        return Combinators.combine(ContactStateCodecTest.attributes(),
                        Arbitraries.of("UTC", "America/Chicago", "Europe/Paris", "+05:30"),
                        consents.set().ofMaxSize(3), consents.set().ofMaxSize(2),
                        ContactStateCodecTest.texts().optional())
                .as((attributes, zone, given, withdrawn, preferred) -> new Contact(ANA, attributes, ZoneId.of(zone),
                        given, withdrawn, preferred));
    }

    @Provide
    Arbitrary<Event> events() {
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20),
                        ContactStateCodecTest.texts(), ContactStateCodecTest.instants(),
                        ContactStateCodecTest.attributes(), ContactStateCodecTest.texts().optional())
                .as((id, type, at, payload, messageId) -> new Event(id, type, ANA, at, payload,
                        messageId.map(Optional::of).orElse(Optional.empty())));
    }

    @Provide
    Arbitrary<Effect> effects() {
        return ContactStateCodecTest.effects(ANA);
    }
}
