package dev.journeys.store.postgres;

import dev.journeys.core.IdRules;
import dev.journeys.core.spi.ProcessedEvent;
import dev.journeys.core.spi.ProcessedEvents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * The processed-event rows of {@link PostgresJourneyStore} in {@code journey_processed_event}: one
 * per event applied to a contact, recorded in the transaction that saves its state, looked up,
 * and the oldest forgotten.
 *
 * <p>Thread-safe.
 */
final class PostgresProcessedEvents implements ProcessedEvents {

    private final PostgresConnections connections;

    PostgresProcessedEvents(PostgresConnections connections) {
        this.connections = connections;
    }

    /** Inserts the event's row unless it is there; returns whether it was inserted. */
    static boolean recordProcessed(Connection connection, String contactId, ProcessedEvent event)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO journey_processed_event (contact_id, event_id, processed_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (contact_id, event_id) DO NOTHING")) {
            insert.setString(1, contactId);
            insert.setString(2, event.eventId());
            insert.setLong(3, event.processedAt().toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    @Override
    public boolean hasProcessed(String contactId, String eventId) {
        IdRules.requireContactId(contactId, "contactId");
        IdRules.requireEventId(eventId, "eventId");
        try (Connection connection = connections.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT 1 FROM journey_processed_event WHERE contact_id = ? AND event_id = ?")) {
            select.setString(1, contactId);
            select.setString(2, eventId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException failed) {
            throw connections.failure("look up event '" + eventId + "' of contact '" + contactId + "'", failed);
        }
    }

    @Override
    public int forgetProcessedEvents(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        try (Connection connection = connections.connect();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM journey_processed_event WHERE (contact_id, event_id) IN ("
                             + "SELECT contact_id, event_id FROM journey_processed_event WHERE processed_at < ? "
                             + "ORDER BY processed_at LIMIT ? FOR UPDATE SKIP LOCKED)")) {
            delete.setLong(1, before.toEpochMilli());
            delete.setInt(2, limit);
            return delete.executeUpdate();
        } catch (SQLException failed) {
            throw connections.failure("forget the ids of events applied before " + before, failed);
        }
    }
}
