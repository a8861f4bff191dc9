package dev.journeys.testkit;

import dev.journeys.core.ExitCause;
import dev.journeys.core.SkipReason;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * What happened at one step of a journey in a simulation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stepId the step
 * @param kind the step's kind, such as {@code Send} or {@code Branch}
 * @param reached how many times contacts reached it
 * @param sent messages a channel took from it
 * @param skipped sends skipped there, by reason
 * @param cancelled effects decided there but cancelled before dispatch
 * @param dropped effects decided there and given up after their last failed dispatch
 * @param exited contacts who left the journey there, by cause
 * @param waiting contacts waiting there now
 * @param deferred sends held there by quiet hours or a deferring cap (each hold counts)
 */
public record StepCounts(String stepId, String kind, long reached, long sent, Map<SkipReason, Long> skipped,
                        long cancelled, long dropped, Map<ExitCause, Long> exited, long waiting, long deferred) {

    /** Checks and copies the components. */
    public StepCounts {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        exited = Collections.unmodifiableMap(new TreeMap<>(exited));
    }
}
