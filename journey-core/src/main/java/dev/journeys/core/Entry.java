package dev.journeys.core;

import java.util.Objects;

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
     * Members of a segment are enrolled together. Until segment definitions and schedules land,
     * the host enrols the members with {@link JourneyEngine#enrol(String, String)}.
     *
     * @param segment the segment's name
     */
    record FromSegment(String segment) implements Entry {
        /** Checks the component. */
        public FromSegment {
            Ids.requireText(segment, "segment");
        }

        @Override
        public JourneyKind kind() {
            return JourneyKind.SEGMENT_BASED;
        }
    }
}
