package dev.journeys.store.postgres;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;

import static dev.journeys.core.Trigger.on;

/**
 * A real PostgreSQL for one test class, started before its first test and stopped after its
 * last: register it in a static field with {@code @RegisterExtension}.
 */
final class EmbeddedDatabase implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Returns the running server's default database. */
    DataSource dataSource() {
        if (postgres == null) {
            throw new IllegalStateException("the embedded PostgreSQL runs only while its test class does");
        }
        return postgres.getPostgresDatabase();
    }

    /** Returns the JDBC URL of the running server's default database, for user {@code postgres}. */
    String jdbcUrl() {
        dataSource(); // fails the same way when the server is not running
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The journey the engine tests run: a welcome, two days, tips. */
    static JourneyDefinition welcome() {
        return Journey.withId("welcome")
                .triggeredBy(on("signed.up"))
                .send("hello", Message.email("hello"))
                .waitFor("two-days", Duration.ofDays(2))
                .send("tips", Message.email("tips"))
                .build();
    }
}
