package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;

/**
 * An event type and a filter: what starts a journey, stops it, or ends a wait for an event.
 *
 * <pre>{@code
 * Trigger guideForm = Trigger.on("form.submitted")
 *         .where(Condition.payload("form").isEqualTo("french-press-guide"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param eventType the type of event that fires it
 * @param filter a test of the event's payload and the contact; {@link Condition#always()} for none
 */
public record Trigger(String eventType, Condition filter) {

    /** Checks the components. */
    public Trigger {
        Ids.requireText(eventType, "event type");
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * Returns a trigger fired by every event of the type.
     *
     * @param eventType the event type
     * @return the trigger
     */
    public static Trigger on(String eventType) {
        return new Trigger(eventType, Condition.always());
    }

    /**
     * Returns a copy that fires only when the filter also holds (combined with any filter it has).
     *
     * @param condition the filter
     * @return the new trigger
     */
    public Trigger where(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new Trigger(eventType, filter.equals(Condition.always()) ? condition : filter.and(condition));
    }

    @Override
    public String toString() {
        return filter.equals(Condition.always()) ? "'" + eventType + "'" : "'" + eventType + "' where " + filter;
    }
}
