package dev.journeys.store.postgres.stress;

import java.util.Properties;

/**
 * What a {@link TwoEngineStressTest} run does, from the system properties {@code stress.store},
 * {@code stress.seeds}, {@code stress.firstSeed} and {@code stress.latencyMicros}; the other
 * settings are the fixed ones of the stress test (2,000 contacts, 8 feeding threads, 24 rounds of
 * 6 ticks).
 *
 * @param store {@code memory}, {@code postgres} or {@code both}
 * @param seeds how many seeds on each store
 * @param firstSeed the first seed
 * @param latencyMicros how long each channel call takes
 */
record StressOptions(String store, int seeds, long firstSeed, int latencyMicros) {

    /** The value of {@code stress.store} that runs both stores. */
    static final String BOTH = "both";

    /**
     * Reads the options.
     *
     * @param properties the system properties
     * @param ordinarySeeds the seeds when {@code stress.seeds} is not set
     * @return the options
     * @throws IllegalArgumentException naming the property if one is not valid
     */
    static StressOptions of(Properties properties, int ordinarySeeds) {
        String store = properties.getProperty("stress.store", BOTH).trim();
        if (!store.equals(BOTH) && !store.equals(StressStores.MEMORY) && !store.equals(StressStores.POSTGRES)) {
            throw new IllegalArgumentException("system property stress.store must be " + StressStores.MEMORY + ", "
                    + StressStores.POSTGRES + " or " + BOTH + ", was '" + store + "'");
        }
        return new StressOptions(store, (int) number(properties, "stress.seeds", ordinarySeeds, 1),
                number(properties, "stress.firstSeed", 1, Integer.MIN_VALUE),
                (int) number(properties, "stress.latencyMicros", 0, 0));
    }

    /** Returns whether the store of this name runs. */
    boolean runs(String name) {
        return store.equals(BOTH) || store.equals(name);
    }

    /** Returns the settings of every seed. */
    StressRun.Settings settings() {
        return new StressRun.Settings(2_000, 8, 24, 6, latencyMicros * 1_000L);
    }

    private static long number(Properties properties, String name, long fallback, long least) {
        String text = properties.getProperty(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim().replace("_", "").replace(",", ""));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("system property " + name + " must be a whole number, was '" + text
                    + "'", notANumber);
        }
        if (value < least) {
            throw new IllegalArgumentException("system property " + name + " must be at least " + least + ", was "
                    + value);
        }
        return value;
    }
}
