package dev.journeys.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * What a checkpoint or savepoint keeps of a {@link CodecSerializer}: which value it serializes.
 * The bytes of each value carry the codec's own format version, so a serializer of the same
 * value reads what any earlier release wrote: it is compatible as it is.
 *
 * <p>Not thread-safe: Flink reads or writes one snapshot on one thread.
 *
 * @param <T> the value
 */
public final class CodecSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int VERSION = 1;

    private int code;

    /** Creates an empty snapshot; Flink calls this before it reads one. */
    public CodecSerializerSnapshot() {
    }

    CodecSerializerSnapshot(int code) {
        this.code = code;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(code);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("cannot read version " + readVersion + " of a journey serializer snapshot; this "
                    + "release reads version " + VERSION);
        }
        code = in.readInt();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> restoreSerializer() {
        return (TypeSerializer<T>) CodecSerializer.withCode(code);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        return oldSnapshot instanceof CodecSerializerSnapshot<T> old && old.code == code
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
