package dev.journeys.core.internal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes the 128-bit fingerprint of a (contact id, event id) pair: the first 128 bits of the
 * SHA-256 of the pair. Internal.
 *
 * <p>A cryptographic hash because the ids come from outside: with the two 64-bit polynomial hashes
 * used before, two different 1,024-char event ids of one contact could be written to share a
 * fingerprint, and the second event was dropped as a duplicate. Two different pairs share a
 * SHA-256 fingerprint with a probability of about 2<sup>-128</sup>; finding such a pair on purpose
 * takes about 2<sup>64</sup> SHA-256 computations (the birthday bound; no shortcut is known). It
 * needs no key, so the engine stays deterministic.
 *
 * <p>The pair is encoded without ambiguity before it is hashed: the contact id's length in chars,
 * then each char of both ids in the one to three bytes UTF-8 gives it (a surrogate on its own), so
 * ("ab", "c") and ("a", "bc") differ. The last pair's fingerprint is kept, since a duplicate check
 * and the remembering after it ask for the same pair.
 *
 * <p>Not thread-safe: one per stripe, used under the stripe's lock.
 */
final class Fingerprinter {

    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];
    private byte[] encoded = new byte[128];
    private String lastContactId;
    private String lastEventId;
    private long first;
    private long second;

    Fingerprinter() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException required) {
            throw new IllegalStateException("every Java platform provides SHA-256", required);
        }
    }

    /** Computes the pair's fingerprint, then read by {@link #first()} and {@link #second()}. */
    void fingerprint(String contactId, String eventId) {
        if (eventId.equals(lastEventId) && contactId.equals(lastContactId)) {
            return;
        }
        int length = 5 + 3 * (contactId.length() + eventId.length());
        if (encoded.length < length) {
            encoded = new byte[Math.max(length, encoded.length * 2)];
        }
        int at = encodeLength(contactId.length(), 0);
        at = encode(contactId, at);
        at = encode(eventId, at);
        sha256.update(encoded, 0, at);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException impossible) { // the array holds the whole digest
            throw new IllegalStateException(impossible);
        }
        first = readLong(0);
        second = readLong(8);
        lastContactId = contactId;
        lastEventId = eventId;
    }

    /** The first 64 bits of the last fingerprint. */
    long first() {
        return first;
    }

    /** The second 64 bits of the last fingerprint. */
    long second() {
        return second;
    }

    /** Writes a non-negative int in seven-bit groups, the low ones first. */
    private int encodeLength(int value, int at) {
        while (value >= 0x80) {
            encoded[at++] = (byte) (value | 0x80);
            value >>>= 7;
        }
        encoded[at++] = (byte) value;
        return at;
    }

    /** Writes each char in the one to three bytes UTF-8 gives it: a prefix-free code. */
    private int encode(String text, int at) {
        byte[] out = encoded;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return at;
    }

    private long readLong(int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = value << 8 | digest[i] & 0xFF;
        }
        return value;
    }
}
