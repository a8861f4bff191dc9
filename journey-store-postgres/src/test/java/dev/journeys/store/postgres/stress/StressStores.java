package dev.journeys.store.postgres.stress;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.journeys.core.spi.InMemoryJourneyStore;
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
 * The stores of {@link TwoEngineStressTest}: one in-memory store ({@link InMemoryJourneyStore},
 * what {@link JourneyStore#inMemory()} makes, with a lease of its own) that both engines share, or
 * an embedded PostgreSQL database that each engine reaches through its own
 * {@link PostgresJourneyStore} and HikariCP pool, emptied before each seed. Both have the lease
 * they are made with: how long a claim, and the hold on an effect decided, lasts for the engine
 * that took it.
 *
 * <p>Not thread-safe: one seed at a time.
 */
abstract class StressStores implements StressRun.Stores, AutoCloseable {

    /** The name of the in-memory stores. */
    static final String MEMORY = "memory";
    /** The name of the PostgreSQL stores. */
    static final String POSTGRES = "postgres";

    /**
     * Returns the stores of a name.
     *
     * @param name {@value #MEMORY} or {@value #POSTGRES}
     * @param lease the stores' lease
     * @return the stores
     * @throws IOException if the embedded PostgreSQL cannot start
     */
    static StressStores of(String name, Duration lease) throws IOException {
        return switch (name) {
            case MEMORY -> new InMemory(lease);
            case POSTGRES -> new Postgres(lease);
            default -> throw new IllegalArgumentException("store must be " + MEMORY + " or " + POSTGRES + ", was '"
                    + name + "'");
        };
    }

    @Override
    public void close() throws IOException {
    }

    /** One in-memory store, new for each seed, shared by both engines. */
    private static final class InMemory extends StressStores {

        private final Duration lease;

        private InMemory(Duration lease) {
            this.lease = lease;
        }

        @Override
        public List<JourneyStore> open(VirtualClock clock) {
            JourneyStore store = new InMemoryJourneyStore(lease);
            return List.of(store, store);
        }
    }

    /** One embedded PostgreSQL server; each engine has its own pool and store on its database. */
    private static final class Postgres extends StressStores {

        private final Duration lease;
        private final EmbeddedPostgres server;
        private final List<HikariDataSource> pools;

        private Postgres(Duration lease) throws IOException {
            this.lease = lease;
            this.server = EmbeddedPostgres.builder().start();
            try {
                PostgresJourneyStore.open(server.getPostgresDatabase(), VirtualClock.at(StressRun.START), lease);
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
            return List.of(new PostgresJourneyStore(pools.get(0), clock, lease),
                    new PostgresJourneyStore(pools.get(1), clock, lease));
        }

        @Override
        public void close() throws IOException {
            pools.forEach(HikariDataSource::close);
            server.close();
        }
    }
}
