package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.engine.JourneyEngine;
import java.util.Objects;
import java.util.Optional;

/**
 * How contacts enter a journey.
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface Entry {

    /** Returns the kind of journey this entry makes. */
    JourneyKind kind();

    /**
     * A matching event starts an instance for its contact.
     *
     * @param trigger the event type and filter
     */
    record OnEvent(Trigger trigger) implements Entry {
        /** Checks the component. */
        public OnEvent {
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public JourneyKind kind() {
            return JourneyKind.TRIGGER_BASED;
        }
    }

    /**
     * Members of a segment are enrolled together, at each occurrence of the schedule: the engine
     * walks the contact directory a page at a time, evaluates the segment on each contact, and
     * enrols the members (subject to re-entry and exclusions). Without a schedule, the host runs
     * an enrolment with {@link JourneyEngine#enrolSegment(String)} or enrols contacts one by one
     * with {@link JourneyEngine#enrol(String, String)}.
     *
     * @param segment the segment's id, defined on the engine ({@link Segments})
     * @param schedule when to enrol it, if on a schedule
     */
    record FromSegment(String segment, Optional<Schedule> schedule) implements Entry {
        /** Checks the components. */
        public FromSegment {
            Ids.requireText(segment, "segment");
            Objects.requireNonNull(schedule, "schedule");
        }

        /**
         * Creates an entry from a segment with no schedule.
         *
         * @param segment the segment's id
         */
        public FromSegment(String segment) {
            this(segment, Optional.empty());
        }

        @Override
        public JourneyKind kind() {
            return JourneyKind.SEGMENT_BASED;
        }
    }
}
