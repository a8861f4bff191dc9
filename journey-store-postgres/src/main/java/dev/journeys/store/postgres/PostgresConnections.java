package dev.journeys.store.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The connections of {@link PostgresJourneyStore}: each asked for from the data source, again
 * after a backoff that doubles while the database cannot be reached; the transactions run on
 * them; the errors that name the database.
 *
 * <p>Thread-safe.
 */
final class PostgresConnections {

    /** Logged under the store's name, the one the user guide tells operators to configure. */
    private static final Logger LOG = LoggerFactory.getLogger(PostgresJourneyStore.class);

    private final DataSource dataSource;
    private final int attempts;
    private final Duration firstBackoff;

    /**
     * @param dataSource the database
     * @param attempts how many times a connection is asked for before a call fails; at least 1
     * @param firstBackoff the wait before the second attempt; each later wait is twice the one before
     */
    PostgresConnections(DataSource dataSource, int attempts, Duration firstBackoff) {
        this.dataSource = dataSource;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /** Returns a connection from the data source, asking again after a backoff while it cannot be reached. */
    Connection connect() {
        long waitMillis = firstBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return PostgresSchema.connect(dataSource);
            } catch (PostgresStoreException unreachable) {
                if (attempt >= attempts) {
                    throw new PostgresStoreException(unreachable.getMessage() + " (after " + attempt + " attempts)",
                            unreachable.getCause());
                }
                LOG.warn("{}; trying again in {} ms (attempt {} of {})", unreachable.getMessage(), waitMillis,
                        attempt + 1, attempts);
                pause(waitMillis);
                waitMillis = Math.min(waitMillis * 2, Duration.ofMinutes(1).toMillis());
            }
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PostgresStoreException("interrupted while waiting to reconnect", interrupted);
        }
    }

    /** Statements run in one transaction; may throw what JDBC throws. */
    interface TransactionWork {
        void run() throws SQLException;
    }

    /**
     * Runs the work in one transaction on the connection: commits it, or rolls it back if the work
     * throws (a failed rollback kept as suppressed), and puts the connection back in auto-commit.
     */
    static void inTransaction(Connection connection, TransactionWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException failed) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                failed.addSuppressed(rollbackFailed);
            }
            throw failed;
        } finally {
            restoreAutoCommit(connection);
        }
    }

    /**
     * Puts the connection back in auto-commit before it goes back to its pool. A failure is logged,
     * not thrown: the transaction already ended, and it would hide what the caller has to know
     * (whether the save was made or refused).
     */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException failed) {
            LOG.warn("could not put a connection back in auto-commit: {}", DataSources.summary(failed));
        }
    }

    /** Returns the error for a statement that failed, naming what was being done and the database. */
    PostgresStoreException failure(String what, SQLException cause) {
        return DataSources.failure(dataSource, what, cause);
    }
}
