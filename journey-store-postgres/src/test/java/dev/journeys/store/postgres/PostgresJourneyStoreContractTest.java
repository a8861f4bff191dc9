package dev.journeys.store.postgres;

import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.store.JourneyStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The PostgreSQL store meets the store contract, on an embedded PostgreSQL started once for the
 * class; each test starts on emptied tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJourneyStoreContractTest extends JourneyStoreContract {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private DataSource dataSource;

    @BeforeAll
    void connect() {
        dataSource = DATABASE.dataSource();
        new PostgresSchema(dataSource).migrate();
    }

    @Override
    protected JourneyStore newStore(InstantSource leaseClock) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE journey_contact, journey_enrolment_progress, journey_processed_event, "
                    + "journey_version, journey_status, journey_draft");
        } catch (SQLException failed) {
            throw new IllegalStateException(failed);
        }
        return new PostgresJourneyStore(dataSource, leaseClock, LEASE);
    }

    @Override
    protected Optional<Duration> lease() {
        return Optional.of(LEASE);
    }
}
