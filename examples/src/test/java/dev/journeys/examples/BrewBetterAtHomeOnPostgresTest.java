package dev.journeys.examples;

import dev.journeys.core.spi.JourneyStore;
import dev.journeys.store.postgres.PostgresJourneyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario S1 with its contacts kept in PostgreSQL tells the same story as in memory. */
class BrewBetterAtHomeOnPostgresTest {

    @Test
    void theStoryOnPostgresIsTheStoryInMemory() throws IOException {
        String inMemory = Printed.by(out -> BrewBetterAtHome.run(out, clock -> JourneyStore.inMemory()));
        String onPostgres;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            DataSource database = postgres.getPostgresDatabase();
            onPostgres = Printed.by(out -> BrewBetterAtHome.run(out,
                    clock -> PostgresJourneyStore.open(database, clock, Duration.ofMinutes(1))));
        }

        assertThat(onPostgres).isEqualTo(inMemory).contains("grinder");
    }

    @Test
    void aJdbcUrlKeepsTheContactsInThatDatabase() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            System.setProperty("example.store", postgres.getJdbcUrl("postgres", "postgres"));
            try {
                BrewBetterAtHome.main(new String[0]);
            } finally {
                System.clearProperty("example.store");
            }
            PostgresJourneyStore store = new PostgresJourneyStore(postgres.getPostgresDatabase(),
                    java.time.InstantSource.system(), Duration.ofMinutes(1));
            assertThat(store.size()).isEqualTo(3);
            assertThat(store.load("ana").orElseThrow().historyOf("brew-better-at-home")).isPresent();
        }
    }

    @Test
    void anUnknownStoreIsRefusedByName() {
        System.setProperty("example.store", "mongodb://nowhere");
        try {
            assertThatThrownBy(() -> BrewBetterAtHome.main(new String[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("example.store must be 'memory', 'postgres' or a jdbc:postgresql: URL, was 'mongodb://nowhere'");
        } finally {
            System.clearProperty("example.store");
        }
    }
}
