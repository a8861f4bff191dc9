package dev.journeys.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.store.postgres.PostgresJourneyStore;
import dev.journeys.testkit.VirtualClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The stores of {@link TwoEngineStress}: one {@link JourneyStore#inMemory()} store that both
 * engines share, or an embedded PostgreSQL database that each engine reaches through its own
 * {@link PostgresJourneyStore} and HikariCP pool, emptied before each seed.
 *
 * <p>Not thread-safe: one seed at a time.
 */
abstract class StressStores implements StressRun.Stores, AutoCloseable {

    /**
     * Returns the stores of a name.
     *
     * @param name {@code memory} or {@code postgres}
     * @return the stores
     * @throws IOException if the embedded PostgreSQL cannot start
     */
    static StressStores of(String name) throws IOException {
        return switch (name) {
            case "memory" -> new InMemory();
            case "postgres" -> new Postgres();
            default -> throw new IllegalArgumentException("store must be memory or postgres, was '" + name + "'");
        };
    }

    @Override
    public void close() throws IOException {
    }

    /** One in-memory store, new for each seed, shared by both engines. */
    private static final class InMemory extends StressStores {

        @Override
        public List<JourneyStore> open(VirtualClock clock) {
            JourneyStore store = JourneyStore.inMemory();
            return List.of(store, store);
        }
    }

    /** One embedded PostgreSQL server; each engine has its own pool and store on its database. */
    private static final class Postgres extends StressStores {

        private static final Duration LEASE = Duration.ofMinutes(5);

        private final EmbeddedPostgres server;
        private final List<HikariDataSource> pools;

        private Postgres() throws IOException {
            this.server = EmbeddedPostgres.builder().start();
            try {
                PostgresJourneyStore.open(server.getPostgresDatabase(), VirtualClock.at(StressRun.START), LEASE);
                String url = server.getJdbcUrl("postgres", "postgres");
                this.pools = List.of(pool(url, "engine-A"), pool(url, "engine-B"));
            } catch (RuntimeException failed) {
                server.close();
                throw failed;
            }
        }

        private static HikariDataSource pool(String url, String name) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername("postgres");
            config.setPoolName(name);
            config.setMaximumPoolSize(10); // 8 feeders and the runDue thread may use one engine at once
            return new HikariDataSource(config);
        }

        @Override
        public List<JourneyStore> open(VirtualClock clock) {
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE journey_contact, journey_enrolment_progress, journey_processed_event");
            } catch (SQLException failed) {
                throw new IllegalStateException("cannot empty the tables: " + failed.getMessage(), failed);
            }
            return List.of(new PostgresJourneyStore(pools.get(0), clock, LEASE),
                    new PostgresJourneyStore(pools.get(1), clock, LEASE));
        }

        @Override
        public void close() throws IOException {
            pools.forEach(HikariDataSource::close);
            server.close();
        }
    }
}
