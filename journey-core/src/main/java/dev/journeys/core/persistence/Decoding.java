package dev.journeys.core.persistence;

import java.util.Objects;

/**
 * What every decoder of this package does around the reading of its record: checks the format
 * version, reads with a {@link StateReader}, refuses bytes left over, and turns a component's
 * refusal of what the bytes hold into an {@link UnreadableStateException} that names the contact
 * and the byte, not the value (it can be private data, and the reason is logged).
 *
 * <p>Static methods only.
 */
final class Decoding {

    /** Reads one record from bytes whose format version is already checked. */
    interface Body<T> {
        T read(StateReader in, int format);
    }

    private Decoding() {
    }

    /**
     * Decodes a record of a contact.
     *
     * @param contactId the contact the bytes belong to, named in errors
     * @param bytes the bytes, starting with a format version from {@code oldest} to {@code newest}
     * @param oldest the oldest format version read
     * @param newest the newest format version read
     * @param body reads the record after the format version byte
     * @return the record
     * @throws UnreadableStateException if the bytes cannot be read
     */
    static <T> T decode(String contactId, byte[] bytes, int oldest, int newest, Body<T> body) {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new UnreadableStateException(contactId, "no bytes");
        }
        if (bytes[0] < oldest || bytes[0] > newest) {
            throw new UnreadableStateException(contactId, "unknown format version " + bytes[0]
                    + " (this library reads format versions " + (oldest == newest ? oldest : oldest + " to " + newest)
                    + "; a newer version of the library may have written it)");
        }
        StateReader in = new StateReader(contactId, bytes);
        try {
            T record = body.read(in, in.readByte());
            in.expectEnd();
            return record;
        } catch (UnreadableStateException unreadable) {
            throw unreadable;
        } catch (RuntimeException invalid) { // a component's check refused what the bytes hold
            throw new UnreadableStateException(contactId, "invalid value before byte " + in.position() + " ("
                    + invalid.getClass().getName() + ")", invalid);
        }
    }
}
