package dev.journeys.core.spi;

import java.time.Instant;

/**
 * The processed-events capability of a store: the ids of the events its saves applied
 * ({@link ContactStates#save(dev.journeys.core.ContactState, ProcessedEvent)}), so that engines
 * sharing it, or restarted on it, apply an event once; forgotten after the engine's duplicate
 * window.
 *
 * <p>Thread-safe.
 */
public interface ProcessedEvents {

    /**
     * Returns whether the store holds the event's id for the contact: a save
     * {@linkplain #save(ContactState, ProcessedEvent) applied} it and it was not forgotten since.
     * The engine asks before it loads the contact for an event, so a copy of an event applied
     * elsewhere costs one look-up.
     *
     * @param contactId the contact
     * @param eventId the event's id
     * @return whether the event was applied to the contact and is still remembered
     */
    boolean hasProcessed(String contactId, String eventId);

    /**
     * Forgets up to {@code limit} of the recorded event ids whose
     * {@link ProcessedEvent#processedAt()} is before {@code before}, the oldest first as far as the
     * store keeps an order; ids recorded at or after it are kept. The engine calls it from
     * {@link dev.journeys.core.engine.JourneyEngine#runDue()} now and then with its duplicate window
     * before the current instant, and again on its next run while a call forgets a full
     * {@code limit}.
     *
     * @param before ids recorded before this instant may be forgotten
     * @param limit the most ids to forget in this call; positive
     * @return how many ids were forgotten
     */
    int forgetProcessedEvents(Instant before, int limit);
}
