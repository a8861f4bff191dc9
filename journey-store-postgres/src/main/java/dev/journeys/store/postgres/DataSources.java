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

    /** Returns the error for a statement that failed, naming what was being done and the database. */
    static PostgresStoreException failure(DataSource dataSource, String what, SQLException cause) {
        return new PostgresStoreException("cannot " + what + " in " + describe(dataSource) + ": " + cause.getMessage(),
                cause);
    }

    static String withoutPassword(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }
}
