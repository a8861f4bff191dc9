package dev.journeys.testkit;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Derives independent, reproducible random streams from one seed and a name. Internal. */
final class Seeds {
    private Seeds() {
    }

    /** Returns a random stream for one purpose, the same for the same seed and parts on every run. */
    static SplittableRandom random(long seed, String part, long index) {
        long hash = 0xcbf29ce484222325L ^ seed;
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ index) * 0x100000001b3L;
        return new SplittableRandom(hash);
    }

    static double requireProbability(double probability, String what) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, was " + probability);
        }
        return probability;
    }
}
