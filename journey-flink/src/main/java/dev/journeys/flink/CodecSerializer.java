package dev.journeys.flink;

import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.persistence.ContactCodec;
import dev.journeys.core.persistence.ContactStateCodec;
import dev.journeys.core.persistence.EffectCodec;
import dev.journeys.core.persistence.EventCodec;
import dev.journeys.core.persistence.JourneyEventCodec;
import dev.journeys.core.persistence.UnreadableStateException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A Flink serializer of one of the library's immutable values, written by the library's own
 * versioned codec ({@code dev.journeys.core.persistence}), never by Kryo or Java serialisation:
 * the contact's id, the length of the codec's bytes, and the bytes. The codec's format version,
 * inside the bytes, lets a release read what an earlier one wrote, so the serializer has nothing
 * to configure: its {@linkplain CodecSerializerSnapshot snapshot} only says which value it
 * serializes.
 *
 * <p>Values are immutable: a copy is the value itself, and nothing is reused. One instance per
 * value type, shared; thread-safe.
 *
 * @param <T> the value
 */
public final class CodecSerializer<T> extends ImmutableValueSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** A contact's state, the Flink host's keyed state ({@link ContactStateCodec}). */
    public static final CodecSerializer<ContactState> CONTACT_STATES = new CodecSerializer<>(1, "contact states",
            ContactState::contactId, ContactStateCodec::encode, ContactStateCodec::decode);

    /** A contact's profile, the Flink host's directory ({@link ContactCodec}). */
    public static final CodecSerializer<Contact> CONTACTS = new CodecSerializer<>(2, "contacts", Contact::id,
            ContactCodec::encode, ContactCodec::decode);

    /** An event: the host's input, and the recorded events history conditions read ({@link EventCodec}). */
    public static final CodecSerializer<Event> EVENTS = new CodecSerializer<>(3, "events", Event::contactId,
            EventCodec::encode, EventCodec::decode);

    /** An effect, a message to send or an action to run: the host's output ({@link EffectCodec}). */
    public static final CodecSerializer<Effect> EFFECTS = new CodecSerializer<>(4, "effects",
            effect -> effect.key().contactId(), EffectCodec::encode, EffectCodec::decode);

    /** A journey event: the host's report of what happened, for analytics ({@link JourneyEventCodec}). */
    public static final CodecSerializer<JourneyEvent> JOURNEY_EVENTS = new CodecSerializer<>(5, "journey events",
            JourneyEvent::contactId, JourneyEventCodec::encode, JourneyEventCodec::decode);

    private static final List<CodecSerializer<?>> ALL = List.of(CONTACT_STATES, CONTACTS, EVENTS, EFFECTS,
            JOURNEY_EVENTS);

    private final int code;
    private final transient String name;
    private final transient Function<T, String> contactOf;
    private final transient Function<T, byte[]> encode;
    private final transient BiFunction<String, byte[], T> decode;

    private CodecSerializer(int code, String name, Function<T, String> contactOf, Function<T, byte[]> encode,
                            BiFunction<String, byte[], T> decode) {
        this.code = code;
        this.name = name;
        this.contactOf = contactOf;
        this.encode = encode;
        this.decode = decode;
    }

    /**
     * Returns the serializer with a code, as its snapshot keeps it.
     *
     * @throws IllegalArgumentException if no serializer has that code (a newer release wrote it)
     */
    static CodecSerializer<?> withCode(int code) {
        for (CodecSerializer<?> serializer : ALL) {
            if (serializer.code == code) {
                return serializer;
            }
        }
        throw new IllegalArgumentException("no serializer of the journey library has code " + code
                + "; a newer release may have written this snapshot");
    }

    /** Returns the code its snapshot keeps. */
    int code() {
        return code;
    }

    /** A serializer deserialized by Java serialization (Flink ships serializers so) is the shared one. */
    private Object readResolve() throws ObjectStreamException {
        return withCode(code);
    }

    @Override
    public void serialize(T value, DataOutputView target) throws IOException {
        byte[] bytes = encode.apply(value);
        target.writeUTF(contactOf.apply(value));
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        String contactId = source.readUTF();
        int length = source.readInt();
        if (length < 0) {
            throw new UnreadableStateException(contactId, "negative length " + length + " of " + name);
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return decode.apply(contactId, bytes);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeUTF(source.readUTF());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new CodecSerializerSnapshot<>(code);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodecSerializer<?> serializer && serializer.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return "CodecSerializer[" + name + "]";
    }
}
