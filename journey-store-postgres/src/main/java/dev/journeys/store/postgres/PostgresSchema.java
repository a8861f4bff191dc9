package dev.journeys.store.postgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * Creates and upgrades the store's tables from the versioned SQL files beside this class
 * ({@code V1__contacts.sql}, ...), and records the version reached in the table
 * {@code journey_schema_version}.
 *
 * <pre>{@code
 * int version = new PostgresSchema(dataSource).migrate(); // creates what is missing, nothing twice
 * }</pre>
 *
 * <p>{@link #migrate()} runs in one transaction under a transaction-scoped advisory lock, so
 * several nodes starting at once apply each file once, and a file that fails leaves no part of
 * itself behind. It refuses a database whose schema is newer than {@link #LATEST_VERSION}: a
 * newer library wrote it, and this one could damage what it does not know.
 *
 * <p>Thread-safe: holds only its data source.
 */
public final class PostgresSchema {

    /** The SQL files, in the order they are applied; the n-th file brings the schema to version n. */
    private static final List<String> SCRIPTS = List.of("V1__contacts.sql", "V2__parked_contacts.sql",
            "V3__claim_tokens.sql", "V4__processed_events.sql", "V5__journey_versions.sql",
            "V6__journey_definitions.sql");

    /** The newest schema version this library knows. */
    public static final int LATEST_VERSION = SCRIPTS.size();

    /** The key of the advisory lock that serialises migrations: "journeys" in ASCII. */
    private static final long LOCK_KEY = 0x6A6F75726E657973L;

    private final DataSource dataSource;

    /**
     * Creates the schema manager.
     *
     * @param dataSource the database
     */
    public PostgresSchema(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Applies every SQL file not yet applied, in order, and records each.
     *
     * @return the schema version of the database afterwards: {@link #LATEST_VERSION}
     * @throws PostgresStoreException if the database cannot be reached (naming its URL without the
     *     password), a file fails, or the database's schema is newer than this library knows
     */
    public int migrate() {
        try (Connection connection = connect(dataSource)) {
            connection.setAutoCommit(false);
            try {
                int found = lockAndReadVersion(connection);
                if (found > LATEST_VERSION) {
                    throw new PostgresStoreException("the schema of " + DataSources.describe(dataSource)
                            + " is at version " + found + ", newer than version " + LATEST_VERSION
                            + ", the newest this library knows; use a library version that knows schema version "
                            + found);
                }
                for (int version = found + 1; version <= LATEST_VERSION; version++) {
                    apply(connection, version);
                }
                connection.commit();
                return LATEST_VERSION;
            } catch (SQLException | RuntimeException failed) {
                connection.rollback();
                throw failed;
            }
        } catch (SQLException failed) {
            throw new PostgresStoreException("cannot bring the schema of " + DataSources.describe(dataSource)
                    + " to version " + LATEST_VERSION + ": " + failed.getMessage(), failed);
        }
    }

    /**
     * Returns the schema version the database is at; 0 if the store's tables were never created.
     *
     * @return the version recorded in {@code journey_schema_version}
     * @throws PostgresStoreException if the database cannot be reached or read
     */
    public int currentVersion() {
        try (Connection connection = connect(dataSource);
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('journey_schema_version') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return 0;
                }
            }
            return readVersion(statement);
        } catch (SQLException failed) {
            throw new PostgresStoreException("cannot read the schema version of " + DataSources.describe(dataSource)
                    + ": " + failed.getMessage(), failed);
        }
    }

    /**
     * Opens a connection, or fails with a message naming the database without its password.
     */
    static Connection connect(DataSource dataSource) {
        try {
            return dataSource.getConnection();
        } catch (SQLException unreachable) {
            throw new PostgresStoreException("cannot connect to PostgreSQL at " + DataSources.describe(dataSource)
                    + ": " + unreachable.getMessage(), unreachable);
        }
    }

    private static int lockAndReadVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS journey_schema_version ("
                    + "version integer PRIMARY KEY, script text NOT NULL)");
            return readVersion(statement);
        }
    }

    private static int readVersion(Statement statement) throws SQLException {
        try (ResultSet max = statement.executeQuery("SELECT coalesce(max(version), 0) FROM journey_schema_version")) {
            max.next();
            return max.getInt(1);
        }
    }

    private static void apply(Connection connection, int version) throws SQLException {
        String script = SCRIPTS.get(version - 1);
        try (Statement statement = connection.createStatement()) {
            statement.execute(read(script));
        } catch (SQLException failed) {
            throw new SQLException("schema file " + script + " failed: " + failed.getMessage(), failed.getSQLState(),
                    failed);
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO journey_schema_version (version, script) VALUES (?, ?)")) {
            record.setInt(1, version);
            record.setString(2, script);
            record.executeUpdate();
        }
    }

    private static String read(String script) {
        try (InputStream in = PostgresSchema.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("schema file " + script + " is missing beside "
                        + PostgresSchema.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read schema file " + script, unreadable);
        }
    }
}
