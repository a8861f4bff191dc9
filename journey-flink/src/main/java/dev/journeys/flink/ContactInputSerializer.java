package dev.journeys.flink;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Serializes a {@link ContactInput}: a tag for its kind, then the event or the profile as
 * {@link CodecSerializer} writes them (a profile with the time it holds from). Used for the
 * merged input stream and for the inputs a contact's part of the job holds until the watermark
 * reaches them.
 *
 * <p>Public because Flink instantiates its snapshot by name when it restores; the values it
 * serializes are the job's own. Stateless and thread-safe.
 */
public final class ContactInputSerializer extends ImmutableValueSerializer<ContactInput> {

    private static final long serialVersionUID = 1L;

    /** The serializer; it has no configuration. */
    public static final ContactInputSerializer INSTANCE = new ContactInputSerializer();

    private static final int EVENT = 1;
    private static final int PROFILE = 2;

    private ContactInputSerializer() {
    }

    @Override
    public void serialize(ContactInput input, DataOutputView target) throws IOException {
        if (input instanceof ContactInput.EventArrived arrived) {
            target.writeByte(EVENT);
            CodecSerializer.EVENTS.serialize(arrived.event(), target);
        } else if (input instanceof ContactInput.ProfileChanged changed) {
            target.writeByte(PROFILE);
            target.writeLong(changed.atMillis());
            CodecSerializer.CONTACTS.serialize(changed.contact(), target);
        } else {
            throw new AssertionError(input);
        }
    }

    @Override
    public ContactInput deserialize(DataInputView source) throws IOException {
        int tag = source.readByte();
        return switch (tag) {
            case EVENT -> new ContactInput.EventArrived(CodecSerializer.EVENTS.deserialize(source));
            case PROFILE -> {
                long atMillis = source.readLong();
                yield new ContactInput.ProfileChanged(CodecSerializer.CONTACTS.deserialize(source), atMillis);
            }
            default -> throw new IOException("unknown contact input kind " + tag + "; a newer release may have written it");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ContactInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What a checkpoint keeps of the serializer: only which one it is. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ContactInput> {

        /** Creates the snapshot; Flink calls this when it reads one. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
