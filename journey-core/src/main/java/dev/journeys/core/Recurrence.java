package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * How a segment journey's start repeats after its first occurrence.
 *
 * <pre>{@code
 * Recurrence.daily()                                                    // every 24 hours after the start
 * Recurrence.weekly()
 * Recurrence.cron("0 9 * * MON", ZoneId.of("America/Chicago"))         // Mondays at 09:00 in Chicago
 * }</pre>
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface Recurrence {

    /**
     * Returns the occurrence that follows one.
     *
     * @param previous an occurrence
     * @return the next, strictly after it, or empty if there is none
     */
    Optional<Instant> nextAfter(Instant previous);

    /**
     * A fixed period after each occurrence.
     *
     * @param period the period, positive
     */
    record Every(Duration period) implements Recurrence {
        /** Checks the component. */
        public Every {
            TimeBounds.requireDuration(period, "recurrence period");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("recurrence period must be positive, was " + period);
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant previous) {
            return Optional.of(previous.plus(period));
        }

        @Override
        public String toString() {
            return "every " + period;
        }
    }

    /**
     * The instants a cron expression names, on a zone's wall clock.
     *
     * @param expression the expression
     * @param zone the zone
     */
    record Cron(CronExpression expression, ZoneId zone) implements Recurrence {
        /** Checks the components. */
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Optional<Instant> nextAfter(Instant previous) {
            return expression.nextAfter(previous, zone);
        }

        @Override
        public String toString() {
            return expression + " in " + zone;
        }
    }

    /** Returns a recurrence every 24 hours. */
    static Recurrence daily() {
        return new Every(Duration.ofDays(1));
    }

    /** Returns a recurrence every 7 days. */
    static Recurrence weekly() {
        return new Every(Duration.ofDays(7));
    }

    /** Returns the instants a cron expression names in a zone; see {@link CronExpression}. */
    static Recurrence cron(String expression, ZoneId zone) {
        return new Cron(CronExpression.parse(expression), zone);
    }
}
