package dev.journeys.core;

/** Whether contacts enter a journey one by one on an event, or together from a segment. */
public enum JourneyKind {
    /** Entered by an event that matches the entry trigger. */
    TRIGGER_BASED,
    /** Entered by the members of a segment, enrolled together. */
    SEGMENT_BASED
}
