package dev.journeys.store.postgres;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyException;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.RecordedStatus;
import dev.journeys.dsl.json.JourneyJson;
import dev.journeys.dsl.json.JourneyJsonException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The {@link JourneyDefinitions} of {@link PostgresJourneyStore}: published versions in
 * {@code journey_version}, statuses in {@code journey_status}, drafts in {@code journey_draft},
 * definitions as JSON documents ({@link JourneyJson}). A recorded version is frozen, so each is
 * read and parsed once per instance and kept; {@link #versions()} then reads only the keys.
 *
 * <p>Thread-safe.
 */
final class PostgresDefinitions implements JourneyDefinitions {

    private static final Comparator<JourneyDefinition> BY_ID_THEN_VERSION =
            Comparator.comparing(JourneyDefinition::id).thenComparingInt(JourneyDefinition::version);

    private final DataSource dataSource;
    private final Supplier<Connection> connections;
    /** The versions read so far, by {@link #key}: frozen once recorded, so never stale. */
    private final ConcurrentMap<String, JourneyDefinition> parsed = new ConcurrentHashMap<>();

    /**
     * @param dataSource the database, named in messages
     * @param connections opens a connection, as the store does (with its retries)
     */
    PostgresDefinitions(DataSource dataSource, Supplier<Connection> connections) {
        this.dataSource = dataSource;
        this.connections = connections;
    }

    @Override
    public boolean recordVersion(JourneyDefinition journey, Instant publishedAt) {
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(publishedAt, "publishedAt");
        String document = write(journey, "published");
        try (Connection connection = connections.get()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO journey_version"
                    + " (journey_id, version, document, published_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, journey.id());
                insert.setInt(2, journey.version());
                insert.setString(3, document);
                insert.setLong(4, publishedAt.toEpochMilli());
                if (insert.executeUpdate() == 1) {
                    return true;
                }
            }
            String recorded = recordedDocument(connection, journey.id(), journey.version());
            if (!recorded.equals(document) && !journey.equals(read(journey.id(), journey.version(), recorded))) {
                throw new IllegalStateException("journey '" + journey.id() + "' version " + journey.version()
                        + " is already published in " + DataSources.describe(dataSource) + " with another definition;"
                        + " a published version is frozen: publish the change as a higher version. Recorded:\n"
                        + recorded + "\nrefused:\n" + document);
            }
            return false;
        } catch (SQLException failed) {
            throw failure("record " + journey, failed);
        }
    }

    private String write(JourneyDefinition journey, String as) {
        try {
            return JourneyJson.write(journey);
        } catch (JourneyJsonException unwritable) {
            throw new IllegalArgumentException(journey + " cannot be " + as + " on a PostgreSQL store, which keeps"
                    + " journey definitions as JSON documents for every node: " + unwritable.getMessage(), unwritable);
        }
    }

    private static String recordedDocument(Connection connection, String journeyId, int version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT document FROM journey_version WHERE journey_id = ? AND version = ?")) {
            select.setString(1, journeyId);
            select.setInt(2, version);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("journey '" + journeyId + "' version " + version
                            + " was neither inserted nor found: was it deleted meanwhile?");
                }
                return row.getString(1);
            }
        }
    }

    @Override
    public List<JourneyDefinition> versions() {
        List<JourneyDefinition> versions = new ArrayList<>();
        try (Connection connection = connections.get();
             PreparedStatement select = connection.prepareStatement("SELECT journey_id, version FROM journey_version");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String journeyId = rows.getString(1);
                int version = rows.getInt(2);
                JourneyDefinition known = parsed.get(key(journeyId, version));
                if (known == null) {
                    known = read(journeyId, version, recordedDocument(connection, journeyId, version));
                    parsed.put(key(journeyId, version), known);
                }
                versions.add(known);
            }
        } catch (SQLException failed) {
            throw failure("read the published journey versions", failed);
        }
        versions.sort(BY_ID_THEN_VERSION);
        return versions;
    }

    private static String key(String journeyId, int version) {
        return journeyId + "\0" + version;
    }

    private JourneyDefinition read(String journeyId, int version, String document) {
        try {
            return JourneyJson.read(document);
        } catch (JourneyException unreadable) {
            throw new PostgresStoreException("journey '" + journeyId + "' version " + version + " recorded in "
                    + DataSources.describe(dataSource) + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    @Override
    public Optional<RecordedStatus> status(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        List<RecordedStatus> found = readStatuses(" WHERE journey_id = ?", journeyId);
        return found.stream().findFirst();
    }

    @Override
    public List<RecordedStatus> statuses() {
        List<RecordedStatus> statuses = new ArrayList<>(readStatuses("", null));
        statuses.sort(Comparator.comparing(RecordedStatus::journeyId));
        return statuses;
    }

    private List<RecordedStatus> readStatuses(String where, String journeyId) {
        List<RecordedStatus> statuses = new ArrayList<>();
        try (Connection connection = connections.get();
             PreparedStatement select = connection.prepareStatement("SELECT journey_id, status, reason,"
                     + " changed_at_second, changed_at_nano, revision FROM journey_status" + where)) {
            if (journeyId != null) {
                select.setString(1, journeyId);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    statuses.add(new RecordedStatus(rows.getString(1), status(rows.getString(1), rows.getString(2)),
                            rows.getString(3), Instant.ofEpochSecond(rows.getLong(4), rows.getInt(5)), rows.getLong(6)));
                }
            }
        } catch (SQLException failed) {
            throw failure("read the journey statuses", failed);
        }
        return statuses;
    }

    private JourneyStatus status(String journeyId, String name) {
        try {
            return JourneyStatus.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            throw new PostgresStoreException("the status of journey '" + journeyId + "' recorded in "
                    + DataSources.describe(dataSource) + " is '" + name + "', which this library does not know", unknown);
        }
    }

    @Override
    public boolean saveStatus(RecordedStatus status) {
        Objects.requireNonNull(status, "status");
        String sql = status.revision() == 1
                ? "INSERT INTO journey_status (status, reason, changed_at_second, changed_at_nano, revision, journey_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (journey_id) DO NOTHING"
                : "UPDATE journey_status SET status = ?, reason = ?, changed_at_second = ?, changed_at_nano = ?,"
                        + " revision = ? WHERE journey_id = ? AND revision = ?";
        try (Connection connection = connections.get();
             PreparedStatement write = connection.prepareStatement(sql)) {
            write.setString(1, status.status().name());
            write.setString(2, status.reason());
            write.setLong(3, status.changedAt().getEpochSecond());
            write.setInt(4, status.changedAt().getNano());
            write.setLong(5, status.revision());
            write.setString(6, status.journeyId());
            if (status.revision() > 1) {
                write.setLong(7, status.revision() - 1);
            }
            return write.executeUpdate() == 1;
        } catch (SQLException failed) {
            throw failure("record the status of journey '" + status.journeyId() + "'", failed);
        }
    }

    @Override
    public void saveDraft(JourneyDefinition draft) {
        Objects.requireNonNull(draft, "draft");
        String document = write(draft, "saved as a draft");
        try (Connection connection = connections.get();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO journey_draft (journey_id, version,"
                     + " document) VALUES (?, ?, ?) ON CONFLICT (journey_id) DO UPDATE SET version = EXCLUDED.version,"
                     + " document = EXCLUDED.document")) {
            upsert.setString(1, draft.id());
            upsert.setInt(2, draft.version());
            upsert.setString(3, document);
            upsert.executeUpdate();
        } catch (SQLException failed) {
            throw failure("save the draft of journey '" + draft.id() + "'", failed);
        }
    }

    @Override
    public Optional<JourneyDefinition> draft(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        try (Connection connection = connections.get();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT document FROM journey_draft WHERE journey_id = ?")) {
            select.setString(1, journeyId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(JourneyJson.readDraft(row.getString(1)));
                } catch (JourneyException unreadable) {
                    throw new PostgresStoreException("the draft of journey '" + journeyId + "' saved in "
                            + DataSources.describe(dataSource) + " cannot be read: " + unreadable.getMessage(),
                            unreadable);
                }
            }
        } catch (SQLException failed) {
            throw failure("read the draft of journey '" + journeyId + "'", failed);
        }
    }

    @Override
    public void deleteDraft(String journeyId, int upToVersion) {
        Objects.requireNonNull(journeyId, "journeyId");
        try (Connection connection = connections.get();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM journey_draft WHERE journey_id = ? AND version <= ?")) {
            delete.setString(1, journeyId);
            delete.setInt(2, upToVersion);
            delete.executeUpdate();
        } catch (SQLException failed) {
            throw failure("delete the draft of journey '" + journeyId + "'", failed);
        }
    }

    private PostgresStoreException failure(String what, SQLException cause) {
        return DataSources.failure(dataSource, what, cause);
    }
}
