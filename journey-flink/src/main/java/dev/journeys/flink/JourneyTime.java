package dev.journeys.flink;

/**
 * Which time a job's journeys run on. Immutable and thread-safe.
 */
public enum JourneyTime {
    /**
     * The time the inputs carry, as the watermark advances: each contact's inputs are worked on in
     * the order of their timestamps (held until the watermark passes them), timers fire when the
     * watermark reaches them, and a run gives the same result from the same input, whenever and
     * however fast it runs. The default.
     */
    EVENT_TIME,
    /**
     * The clock of the machine each part of the job runs on: inputs are worked on as they arrive,
     * at the time they arrive, and timers fire by the clock. Results depend on when the job runs.
     */
    PROCESSING_TIME
}
