package dev.journeys.store.postgres;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyEngine;
import dev.journeys.core.JourneyException;
import dev.journeys.dsl.json.JourneyJson;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The published journey versions in PostgreSQL (table {@code journey_version}), each as its JSON
 * document ({@link JourneyJson}), so that every engine node sharing the database runs the same
 * definitions, and a node that starts later knows the older versions its contacts may still be on.
 *
 * <pre>{@code
 * PostgresJourneyVersions versions = new PostgresJourneyVersions(dataSource, clock);
 * JourneyEngine.Builder builder = JourneyEngine.builder().store(store)...;
 * versions.all().forEach(builder::journey);        // every version any node published
 * JourneyEngine engine = builder.build();
 * versions.publish(engine, welcomeV2);              // records it, then publishes it on this node
 * versions.refresh(engine);                         // now and then: what other nodes published since
 * }</pre>
 *
 * <p>A recorded version is frozen: recording another definition under the same journey id and
 * version is refused, naming both, as the engine refuses to publish a version twice. Recording the
 * same definition again (another node starting with the same code) does nothing. A journey that
 * holds a {@link dev.journeys.core.Condition.Custom} condition cannot be written as JSON and so
 * cannot be recorded. Statuses (paused, stopped) are not shared: each node's engine keeps its own.
 *
 * <p>The table comes with the store's schema ({@link PostgresSchema}, version 4). Thread-safe.
 */
public final class PostgresJourneyVersions {

    private final DataSource dataSource;
    private final InstantSource clock;

    /**
     * Creates the versions on tables that exist (see {@link PostgresSchema#migrate()}).
     *
     * @param dataSource the database
     * @param clock the clock that dates each recorded version
     */
    public PostgresJourneyVersions(DataSource dataSource, InstantSource clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records a journey version, unless the same definition is recorded already.
     *
     * @param journey the version
     * @return true if this call recorded it, false if it was recorded before
     * @throws IllegalStateException if another definition is recorded under the same journey id and
     *     version
     * @throws dev.journeys.dsl.json.JourneyJsonException if the journey cannot be written as JSON
     * @throws PostgresStoreException if the database fails
     */
    public boolean record(JourneyDefinition journey) {
        Objects.requireNonNull(journey, "journey");
        String document = JourneyJson.write(journey);
        try (Connection connection = PostgresSchema.connect(dataSource)) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO journey_version"
                    + " (journey_id, version, document, published_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, journey.id());
                insert.setInt(2, journey.version());
                insert.setString(3, document);
                insert.setLong(4, clock.millis());
                if (insert.executeUpdate() == 1) {
                    return true;
                }
            }
            String recorded = recordedDocument(connection, journey);
            if (!recorded.equals(document)) {
                throw new IllegalStateException("journey '" + journey.id() + "' version " + journey.version()
                        + " is already published in " + DataSources.describe(dataSource) + " with another definition;"
                        + " a published version is frozen: publish the change as a higher version. Recorded:\n"
                        + recorded + "\nrefused:\n" + document);
            }
            return false;
        } catch (SQLException failed) {
            throw failure("record journey '" + journey.id() + "' version " + journey.version(), failed);
        }
    }

    private static String recordedDocument(Connection connection, JourneyDefinition journey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT document FROM journey_version WHERE journey_id = ? AND version = ?")) {
            select.setString(1, journey.id());
            select.setInt(2, journey.version());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /**
     * Validates a journey version on the engine, records it, then publishes it there: how a node
     * publishes at run time so that the others, and nodes started later, can find it.
     *
     * @param engine the engine of this node
     * @param journey the version
     * @throws dev.journeys.core.InvalidJourneyException if the engine finds errors in it (nothing
     *     is recorded)
     * @throws IllegalStateException if another definition is recorded under its id and version
     * @throws IllegalArgumentException if the engine already published this version
     */
    public void publish(JourneyEngine engine, JourneyDefinition journey) {
        Objects.requireNonNull(engine, "engine");
        engine.validate(journey).requireNoErrors();
        record(journey);
        engine.publish(journey);
    }

    /**
     * Publishes on a running engine every recorded version newer than the newest it has of that
     * journey (a journey it lacks altogether included), oldest first: call it now and then on each
     * node, from a scheduled task for instance, so that a version another node published reaches
     * this one.
     *
     * @param engine the engine of this node
     * @return the versions it published, in order
     * @throws PostgresStoreException as {@link #all()}
     * @throws dev.journeys.core.InvalidJourneyException if the engine finds errors in a recorded
     *     version (one published by a node with other channels or actions, say); the versions
     *     before it are published
     */
    public List<JourneyDefinition> refresh(JourneyEngine engine) {
        Objects.requireNonNull(engine, "engine");
        Map<String, Integer> newest = new HashMap<>();
        engine.journeys().forEach(journey -> newest.put(journey.id(), journey.version()));
        List<JourneyDefinition> published = new ArrayList<>();
        for (JourneyDefinition recorded : all()) {
            if (recorded.version() > newest.getOrDefault(recorded.id(), 0)) {
                engine.publish(recorded);
                newest.put(recorded.id(), recorded.version());
                published.add(recorded);
            }
        }
        return published;
    }

    /**
     * Returns every recorded version, by journey id and then version, oldest first: hand each to
     * {@link JourneyEngine.Builder#journey} when building a node's engine.
     *
     * @return the versions
     * @throws PostgresStoreException if the database fails, or a recorded document cannot be read
     *     (naming the journey and version)
     */
    public List<JourneyDefinition> all() {
        List<JourneyDefinition> versions = new ArrayList<>();
        try (Connection connection = PostgresSchema.connect(dataSource);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT journey_id, version, document FROM journey_version ORDER BY journey_id, version");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                try {
                    versions.add(JourneyJson.read(rows.getString(3)));
                } catch (JourneyException unreadable) {
                    throw new PostgresStoreException("journey '" + rows.getString(1) + "' version " + rows.getInt(2)
                            + " recorded in " + DataSources.describe(dataSource) + " cannot be read: "
                            + unreadable.getMessage(), unreadable);
                }
            }
        } catch (SQLException failed) {
            throw failure("read the published journey versions", failed);
        }
        return versions;
    }

    private PostgresStoreException failure(String what, SQLException cause) {
        return DataSources.failure(dataSource, what, cause);
    }
}
