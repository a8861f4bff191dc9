package dev.journeys.flink;

import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;
import dev.journeys.core.kernel.JourneyCatalog;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the Flink host keeps of a contact beside the kernel's state, in keyed state: the inputs
 * held until the watermark passes them (by timestamp, in arrival order), the ids of the contact's
 * events within the duplicate window, and the events the journeys' history conditions ask about.
 * Works on the current key's state; one per function instance.
 */
final class ContactRecords {

    private final MapState<Long, List<ContactInput>> held;
    private final MapState<String, Long> seenEvents;
    private final ListState<Event> recorded;
    private final long duplicateWindowMillis;

    ContactRecords(RuntimeContext runtime, Duration duplicateWindow) {
        held = runtime.getMapState(new MapStateDescriptor<>("pending-inputs", LongSerializer.INSTANCE,
                new ListSerializer<>(ContactInputSerializer.INSTANCE)));
        seenEvents = runtime.getMapState(new MapStateDescriptor<>("seen-event-ids", StringSerializer.INSTANCE,
                LongSerializer.INSTANCE));
        recorded = runtime.getListState(new ListStateDescriptor<>("recorded-events", CodecSerializer.EVENTS));
        duplicateWindowMillis = duplicateWindow.toMillis();
    }

    /** Holds an input until the watermark passes its timestamp. */
    void hold(ContactInput input) throws Exception {
        List<ContactInput> waiting = held.get(input.atMillis());
        List<ContactInput> more = waiting == null ? new ArrayList<>(1) : new ArrayList<>(waiting);
        more.add(input);
        held.put(input.atMillis(), more);
    }

    /** Returns whether an input is held at a timestamp (a Flink timer at that instant must stay). */
    boolean holdsAt(long atMillis) throws Exception {
        return held.contains(atMillis);
    }

    /** Returns the inputs held at a timestamp, in the order they arrived, and lets go of them. */
    List<ContactInput> takeHeld(long atMillis) throws Exception {
        List<ContactInput> inputs = held.get(atMillis);
        held.remove(atMillis);
        return inputs == null ? List.of() : inputs;
    }

    /** Returns whether the contact had an event of this id within the duplicate window; remembers it. */
    boolean isDuplicate(Event event, long nowMillis) throws Exception {
        long forgetBefore = nowMillis - duplicateWindowMillis;
        for (Iterator<Map.Entry<String, Long>> seen = seenEvents.iterator(); seen.hasNext(); ) {
            if (seen.next().getValue() < forgetBefore) {
                seen.remove();
            }
        }
        if (seenEvents.contains(event.id())) {
            return true;
        }
        seenEvents.put(event.id(), nowMillis);
        return false;
    }

    /** Records an event if a history condition of the journeys asks about its type. */
    void recordForHistory(Event event, JourneyCatalog journeys) throws Exception {
        if (journeys.historyTypes().contains(event.type())) {
            recorded.add(event);
        }
    }

    /** Returns the recorded events the journeys' history conditions can still see, forgetting older ones. */
    EventHistory history(JourneyCatalog journeys, Instant now) throws Exception {
        if (journeys.historyTypes().isEmpty()) {
            return EventHistory.empty();
        }
        Instant since = journeys.historySince(now);
        List<Event> kept = new ArrayList<>();
        boolean forgot = false;
        for (Event event : recorded.get()) {
            if (event.occurredAt().isBefore(since)) {
                forgot = true;
            } else {
                kept.add(event);
            }
        }
        if (forgot) {
            recorded.update(kept);
        }
        return new EventHistory(kept);
    }
}
