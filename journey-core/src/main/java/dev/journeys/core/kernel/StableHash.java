package dev.journeys.core.kernel;

import java.nio.charset.StandardCharsets;

/**
 * A hash that is the same on every JVM and every run (64-bit FNV-1a over UTF-8, then a final
 * mix), used for sticky A/B assignment. Part of the kernel.
 */
public final class StableHash {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private StableHash() {
    }

    /**
     * Returns a bucket in {@code [0, buckets)} for the parts, the same every time.
     *
     * @param buckets how many buckets; positive
     * @param parts the strings hashed, in order
     * @return the bucket
     */
    public static long bucket(long buckets, String... parts) {
        long hash = OFFSET;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * PRIME;
            }
            hash = (hash ^ 0xff) * PRIME; // separator: ("ab","c") and ("a","bc") differ
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return Long.remainderUnsigned(hash, buckets);
    }
}
