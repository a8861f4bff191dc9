package dev.journeys.testkit;

import dev.journeys.core.ContactState;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a test environment saw of one contact: every event in order, and the state the
 * engine keeps now. Assert on it with {@link JourneyAssertions#assertThat(ContactHistory)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contactId the contact
 * @param events what happened to them, in order
 * @param state what the engine keeps about them now, if anything
 * @param timeline the events as text, a line each, for failure messages
 */
public record ContactHistory(String contactId, List<JourneyEvent> events, Optional<ContactState> state,
                             String timeline) {

    /** Checks and copies the components. */
    public ContactHistory {
        Objects.requireNonNull(contactId, "contactId");
        events = List.copyOf(events);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timeline, "timeline");
    }

    /** Returns the messages channels took for this contact, in order. */
    public List<OutgoingMessage> sent() {
        return events.stream().filter(JourneyEvent.MessageSent.class::isInstance)
                .map(e -> ((JourneyEvent.MessageSent) e).message()).toList();
    }

    /** Returns the events of a kind, in order. */
    public <T extends JourneyEvent> List<T> eventsOf(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
