package dev.journeys.core;

import dev.journeys.core.spi.MessageChannel;

import java.util.HashMap;
import java.util.Map;

/**
 * A channel that fails some attempts, decided by a stable hash of the seed and the message's
 * idempotency key, so the same seed and the same messages fail the same way in every run: about half
 * of the messages fail their first attempt, and about one in twelve fail every attempt (the
 * engine then drops them). What it accepts it only records; the engine's listener sees it as a
 * {@code MessageSent}.
 *
 * <p>Thread-safe.
 */
final class FlakyChannel implements MessageChannel {

    private final long seed;
    private final Map<IdempotencyKey, Integer> attempts = new HashMap<>();

    FlakyChannel(long seed) {
        this.seed = seed;
    }

    @Override
    public synchronized void send(OutgoingMessage message) {
        int attempt = attempts.merge(message.key(), 1, Integer::sum);
        long hash = mix(seed ^ message.key().toString().hashCode());
        int bucket = (int) Math.floorMod(hash, 12L);
        if (bucket == 0 || (bucket < 6 && attempt == 1)) {
            throw new IllegalStateException("flaky channel refused attempt " + attempt + " of " + message.key());
        }
    }

    /** SplitMix64's finaliser: a cheap, well-spread stable hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
