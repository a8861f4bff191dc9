package dev.journeys.store.postgres;

import org.postgresql.ds.common.BaseDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Names a {@link DataSource} in error messages: the JDBC URL of a PostgreSQL data source with
 * any password taken out, or the data source's class for one that does not say its URL.
 */
final class DataSources {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private DataSources() {
    }

    static String describe(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(BaseDataSource.class)) {
                return withoutPassword(dataSource.unwrap(BaseDataSource.class).getUrl());
            }
        } catch (SQLException | RuntimeException cannotTell) {
            // fall through to the class name
        }
        return "the data source " + dataSource.getClass().getName();
    }

    /**
     * Returns the error for a statement that failed, naming what was being done and the database.
     * Its message is logged, so it keeps only the first line of the driver's and the SQL state:
     * the server's detail lines can quote a row ("Failing row contains ..."), which the cause still
     * holds.
     */
    static PostgresStoreException failure(DataSource dataSource, String what, SQLException cause) {
        return new PostgresStoreException("cannot " + what + " in " + describe(dataSource) + ": " + summary(cause),
                cause);
    }

    /** Returns the first line of a driver's message, with the SQL state; never the detail lines. */
    static String summary(SQLException failed) {
        String message = String.valueOf(failed.getMessage());
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip() + " (SQL state " + failed.getSQLState() + ")";
    }

    static String withoutPassword(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }
}
