package dev.journeys.flink;

import dev.journeys.core.JourneyStatus;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serializes a {@link DefinitionChange}, for the definitions stream and the broadcast state that
 * keeps the published versions and statuses: the journey's id, then the JSON document (its
 * length and UTF-8 bytes) or the status's name, then the reason.
 *
 * <p>Stateless and thread-safe.
 */
public final class DefinitionChangeSerializer extends ImmutableValueSerializer<DefinitionChange> {

    private static final long serialVersionUID = 1L;

    /** The serializer; it has no configuration. */
    public static final DefinitionChangeSerializer INSTANCE = new DefinitionChangeSerializer();

    private DefinitionChangeSerializer() {
    }

    @Override
    public void serialize(DefinitionChange change, DataOutputView target) throws IOException {
        target.writeUTF(change.journeyId());
        target.writeBoolean(change.document().isPresent());
        if (change.document().isPresent()) {
            byte[] document = change.document().get().getBytes(StandardCharsets.UTF_8);
            target.writeInt(document.length);
            target.write(document);
        } else {
            target.writeUTF(change.status().orElseThrow().name());
        }
        target.writeUTF(change.reason());
    }

    @Override
    public DefinitionChange deserialize(DataInputView source) throws IOException {
        String journeyId = source.readUTF();
        Optional<String> document = Optional.empty();
        Optional<JourneyStatus> status = Optional.empty();
        if (source.readBoolean()) {
            int length = source.readInt();
            if (length < 0) {
                throw new IOException("negative document length " + length + " for journey '" + journeyId + "'");
            }
            byte[] bytes = new byte[length];
            source.readFully(bytes);
            document = Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } else {
            String name = source.readUTF();
            try {
                status = Optional.of(JourneyStatus.valueOf(name));
            } catch (IllegalArgumentException unknown) {
                throw new IOException("unknown journey status '" + name + "' for journey '" + journeyId + "'");
            }
        }
        return new DefinitionChange(journeyId, document, status, source.readUTF());
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
    public TypeSerializerSnapshot<DefinitionChange> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What a checkpoint keeps of the serializer: only which one it is. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DefinitionChange> {

        /** Creates the snapshot; Flink calls this when it reads one. */
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
