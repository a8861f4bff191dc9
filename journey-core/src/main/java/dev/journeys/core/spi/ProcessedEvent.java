package dev.journeys.core.spi;

import dev.journeys.core.IdRules;

import java.time.Instant;
import java.util.Objects;

/**
 * The event a {@linkplain JourneyStore#save(dev.journeys.core.ContactState, ProcessedEvent) save}
 * applied to its contact: the store records its id with the state, so that no engine sharing the
 * store applies the event to that contact again while the id is kept.
 *
 * <pre>{@code
 * store.save(next, new ProcessedEvent(event.id(), clock.instant()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param eventId the event's id, unique per contact ({@link dev.journeys.core.Event#id()})
 * @param processedAt when the engine applied it, on the engine's clock; the store forgets the id
 *     once {@link JourneyStore#forgetProcessedEvents} is called with a later instant
 */
public record ProcessedEvent(String eventId, Instant processedAt) {

    /** Checks the components. */
    public ProcessedEvent {
        IdRules.requireEventId(eventId, "eventId");
        Objects.requireNonNull(processedAt, "processedAt");
    }
}
