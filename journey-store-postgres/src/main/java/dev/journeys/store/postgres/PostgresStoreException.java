package dev.journeys.store.postgres;

import dev.journeys.core.JourneyException;

/**
 * Thrown when the PostgreSQL store cannot do its work: the database cannot be reached, a
 * statement failed, or the schema in the database is newer than this library knows. The
 * message names what was being done, and the database without its password.
 */
public final class PostgresStoreException extends JourneyException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public PostgresStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, usually a {@link java.sql.SQLException}
     */
    public PostgresStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
