package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * How long a {@link Step.Wait} holds the contact.
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface Delay {

    /**
     * Returns when a contact who reaches the wait at {@code now} moves on.
     *
     * @param now when the contact reached the wait
     * @param zone the contact's time zone
     * @return the instant the wait ends; may be at or before {@code now}
     */
    Instant endsAt(Instant now, ZoneId zone);

    /**
     * Returns whether the wait always holds the contact for some time, whenever they reach it.
     * Only such waits break a cycle: a wait until an instant that has passed holds nobody.
     */
    boolean alwaysHolds();

    /**
     * A fixed duration, such as two days.
     *
     * @param duration how long; must be positive (checked by validation)
     */
    record Fixed(Duration duration) implements Delay {
        /** Checks the component. */
        public Fixed {
            TimeBounds.requireDuration(duration, "wait duration");
        }

        @Override
        public Instant endsAt(Instant now, ZoneId zone) {
            return now.plus(duration);
        }

        @Override
        public boolean alwaysHolds() {
            return duration.compareTo(Duration.ZERO) > 0;
        }

        @Override
        public String toString() {
            return "for " + duration;
        }
    }

    /** What a wait until an instant does when the instant has already passed. */
    enum IfPassed {
        /** Go on to the next step at once (the default, as Dynamics and Salesforce do). */
        CONTINUE,
        /** End the instance. */
        EXIT
    }

    /**
     * Until a fixed instant, such as the start of a sale.
     *
     * @param instant when the wait ends
     * @param ifPassed what happens when a contact reaches the wait after the instant
     */
    record UntilInstant(Instant instant, IfPassed ifPassed) implements Delay {
        /** Checks the components. */
        public UntilInstant {
            TimeBounds.requireInstant(instant, "wait-until instant");
            Objects.requireNonNull(ifPassed, "ifPassed");
        }

        @Override
        public Instant endsAt(Instant now, ZoneId zone) {
            return instant;
        }

        @Override
        public boolean alwaysHolds() {
            return false;
        }

        @Override
        public String toString() {
            return "until " + instant;
        }
    }

    /**
     * Until the next time the contact's clock shows a time of day, such as 09:00 local time.
     *
     * <p>The wait ends at the first instant strictly after the contact reaches it whose local
     * time in the contact's zone is {@code timeOfDay} (a contact who arrives at 09:00 exactly
     * waits until 09:00 the next day, so a loop through this wait always holds). When that local
     * time does not exist on a day (a daylight-saving gap), the wait ends at the same offset moved
     * forward by the gap's length; when it exists twice (an overlap), at the earlier of the two
     * that is still ahead (a contact who reaches the wait between the two waits for the second).
     *
     * @param timeOfDay the local time of day
     */
    record UntilTimeOfDay(LocalTime timeOfDay) implements Delay {
        /** Checks the component. */
        public UntilTimeOfDay {
            Objects.requireNonNull(timeOfDay, "timeOfDay");
        }

        @Override
        public Instant endsAt(Instant now, ZoneId zone) {
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime candidate = ZonedDateTime.of(local.toLocalDate(), timeOfDay, zone);
            if (!candidate.toInstant().isAfter(now)) {
                // In an overlap the later pass of the same local time may still be ahead.
                ZonedDateTime later = candidate.withLaterOffsetAtOverlap();
                candidate = later.toInstant().isAfter(now) ? later
                        : ZonedDateTime.of(local.toLocalDate().plusDays(1), timeOfDay, zone);
            }
            return candidate.toInstant();
        }

        @Override
        public boolean alwaysHolds() {
            return true;
        }

        @Override
        public String toString() {
            return "until " + timeOfDay + " local time";
        }
    }
}
