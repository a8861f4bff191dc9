package dev.journeys.flink;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.persistence.UnreadableStateException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Flink host's serializers: values come back equal, a serializer's snapshot restores the same
 * serializer and says it is compatible with itself, and a serializer shipped by Java serialization
 * is the shared one.
 */
class CodecSerializerTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void everyKindOfValueRoundTrips() throws IOException {
        IdempotencyKey key = new IdempotencyKey("ana", "welcome", 1, 1, "guide", 1);
        Effect effect = new OutgoingMessage(key, "email", "guide", "marketing", Attributes.of("name", "Ana"), T);
        ContactState state = new ContactState("ana", 3, List.of(new JourneyInstance("welcome", 1, 1, "wait",
                T.toEpochMilli(), T.toEpochMilli(), T.plusSeconds(60).toEpochMilli(), 2, 0)), List.of(), List.of(),
                List.of(), List.of());
        Contact contact = Contact.of("ana").withZone(ZoneId.of("Europe/Paris")).withConsent("email");
        Event event = Event.of("e1", "form.submitted", "ana", T).withPayload(Attributes.of("form", "guide"));

        assertRoundTrip(CodecSerializer.CONTACT_STATES, state);
        assertRoundTrip(CodecSerializer.CONTACTS, contact);
        assertRoundTrip(CodecSerializer.EVENTS, event);
        assertRoundTrip(CodecSerializer.EFFECTS, effect);
        assertRoundTrip(ContactInputSerializer.INSTANCE, new ContactInput.EventArrived(event));
        assertRoundTrip(ContactInputSerializer.INSTANCE, new ContactInput.ProfileChanged(contact, T.toEpochMilli()));
        assertRoundTrip(DefinitionChangeSerializer.INSTANCE, DefinitionChange.status("welcome", JourneyStatus.PAUSED,
                "stock check"));
    }

    @Test
    void aSnapshotRestoresTheSameSerializerCompatibleAsItIs() throws IOException {
        for (TypeSerializer<?> serializer : List.of(CodecSerializer.CONTACT_STATES, CodecSerializer.CONTACTS,
                CodecSerializer.EVENTS, CodecSerializer.EFFECTS, ContactInputSerializer.INSTANCE,
                DefinitionChangeSerializer.INSTANCE)) {
            assertSnapshotRestores(serializer);
        }
    }

    @Test
    void aSerializerShippedByJavaSerializationIsTheSharedOne() throws Exception {
        byte[] shipped = InstantiationUtil.serializeObject(CodecSerializer.EVENTS);

        Object arrived = InstantiationUtil.deserializeObject(shipped, getClass().getClassLoader());

        assertThat(arrived).isSameAs(CodecSerializer.EVENTS);
    }

    @Test
    void snapshotsOfDifferentValuesAreIncompatible() {
        TypeSerializerSchemaCompatibility<ContactState> compatibility = CodecSerializer.CONTACT_STATES
                .snapshotConfiguration().resolveSchemaCompatibility(cast(CodecSerializer.EVENTS.snapshotConfiguration()));

        assertThat(compatibility.isIncompatible()).isTrue();
    }

    @Test
    void unreadableBytesNameTheContact() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        out.writeUTF("ana");
        out.writeInt(3);
        out.write(new byte[] {3, 0, 0});

        assertThatThrownBy(() -> CodecSerializer.CONTACT_STATES.deserialize(new DataInputDeserializer(
                out.getCopyOfBuffer()))).isInstanceOf(UnreadableStateException.class).hasMessageContaining("'ana'");
    }

    @SuppressWarnings("unchecked")
    private static <T> TypeSerializerSnapshot<T> cast(TypeSerializerSnapshot<?> snapshot) {
        return (TypeSerializerSnapshot<T>) snapshot;
    }

    private static <T> void assertRoundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(value, out);
        byte[] bytes = out.getCopyOfBuffer();

        assertThat(serializer.deserialize(new DataInputDeserializer(bytes))).isEqualTo(value);
        DataOutputSerializer copied = new DataOutputSerializer(4096);
        serializer.copy(new DataInputDeserializer(bytes), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
        assertThat(serializer.copy(value)).isSameAs(value);
    }

    private static <T> void assertSnapshotRestores(TypeSerializer<T> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), CodecSerializerTest.class.getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
                .as("%s", serializer).isTrue();
    }
}
