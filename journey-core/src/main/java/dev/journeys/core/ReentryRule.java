package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a contact may enter a journey again.
 *
 * <pre>{@code
 * ReentryRule.afterExit()                                        // the default
 * ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24))   // scenario S5
 * ReentryRule.never()
 * ReentryRule.always().withMaxEntries(3)                         // parallel instances, at most 3 ever
 * }</pre>
 *
 * <p>An entry the rule refuses is an {@link dev.journeys.core.event.JourneyEvent.EntryDeclined}
 * event saying which part of the rule refused it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode whether a contact may enter again at all, and while still in the journey
 * @param coolDown the least time between two entries (measured as {@code coolDownFrom} says);
 *     zero for none
 * @param coolDownFrom what the cool-down is measured from
 * @param maxEntries the most entries a contact may ever make, at least 1
 */
public record ReentryRule(Mode mode, Duration coolDown, CoolDownFrom coolDownFrom, int maxEntries) {

    /** Whether and when a contact may enter again. */
    public enum Mode {
        /** Once only: a contact who ever entered never enters again. */
        NEVER,
        /** Again once the previous instance ended. The default. */
        AFTER_EXIT,
        /** Any time, even while earlier instances run (parallel instances). */
        ALWAYS
    }

    /** What a cool-down is measured from. */
    public enum CoolDownFrom {
        /** The contact's last entry. */
        ENTRY,
        /** The end of the contact's last instance. */
        EXIT
    }

    /** Checks the components. */
    public ReentryRule {
        Objects.requireNonNull(mode, "mode");
        TimeBounds.requireDuration(coolDown, "re-entry cool-down");
        Objects.requireNonNull(coolDownFrom, "coolDownFrom");
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("re-entry cool-down must not be negative, was " + coolDown);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("re-entry maxEntries must be at least 1, was " + maxEntries);
        }
    }

    /** Returns the rule that lets a contact enter only once. */
    public static ReentryRule never() {
        return new ReentryRule(Mode.NEVER, Duration.ZERO, CoolDownFrom.ENTRY, 1);
    }

    /** Returns the default rule: again once the previous instance ended. */
    public static ReentryRule afterExit() {
        return new ReentryRule(Mode.AFTER_EXIT, Duration.ZERO, CoolDownFrom.ENTRY, Integer.MAX_VALUE);
    }

    /** Returns the rule that lets a contact enter any time, in parallel instances. */
    public static ReentryRule always() {
        return new ReentryRule(Mode.ALWAYS, Duration.ZERO, CoolDownFrom.ENTRY, Integer.MAX_VALUE);
    }

    /** Returns a copy that also needs this much time since the contact's last entry. */
    public ReentryRule withCoolDownSinceEntry(Duration coolDown) {
        return new ReentryRule(mode, coolDown, CoolDownFrom.ENTRY, maxEntries);
    }

    /** Returns a copy that also needs this much time since the contact's last instance ended. */
    public ReentryRule withCoolDownSinceExit(Duration coolDown) {
        return new ReentryRule(mode, coolDown, CoolDownFrom.EXIT, maxEntries);
    }

    /** Returns a copy that allows at most this many entries in all. */
    public ReentryRule withMaxEntries(int maxEntries) {
        return new ReentryRule(mode, coolDown, coolDownFrom, maxEntries);
    }

    /**
     * Returns why the rule refuses an entry now, or empty if it allows it.
     *
     * @param history the contact's history in the journey, or empty if they never entered
     * @param inJourney whether an instance of the journey is running for the contact
     * @param now the entry's time
     * @return the reason, in words
     */
    public Optional<String> refusal(Optional<JourneyHistory> history, boolean inJourney, Instant now) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(now, "now");
        if (history.isEmpty()) {
            return Optional.empty();
        }
        JourneyHistory past = history.get();
        if (mode == Mode.NEVER) {
            return Optional.of("re-entry is never allowed, and the contact entered before");
        }
        if (mode == Mode.AFTER_EXIT && inJourney) {
            return Optional.of("already in the journey; re-entry only after the instance ends");
        }
        if (past.entries() >= maxEntries) {
            return Optional.of("entered " + past.entries() + " times already, the most allowed");
        }
        OptionalLong since = coolDownFrom == CoolDownFrom.ENTRY ? OptionalLong.of(past.lastEnteredAtMillis())
                : past.lastExitedAtMillis();
        if (!coolDown.isZero() && since.isPresent() && now.toEpochMilli() < since.getAsLong() + coolDown.toMillis()) {
            return Optional.of("cool-down of " + coolDown + " since the last " + coolDownFrom.name().toLowerCase()
                    + " at " + Instant.ofEpochMilli(since.getAsLong()) + " has not passed");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return mode + (coolDown.isZero() ? "" : ", cool-down " + coolDown + " since " + coolDownFrom)
                + (maxEntries == Integer.MAX_VALUE ? "" : ", at most " + maxEntries + " entries");
    }
}
