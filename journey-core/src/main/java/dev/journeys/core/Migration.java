package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.engine.JourneyEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to move the contacts in flight on older versions of a journey to a new version, given to
 * {@code JourneyEngine.publish(journey, migration)}: for each step a contact may wait at in an
 * older version, the step of the new version it waits at instead, with the same timer.
 *
 * <pre>{@code
 * Migration.of("two-days", "one-day").and("clicked-or-three-days", "clicked-or-three-days")
 * }</pre>
 *
 * <p>Every step an in-flight contact occupies when the new version is published must be mapped,
 * or the publish is refused before anything changes. Contacts queued by an entry rate limit move
 * too, to the new version's start.
 *
 * <p>Immutable and thread-safe.
 *
 * @param steps old step id to new step id, in the order given
 */
public record Migration(Map<String, String> steps) {

    /** Checks and copies the mapping. */
    public Migration {
        Objects.requireNonNull(steps, "steps");
        steps.forEach((from, to) -> {
            Ids.requireId(from, "migrated step id");
            Ids.requireId(to, "step id '" + from + "' is migrated to");
        });
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /**
     * Returns a migration of one step.
     *
     * @param fromStep a step of an older version
     * @param toStep the step of the new version its contacts move to
     * @return the migration
     */
    public static Migration of(String fromStep, String toStep) {
        return new Migration(Map.of(fromStep, toStep));
    }

    /**
     * Returns this migration with one more step mapped.
     *
     * @param fromStep a step of an older version, not mapped yet
     * @param toStep the step of the new version its contacts move to
     * @return the migration
     * @throws IllegalArgumentException if the step is mapped already
     */
    public Migration and(String fromStep, String toStep) {
        if (steps.containsKey(fromStep)) {
            throw new IllegalArgumentException("step '" + fromStep + "' is mapped already, to '"
                    + steps.get(fromStep) + "'");
        }
        Map<String, String> more = new LinkedHashMap<>(steps);
        more.put(fromStep, toStep);
        return new Migration(more);
    }

    /** Returns the step of the new version a contact at {@code fromStep} moves to, if mapped. */
    public Optional<String> target(String fromStep) {
        return Optional.ofNullable(steps.get(fromStep));
    }
}
