package dev.journeys.store.postgres;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ids PostgreSQL cannot store as given never reach it: the driver writes a lone surrogate as
 * {@code '?'}, so "mallory" and a lone U+D800 would load, and park, the row of the real contact
 * {@code "mallory?"}.
 */
class BadIdsTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final List<String> BAD = List.of("mallory\uD800", "mallory\uDBFF", "mallory\u0000",
            "mallory".repeat(1_500));

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    @Test
    void eventsForIdsTheDatabaseCannotHoldAreRejectedAndTheRealContactGoesOn() {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(Contact.of("mallory?").withConsent("email"));
        RecordingChannel channel = new RecordingChannel();
        PostgresJourneyStore store = PostgresJourneyStore.open(DATABASE.dataSource(), clock, LEASE);
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).store(store).contacts(contacts)
                .channel("email", channel).journey(EmbeddedDatabase.welcome()).build()) {
            engine.accept(Event.of("signup", "signed.up", "mallory?", START));

            for (String bad : BAD) {
                assertThatThrownBy(() -> Event.of("signup", "signed.up", bad, START))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("contact id must");
                assertThatThrownBy(() -> Event.of(bad, "signed.up", "mallory?", START))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event id must");
                assertThatThrownBy(() -> engine.state(bad)).hasMessageStartingWith("contactId must");
                assertThatThrownBy(() -> store.load(bad)).hasMessageStartingWith("contactId must");
                assertThatThrownBy(() -> store.hasProcessed(bad, "signup")).hasMessageStartingWith("contactId must");
                assertThatThrownBy(() -> store.hasProcessed("mallory?", bad)).hasMessageStartingWith("eventId must");
            }

            clock.advance(Duration.ofDays(2));
            engine.runDue();
            engine.accept(Event.of("signup-again", "signed.up", "mallory?", clock.instant()));

            assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("hello", "tips", "hello");
            assertThat(store.parkedContacts()).doesNotContainKey("mallory?");
            assertThat(engine.stats().processingFailures()).isZero();
        }
    }

    @Test
    void aDueRowWhoseIdWasSavedBeforeIdsWereCheckedIsParkedAndTheOthersGoOn() throws Exception {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(Contact.of("ana").withConsent("email"));
        RecordingChannel channel = new RecordingChannel();
        PostgresJourneyStore store = PostgresJourneyStore.open(DATABASE.dataSource(), clock, LEASE);
        String legacy = "x".repeat(300);
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).store(store).contacts(contacts)
                .channel("email", channel).journey(EmbeddedDatabase.welcome()).build()) {
            engine.accept(Event.of("signup", "signed.up", "ana", START));
            try (var connection = DATABASE.dataSource().getConnection();
                 var insert = connection.prepareStatement("INSERT INTO journey_contact (contact_id, version, state,"
                         + " next_due_at) VALUES (?, 1, '\\x01'::bytea, ?)")) {
                insert.setString(1, legacy);
                insert.setLong(2, START.toEpochMilli());
                insert.executeUpdate();
            }

            clock.advance(Duration.ofDays(2));
            engine.runDue();
            engine.runDue();

            assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("hello", "tips");
            assertThat(engine.stats().processingFailures()).isZero();
            assertThat(store.parkedContacts()).containsKey(legacy).doesNotContainKey("ana");
            assertThat(store.parkedContacts().get(legacy))
                    .startsWith("contact id must be at most 255 bytes in UTF-8, was 300 bytes");
        }
    }
}
