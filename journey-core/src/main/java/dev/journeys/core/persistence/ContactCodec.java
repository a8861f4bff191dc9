package dev.journeys.core.persistence;

import dev.journeys.core.Consent;
import dev.journeys.core.Contact;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a {@link Contact}, a directory's description of a contact, into bytes and back: for a
 * host that keeps the profiles it is sent as state of its own (a stream processor's keyed state).
 *
 * <pre>{@code
 * byte[] bytes = ContactCodec.encode(contact);
 * Contact same = ContactCodec.decode(contact.id(), bytes); // equals contact
 * }</pre>
 *
 * <p>The bytes start with the format version ({@value #FORMAT_VERSION}), then hold the id, the
 * attributes (as {@link ContactStateCodec} writes them), the time zone's id, the consents and
 * withdrawn consents (each a channel and an optional purpose) and the preferred channel. Bytes
 * that cannot be read raise an {@link UnreadableStateException} naming the contact.
 *
 * <p>Static methods only.
 */
public final class ContactCodec {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private ContactCodec() {
    }

    /**
     * Encodes a contact.
     *
     * @param contact the contact
     * @return its bytes, starting with {@link #FORMAT_VERSION}
     */
    public static byte[] encode(Contact contact) {
        Objects.requireNonNull(contact, "contact");
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        out.writeString(contact.id());
        ValueFormat.writeAttributes(out, contact.attributes());
        out.writeString(contact.zone().getId());
        writeConsents(out, contact.consents());
        writeConsents(out, contact.withdrawnConsents());
        ValueFormat.writeOptional(out, contact.preferredChannel());
        return out.toByteArray();
    }

    /**
     * Decodes a contact.
     *
     * @param contactId the contact the bytes are kept for, named in errors and checked against the
     *     id in the bytes
     * @param bytes what {@link #encode} returned
     * @return the contact
     * @throws UnreadableStateException if the bytes cannot be read or describe another contact
     */
    public static Contact decode(String contactId, byte[] bytes) {
        return Decoding.decode(contactId, bytes, FORMAT_VERSION, FORMAT_VERSION, (in, format) -> {
            String id = in.readString();
            if (!id.equals(contactId)) {
                throw in.problem("the bytes describe contact '" + id + "'");
            }
            return new Contact(id, ValueFormat.readAttributes(in), readZone(in), readConsents(in), readConsents(in),
                    ValueFormat.readOptional(in));
        });
    }

    private static void writeConsents(StateWriter out, Set<Consent> consents) {
        out.writeInt(consents.size());
        for (Consent consent : consents) {
            out.writeString(consent.channel());
            ValueFormat.writeOptional(out, consent.purpose());
        }
    }

    private static Set<Consent> readConsents(StateReader in) {
        int count = in.readCount("consents", 5);
        Set<Consent> consents = new HashSet<>(count * 2);
        for (int i = 0; i < count; i++) {
            consents.add(new Consent(in.readString(), ValueFormat.readOptional(in)));
        }
        return consents;
    }

    private static ZoneId readZone(StateReader in) {
        int at = in.position();
        String zone = in.readString();
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException unknown) {
            throw in.problem("unknown time zone '" + zone + "' at byte " + at);
        }
    }
}
