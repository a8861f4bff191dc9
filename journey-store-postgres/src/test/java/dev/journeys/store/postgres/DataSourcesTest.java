package dev.journeys.store.postgres;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the store's errors keep of a driver's message: they are logged. */
class DataSourcesTest {

    @Test
    void aDriversMessageKeepsItsFirstLineAndSqlStateButNotTheServersDetail() {
        SQLException failed = new SQLException("ERROR: new row for relation \"journey_contact\" violates check "
                + "constraint \"state_size\"\n  Detail: Failing row contains (ana.lopez@example.com, \\x01f3)", "23514");

        assertThat(DataSources.summary(failed)).isEqualTo("ERROR: new row for relation \"journey_contact\" violates "
                + "check constraint \"state_size\" (SQL state 23514)");
    }
}
