package dev.journeys.core.persistence;

/**
 * Reads what {@link StateWriter} wrote, checking every length against the bytes left, so bytes
 * cut short or holding garbage raise an {@link UnreadableStateException} naming the contact and
 * the byte offset, never an {@link ArrayIndexOutOfBoundsException} or an allocation of
 * gigabytes.
 *
 * <p>Not thread-safe; one per decoding.
 */
final class StateReader {

    private final String contactId;
    private final byte[] bytes;
    private int position;

    StateReader(String contactId, byte[] bytes) {
        this.contactId = contactId;
        this.bytes = bytes;
    }

    int readByte() {
        require(1, "a byte");
        return bytes[position++];
    }

    boolean readBoolean() {
        int at = position;
        int value = readByte();
        if (value != 0 && value != 1) {
            throw problem("expected a boolean (0 or 1) at byte " + at + ", found " + value);
        }
        return value == 1;
    }

    int readInt() {
        require(4, "an int");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readLong() {
        require(8, "a long");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /**
     * Reads how many elements follow, each taking at least {@code minBytesEach} bytes, and checks
     * that many can be there.
     */
    int readCount(String what, int minBytesEach) {
        int at = position;
        int count = readInt();
        if (count < 0 || (long) count * minBytesEach > remaining()) {
            throw problem("count of " + what + " at byte " + at + " is " + count + ", but only " + remaining()
                    + " bytes are left");
        }
        return count;
    }

    String readString() {
        int length = readCount("characters", 1);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int at = position;
            int first = readByte() & 0xFF;
            if (first >= 0x01 && first <= 0x7F) {
                chars[i] = (char) first;
            } else if ((first & 0xE0) == 0xC0) {
                chars[i] = (char) (((first & 0x1F) << 6) | continuation(at));
            } else if ((first & 0xF0) == 0xE0) {
                int second = continuation(at);
                chars[i] = (char) (((first & 0x0F) << 12) | (second << 6) | continuation(at));
            } else {
                throw problem("malformed character at byte " + at + ": 0x" + Integer.toHexString(first));
            }
        }
        return new String(chars);
    }

    byte[] readBytes() {
        int length = readCount("bytes", 1);
        byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    /** Checks that every byte was read. */
    void expectEnd() {
        if (remaining() != 0) {
            throw problem(remaining() + " bytes left over after the state ended at byte " + position);
        }
    }

    int position() {
        return position;
    }

    UnreadableStateException problem(String what) {
        return new UnreadableStateException(contactId, what);
    }

    private int continuation(int characterAt) {
        int next = readByte() & 0xFF;
        if ((next & 0xC0) != 0x80) {
            throw problem("malformed character at byte " + characterAt + ": 0x" + Integer.toHexString(next)
                    + " is not a continuation byte");
        }
        return next & 0x3F;
    }

    private int remaining() {
        return bytes.length - position;
    }

    private void require(int count, String what) {
        if (remaining() < count) {
            throw problem("cut short: expected " + what + " at byte " + position + ", but the state has only "
                    + bytes.length + " bytes");
        }
    }
}
