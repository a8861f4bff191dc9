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
 * @param parked instances parked there because their evaluation failed (each parking counts;
 *     see {@link dev.journeys.core.Incident})
 */
public record StepCounts(String stepId, String kind, long reached, long sent, Map<SkipReason, Long> skipped,
                        long cancelled, long dropped, Map<ExitCause, Long> exited, long waiting, long deferred,
                        long parked) {

    /** Checks and copies the components. */
    public StepCounts {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        exited = Collections.unmodifiableMap(new TreeMap<>(exited));
    }

    /**
     * Creates the counts of a step where no instance was parked.
     *
     * @param stepId the step
     * @param kind the step's kind
     * @param reached how many times contacts reached it
     * @param sent messages a channel took from it
     * @param skipped sends skipped there, by reason
     * @param cancelled effects cancelled before dispatch
     * @param dropped effects given up after their last failed dispatch
     * @param exited contacts who left the journey there, by cause
     * @param waiting contacts waiting there now
     * @param deferred sends held there
     */
    public StepCounts(String stepId, String kind, long reached, long sent, Map<SkipReason, Long> skipped,
                      long cancelled, long dropped, Map<ExitCause, Long> exited, long waiting, long deferred) {
        this(stepId, kind, reached, sent, skipped, cancelled, dropped, exited, waiting, deferred, 0);
    }
}
