package dev.journeys.core.persistence;

import java.util.Arrays;

/**
 * Writes the primitives of {@link ContactStateCodec}'s format into a growing byte array: numbers
 * big-endian, strings as their length in UTF-16 units followed by each unit in one to three bytes
 * (the modified UTF-8 of {@link java.io.DataOutput#writeUTF}, without its 64 KiB limit), so every
 * Java string, unpaired surrogates included, comes back equal.
 *
 * <p>Not thread-safe; one per encoding.
 */
final class StateWriter {

    private byte[] bytes = new byte[256];
    private int size;

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeBoolean(boolean value) {
        writeByte(value ? 1 : 0);
    }

    void writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    void writeString(String value) {
        int length = value.length();
        writeInt(length);
        ensure(3 * length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x01 && c <= 0x7F) {
                bytes[size++] = (byte) c;
            } else if (c <= 0x7FF) { // and 0, written in two bytes so that a 0 byte never means a character
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    void writeBytes(byte[] value) {
        writeInt(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
