package dev.journeys.dsl.json;

import java.time.Duration;

/**
 * How durations are written: ISO-8601, in whole days when they are ({@code P7D}), otherwise as
 * {@link Duration#toString()} writes them ({@code PT48H30M}, {@code PT0.5S}). Both read back to
 * the same {@link Duration}: in this format a day is exactly 24 hours. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class Durations {

    private static final long SECONDS_PER_DAY = 86_400;

    private Durations() {
    }

    /** Returns the ISO-8601 text of a duration. */
    static String write(Duration duration) {
        if (!duration.isNegative() && !duration.isZero() && duration.getNano() == 0 && duration.getSeconds() % SECONDS_PER_DAY == 0) {
            return "P" + duration.getSeconds() / SECONDS_PER_DAY + "D";
        }
        return duration.toString();
    }
}
