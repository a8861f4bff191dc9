package dev.journeys.store.postgres;

import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.EnrolmentProgressStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The enrolment progress of {@link PostgresJourneyStore}: one row per journey in
 * {@code journey_enrolment_progress}, written over at each save.
 *
 * <p>Thread-safe.
 */
final class PostgresEnrolmentProgress implements EnrolmentProgressStore {

    private final PostgresConnections connections;

    PostgresEnrolmentProgress(PostgresConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<EnrolmentProgress> enrolmentProgress(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        try (Connection connection = connections.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT occurrence_epoch_second, occurrence_nano, last_contact_id, done, considered, members "
                             + "FROM journey_enrolment_progress WHERE journey_id = ?")) {
            select.setString(1, journeyId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new EnrolmentProgress(journeyId,
                        Instant.ofEpochSecond(row.getLong(1), row.getInt(2)), Optional.ofNullable(row.getString(3)),
                        row.getBoolean(4), row.getLong(5), row.getLong(6)));
            }
        } catch (SQLException failed) {
            throw connections.failure("load the enrolment progress of journey '" + journeyId + "'", failed);
        }
    }

    @Override
    public void saveEnrolmentProgress(EnrolmentProgress progress) {
        Objects.requireNonNull(progress, "progress");
        try (Connection connection = connections.connect();
             PreparedStatement upsert = connection.prepareStatement(
                     "INSERT INTO journey_enrolment_progress (journey_id, occurrence_epoch_second, occurrence_nano, "
                             + "last_contact_id, done, considered, members) VALUES (?, ?, ?, ?, ?, ?, ?) "
                             + "ON CONFLICT (journey_id) DO UPDATE SET "
                             + "occurrence_epoch_second = EXCLUDED.occurrence_epoch_second, "
                             + "occurrence_nano = EXCLUDED.occurrence_nano, last_contact_id = EXCLUDED.last_contact_id, "
                             + "done = EXCLUDED.done, considered = EXCLUDED.considered, members = EXCLUDED.members")) {
            upsert.setString(1, progress.journeyId());
            upsert.setLong(2, progress.occurrence().getEpochSecond());
            upsert.setInt(3, progress.occurrence().getNano());
            upsert.setString(4, progress.lastContactId().orElse(null));
            upsert.setBoolean(5, progress.done());
            upsert.setLong(6, progress.considered());
            upsert.setLong(7, progress.members());
            upsert.executeUpdate();
        } catch (SQLException failed) {
            throw connections.failure("save the enrolment progress of journey '" + progress.journeyId() + "'", failed);
        }
    }
}
