package dev.journeys.testkit;

import dev.journeys.core.Event;

import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Events waiting for the virtual clock to reach them, earliest first; among events at the same
 * instant, in the order they were scheduled. Internal. Thread-safe.
 */
final class ScriptedEvents {

    private record Scheduled(Instant at, long sequence, Event event) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> {
        int byTime = a.at().compareTo(b.at());
        return byTime != 0 ? byTime : Long.compare(a.sequence(), b.sequence());
    });
    private long sequence;

    /** Returns an empty script. */
    static ScriptedEvents none() {
        return new ScriptedEvents();
    }

    synchronized void add(Event event) {
        queue.add(new Scheduled(event.occurredAt(), sequence++, event));
    }

    /** Returns when the next event is due, or {@code null}. */
    synchronized Instant nextAt() {
        Scheduled next = queue.peek();
        return next == null ? null : next.at();
    }

    synchronized Event poll() {
        return queue.poll().event();
    }

    synchronized int size() {
        return queue.size();
    }
}
