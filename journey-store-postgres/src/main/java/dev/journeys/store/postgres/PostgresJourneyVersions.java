package dev.journeys.store.postgres;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.JourneyException;
import dev.journeys.core.JourneyStatus;
import dev.journeys.dsl.json.JourneyJson;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * <p>The table comes with the store's schema ({@link PostgresSchema}, version 5). Thread-safe;
 * {@link #publish} and {@link #refresh} of one instance run one at a time, so give each node one.
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
     * Records a journey version, unless the same definition is recorded already (compared as
     * definitions, so a document written by another library version still matches).
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
            if (!recorded.equals(document) && !journey.equals(read(journey.id(), journey.version(), recorded))) {
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

    private String recordedDocument(Connection connection, JourneyDefinition journey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT document FROM journey_version WHERE journey_id = ? AND version = ?")) {
            select.setString(1, journey.id());
            select.setInt(2, journey.version());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("journey '" + journey.id() + "' version " + journey.version()
                            + " was neither inserted nor found: was it deleted meanwhile?");
                }
                return row.getString(1);
            }
        }
    }

    /**
     * Publishes a journey version on this node's engine and records it for the others. The engine's
     * checks come first, so nothing is recorded that this node refuses: a version it already runs
     * with another definition, a STOPPED journey, errors found by validation. Publishing a version
     * this node already runs, with the same definition, only makes sure it is recorded.
     *
     * @param engine the engine of this node
     * @param journey the version
     * @throws dev.journeys.core.InvalidJourneyException if the engine finds errors in it (nothing
     *     is recorded)
     * @throws IllegalArgumentException if the engine runs another definition under this version
     * @throws IllegalStateException if the journey is STOPPED on this node, or another definition
     *     is recorded under this version (then the engine has not published it either)
     */
    public synchronized void publish(JourneyEngine engine, JourneyDefinition journey) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(journey, "journey");
        Optional<JourneyDefinition> running = engine.journey(journey.id(), journey.version());
        if (running.isPresent()) {
            if (!running.get().equals(journey)) {
                throw new IllegalArgumentException("version " + journey.version() + " of journey '" + journey.id()
                        + "' is already published on this engine with another definition; publish a higher version");
            }
            record(journey);
            return;
        }
        if (engine.journeys().stream().anyMatch(j -> j.id().equals(journey.id()))
                && engine.status(journey.id()) == JourneyStatus.STOPPED) {
            throw new IllegalStateException("journey '" + journey.id() + "' is STOPPED on this engine, which is final;"
                    + " clone it into a new draft (cloneAsDraft) to run it again");
        }
        engine.validate(journey).requireNoErrors(); // before recording: the engine validates again when publishing
        record(journey);
        engine.publish(journey);
    }

    /**
     * Publishes on a running engine every recorded version it does not have, by journey id and then
     * version: call it now and then on each node, from a scheduled task for instance, so that a
     * version another node published reaches this one (an older version too, which contacts moved
     * here from another node may be on). A version the engine refuses does not stop the others.
     *
     * @param engine the engine of this node
     * @return the versions it published, in order
     * @throws PostgresStoreException as {@link #all()}
     * @throws IllegalStateException after publishing the others, if the engine refused some
     *     recorded versions (errors found by validation, a STOPPED journey) or runs another
     *     definition under a recorded version; the message names each with the reason
     */
    public synchronized List<JourneyDefinition> refresh(JourneyEngine engine) {
        Objects.requireNonNull(engine, "engine");
        List<JourneyDefinition> published = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (JourneyDefinition recorded : all()) {
            Optional<JourneyDefinition> running = engine.journey(recorded.id(), recorded.version());
            if (running.isPresent()) {
                if (!running.get().equals(recorded)) {
                    refused.add(recorded + ": this engine runs another definition under that version");
                }
                continue;
            }
            try {
                engine.publish(recorded);
                published.add(recorded);
            } catch (RuntimeException refusedByEngine) {
                refused.add(recorded + ": " + refusedByEngine.getMessage());
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("this engine did not publish " + refused.size() + " of the journey versions"
                    + " recorded in " + DataSources.describe(dataSource) + " (it published " + published.size()
                    + " others):\n" + String.join("\n", refused));
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
                versions.add(read(rows.getString(1), rows.getInt(2), rows.getString(3)));
            }
        } catch (SQLException failed) {
            throw failure("read the published journey versions", failed);
        }
        return versions;
    }

    private JourneyDefinition read(String journeyId, int version, String document) {
        try {
            return JourneyJson.read(document);
        } catch (JourneyException unreadable) {
            throw new PostgresStoreException("journey '" + journeyId + "' version " + version + " recorded in "
                    + DataSources.describe(dataSource) + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    private PostgresStoreException failure(String what, SQLException cause) {
        return DataSources.failure(dataSource, what, cause);
    }
}
