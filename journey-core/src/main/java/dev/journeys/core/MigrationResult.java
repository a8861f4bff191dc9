package dev.journeys.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a migration did: how many instances moved from each step, and how many stayed on their
 * version because they reached an unmapped step between the check and the move.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param toVersion the version published
 * @param moved instances moved, by the old step they waited at ({@link #QUEUED} for queued ones)
 * @param stayed instances left on their version (they finish there), by the step they were at
 */
public record MigrationResult(String journeyId, int toVersion, Map<String, Long> moved, Map<String, Long> stayed) {

    /** The key under which instances queued by an entry rate limit are counted; no step id looks like it. */
    public static final String QUEUED = "(queued)";

    /** Checks and copies the components. */
    public MigrationResult {
        Objects.requireNonNull(journeyId, "journeyId");
        moved = java.util.Collections.unmodifiableMap(new TreeMap<>(moved));
        stayed = java.util.Collections.unmodifiableMap(new TreeMap<>(stayed));
    }

    /** Returns how many instances moved in all. */
    public long movedCount() {
        return moved.values().stream().mapToLong(Long::longValue).sum();
    }
}
