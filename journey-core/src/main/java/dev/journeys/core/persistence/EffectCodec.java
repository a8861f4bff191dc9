package dev.journeys.core.persistence;

import dev.journeys.core.Effect;

import java.util.Objects;

/**
 * Turns an {@link Effect}, a message to send or an action to run with its idempotency key, into
 * bytes and back: for a host that hands effects to another system as records (a stream
 * processor's sink) rather than calling a channel itself.
 *
 * <pre>{@code
 * byte[] bytes = EffectCodec.encode(effect);
 * Effect same = EffectCodec.decode(effect.key().contactId(), bytes); // equals effect
 * }</pre>
 *
 * <p>The bytes start with the format version ({@value #FORMAT_VERSION}), then hold the effect as
 * {@link ContactStateCodec} writes an outbox entry's effect: a tag for its kind, its key, and its
 * fields. Bytes that cannot be read raise an {@link UnreadableStateException} naming the contact.
 *
 * <p>Static methods only.
 */
public final class EffectCodec {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private EffectCodec() {
    }

    /**
     * Encodes an effect.
     *
     * @param effect the effect
     * @return its bytes, starting with {@link #FORMAT_VERSION}
     */
    public static byte[] encode(Effect effect) {
        Objects.requireNonNull(effect, "effect");
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        ValueFormat.writeEffect(out, effect);
        return out.toByteArray();
    }

    /**
     * Decodes an effect.
     *
     * @param contactId the contact the effect is for, named in errors and checked against its key
     * @param bytes what {@link #encode} returned
     * @return the effect
     * @throws UnreadableStateException if the bytes cannot be read or hold another contact's effect
     */
    public static Effect decode(String contactId, byte[] bytes) {
        return Decoding.decode(contactId, bytes, FORMAT_VERSION, FORMAT_VERSION, (in, format) -> {
            Effect effect = ValueFormat.readEffect(in);
            if (!effect.key().contactId().equals(contactId)) {
                throw in.problem("the bytes hold an effect for contact '" + effect.key().contactId() + "'");
            }
            return effect;
        });
    }
}
