package dev.journeys.core.persistence;

import dev.journeys.core.Event;

import java.util.Objects;

/**
 * Turns an {@link Event} into bytes and back: for a host that keeps a contact's recorded events
 * as state of its own, or sends events between the parts of a stream processing job.
 *
 * <pre>{@code
 * byte[] bytes = EventCodec.encode(event);
 * Event same = EventCodec.decode(event.contactId(), bytes); // equals event
 * }</pre>
 *
 * <p>The bytes start with the format version ({@value #FORMAT_VERSION}), then hold the id, the
 * type, the contact's id, when it occurred, the payload (as {@link ContactStateCodec} writes
 * attributes) and the message id. Bytes that cannot be read raise an
 * {@link UnreadableStateException} naming the contact.
 *
 * <p>Static methods only.
 */
public final class EventCodec {

    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private EventCodec() {
    }

    /**
     * Encodes an event.
     *
     * @param event the event
     * @return its bytes, starting with {@link #FORMAT_VERSION}
     */
    public static byte[] encode(Event event) {
        Objects.requireNonNull(event, "event");
        StateWriter out = new StateWriter();
        out.writeByte(FORMAT_VERSION);
        out.writeString(event.id());
        out.writeString(event.type());
        out.writeString(event.contactId());
        ValueFormat.writeInstant(out, event.occurredAt());
        ValueFormat.writeAttributes(out, event.payload());
        ValueFormat.writeOptional(out, event.messageId());
        return out.toByteArray();
    }

    /**
     * Decodes an event.
     *
     * @param contactId the contact the bytes are kept for, named in errors and checked against the
     *     event's contact
     * @param bytes what {@link #encode} returned
     * @return the event
     * @throws UnreadableStateException if the bytes cannot be read or hold another contact's event
     */
    public static Event decode(String contactId, byte[] bytes) {
        return Decoding.decode(contactId, bytes, FORMAT_VERSION, FORMAT_VERSION, (in, format) -> {
            String id = in.readString();
            String type = in.readString();
            String about = in.readString();
            if (!about.equals(contactId)) {
                throw in.problem("the bytes hold an event of contact '" + about + "'");
            }
            return new Event(id, type, about, ValueFormat.readInstant(in), ValueFormat.readAttributes(in),
                    ValueFormat.readOptional(in));
        });
    }
}
