package dev.journeys.store.postgres;

import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.dsl.json.JourneyJsonException;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Published journey versions kept in PostgreSQL, shared by the nodes and frozen once recorded. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJourneyVersionsTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private final JourneyDefinition welcome = EmbeddedDatabase.welcome();
    private final VirtualClock clock = VirtualClock.at(START);
    private DataSource dataSource;
    private PostgresJourneyVersions versions;

    @BeforeEach
    void freshTables() throws SQLException {
        dataSource = DATABASE.dataSource();
        execute("DROP SCHEMA public CASCADE");
        execute("CREATE SCHEMA public");
        new PostgresSchema(dataSource).migrate();
        versions = new PostgresJourneyVersions(dataSource, clock);
    }

    @Test
    void aVersionIsRecordedOnceAndReadBackEqual() {
        assertThat(versions.record(welcome)).isTrue();
        assertThat(versions.record(welcome)).isFalse(); // another node starting with the same code

        assertThat(versions.all()).containsExactly(welcome);
    }

    @Test
    void anotherDefinitionUnderARecordedVersionIsRefused() {
        versions.record(welcome);
        JourneyDefinition changed = Journey.withId("welcome")
                .triggeredBy(on("signed.up"))
                .send("hello", Message.email("hello-again"))
                .build();

        assertThatThrownBy(() -> versions.record(changed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("journey 'welcome' version 1 is already published in jdbc:postgresql:")
                .hasMessageContaining("with another definition; a published version is frozen: publish the change"
                        + " as a higher version")
                .hasMessageContaining("hello-again");
        assertThat(versions.all()).containsExactly(welcome);
    }

    @Test
    void versionsComeBackByJourneyThenVersion() {
        JourneyDefinition second = welcomeVersion2();
        JourneyDefinition other = Journey.withId("another").triggeredBy(on("signed.up"))
                .send("hi", Message.email("hi")).build();
        versions.record(second);
        versions.record(other);
        versions.record(welcome);

        assertThat(versions.all()).containsExactly(other, welcome, second);
    }

    @Test
    void aNodeStartedLaterRunsEveryVersionAnotherNodePublished() {
        InMemoryContactDirectory contacts = ContactDirectory.inMemory()
                .put(Contact.of("ana").withConsent("email"))
                .put(Contact.of("bob").withConsent("email"));
        RecordingChannel channel = new RecordingChannel();
        versions.record(welcome);
        try (JourneyEngine first = engine(contacts, channel, versions.all())) {
            first.accept(Event.of("signup-ana", "signed.up", "ana", START));
            versions.publish(first, welcomeVersion2()); // ana stays on version 1
        }

        clock.advance(Duration.ofDays(2));
        try (JourneyEngine later = engine(contacts, channel, versions.all())) {
            later.runDue();
            later.accept(Event.of("signup-bob", "signed.up", "bob", clock.instant()));
        }

        assertThat(channel.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ana", "hello"),
                        org.assertj.core.groups.Tuple.tuple("ana", "tips"), // version 1's, known to the later node
                        org.assertj.core.groups.Tuple.tuple("bob", "hello-v2"));
    }

    @Test
    void aRunningNodeRefreshedPublishesWhatAnotherNodePublished() {
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(Contact.of("bob").withConsent("email"));
        RecordingChannel channel = new RecordingChannel();
        versions.record(welcome);
        try (JourneyEngine one = engine(contacts, channel, versions.all());
             JourneyEngine other = engine(contacts, channel, versions.all())) {
            assertThat(versions.refresh(other)).isEmpty();

            versions.publish(one, welcomeVersion2());

            assertThat(versions.refresh(other)).containsExactly(welcomeVersion2());
            assertThat(versions.refresh(other)).isEmpty();
            other.accept(Event.of("signup-bob", "signed.up", "bob", START));
        }
        assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("hello-v2");
    }

    @Test
    void refreshPublishesAnOlderVersionTheEngineLacks() {
        versions.record(welcome);
        try (JourneyEngine engine = engine(ContactDirectory.inMemory(), new RecordingChannel(),
                List.of(welcomeVersion2()))) {
            assertThat(versions.refresh(engine)).containsExactly(welcome);
            assertThat(engine.journey("welcome", 1)).contains(welcome);
            assertThat(engine.journey("welcome", 2)).contains(welcomeVersion2());
        }
    }

    @Test
    void aVersionTheEngineRefusesDoesNotStopTheOthersAndIsNamed() {
        JourneyDefinition alerts = Journey.withId("alerts").triggeredBy(on("signed.up"))
                .action("tell-sales", "alert-sales-queue").build();
        versions.record(alerts);
        versions.record(welcome);
        try (JourneyEngine engine = engine(ContactDirectory.inMemory(), new RecordingChannel(), List.of())) {
            assertThatThrownBy(() -> versions.refresh(engine))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("this engine did not publish 1 of the journey versions recorded in")
                    .hasMessageContaining("(it published 1 others)")
                    .hasMessageContaining("alert-sales-queue");
            assertThat(engine.journey("welcome", 1)).contains(welcome);
            assertThat(engine.journey("alerts", 1)).isEmpty();
        }
    }

    @Test
    void publishRecordsNothingTheEngineRefuses() {
        JourneyDefinition changed = Journey.withId("welcome").triggeredBy(on("signed.up"))
                .send("hello", Message.email("hello-again")).build();
        try (JourneyEngine engine = engine(ContactDirectory.inMemory(), new RecordingChannel(), List.of(welcome))) {
            assertThatThrownBy(() -> versions.publish(engine, changed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("version 1 of journey 'welcome' is already published on this engine with another"
                            + " definition; publish a higher version");
            assertThat(versions.all()).isEmpty();

            versions.publish(engine, welcome); // already running: only recorded
            assertThat(versions.all()).containsExactly(welcome);
        }
    }

    @Test
    void aJourneyThatJsonCannotHoldIsNotRecorded() {
        JourneyDefinition custom = Journey.withId("custom")
                .triggeredBy(on("signed.up").where(Condition.custom("always", contact -> true)))
                .send("hi", Message.email("hi"))
                .build();

        assertThatThrownBy(() -> versions.record(custom)).isInstanceOf(JourneyJsonException.class);
        assertThat(versions.all()).isEmpty();
    }

    @Test
    void aRecordedDocumentThatCannotBeReadIsNamed() throws SQLException {
        versions.record(welcome);
        execute("UPDATE journey_version SET document = '{\"format\": \"journey-engine/1\"'");

        assertThatThrownBy(() -> versions.all())
                .isInstanceOf(PostgresStoreException.class)
                .hasMessageStartingWith("journey 'welcome' version 1 recorded in jdbc:postgresql:")
                .hasMessageContaining("cannot be read");
    }

    private static JourneyDefinition welcomeVersion2() {
        return Journey.withId("welcome")
                .triggeredBy(on("signed.up"))
                .version(2)
                .send("hello", Message.email("hello-v2"))
                .build();
    }

    private JourneyEngine engine(InMemoryContactDirectory contacts, RecordingChannel channel,
                                 List<JourneyDefinition> journeys) {
        JourneyEngine.Builder builder = JourneyEngine.builder()
                .clock(clock)
                .store(new PostgresJourneyStore(dataSource, clock, Duration.ofMinutes(1)))
                .contacts(contacts)
                .channel("email", channel);
        journeys.forEach(builder::journey);
        return builder.build();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
