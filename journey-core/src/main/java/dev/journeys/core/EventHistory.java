package dev.journeys.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The events recorded about one contact that history conditions ({@link Condition#hadEvent})
 * read, oldest first. A {@link dev.journeys.core.spi.ContactDirectory} supplies it; the engine
 * loads only the event types its conditions ask about, and only when some condition does.
 *
 * <p>Immutable and thread-safe.
 *
 * @param events the events, sorted by when they occurred
 */
public record EventHistory(List<Event> events) {

    private static final EventHistory EMPTY = new EventHistory(List.of());

    /** Copies and sorts the events. */
    public EventHistory {
        events = events.stream().sorted(Comparator.comparing(Event::occurredAt)).toList();
    }

    /** Returns a history with no events. */
    public static EventHistory empty() {
        return EMPTY;
    }

    /**
     * Counts the events of a type that occurred in {@code (from, to]} and pass a test.
     *
     * @param eventType the type
     * @param from the exclusive start, or {@link Instant#MIN} for the whole history
     * @param to the inclusive end
     * @param test which events count
     * @return how many
     */
    public long count(String eventType, Instant from, Instant to, Predicate<Event> test) {
        long count = 0;
        for (Event event : events) {
            if (event.type().equals(eventType) && event.occurredAt().isAfter(from) && !event.occurredAt().isAfter(to)
                    && test.test(event)) {
                count++;
            }
        }
        return count;
    }
}
