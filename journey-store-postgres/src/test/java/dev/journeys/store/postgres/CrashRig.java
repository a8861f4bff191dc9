package dev.journeys.store.postgres;

import dev.journeys.core.Contact;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.RetryPolicy;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;

/**
 * What {@link CrashTest} and its {@link CrashNode} processes share: the journey, the contacts, the
 * lease, and the tables besides the store's through which they talk: the virtual clock
 * ({@code crash_clock}), the event source ({@code crash_inbox}, rows taken under
 * {@code FOR UPDATE SKIP LOCKED} and deleted when accepted, so an event is redelivered if its node
 * dies first), what the channel was called with ({@code crash_call}, one row per call: a channel
 * that ignores idempotency keys) and what it delivered ({@code crash_delivery}, one row per key: a
 * channel that honours them), the nodes ({@code crash_node}), and the stall of one node right
 * after a claim ({@code crash_stall}: armed by the test, taken by the node that stalls).
 */
final class CrashRig {

    /** The virtual instant the run starts at. */
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    /** How long a node's claim on due work lasts, in virtual time. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The journey's two waits, in virtual time. */
    static final Duration WAIT = Duration.ofSeconds(90);
    /**
     * How the nodes retry a send whose channel call failed: ten attempts, 5 s, then 10 s, ... A
     * channel that records in the database fails whenever a cut connection is its own, and a
     * message whose every attempt failed is dropped (counted in {@code effectsDropped}); the
     * default three attempts were once all cut in {@link ConnectionLossTest}.
     */
    static final RetryPolicy RETRIES = RetryPolicy.of(10, Duration.ofSeconds(5));
    /** The messages each contact is sent, in order: one on entry, one after each wait. */
    static final String[] MESSAGES = {"hello", "tips", "offer"};

    private CrashRig() {
    }

    /** Hello on sign-up, the wait, tips, the wait, an offer. */
    static JourneyDefinition journey() {
        return Journey.withId("onboarding")
                .triggeredBy(on("signed.up"))
                .send("hello", Message.email("hello"))
                .waitFor("first-wait", WAIT)
                .send("tips", Message.email("tips"))
                .waitFor("second-wait", WAIT)
                .send("offer", Message.email("offer"))
                .build();
    }

    /** Contacts {@code c0} to {@code c<count-1>}, each consenting to email. */
    static InMemoryContactDirectory contacts(int count) {
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        for (int i = 0; i < count; i++) {
            contacts.put(Contact.of(contactId(i)).withConsent("email"));
        }
        return contacts;
    }

    static String contactId(int i) {
        return "c" + i;
    }

    /** Creates the rig's tables (the store's own come from {@link PostgresSchema}). */
    static void createTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE crash_clock (id int PRIMARY KEY, now_millis bigint NOT NULL)");
            sql.execute("INSERT INTO crash_clock VALUES (1, " + START.toEpochMilli() + ")");
            sql.execute("CREATE TABLE crash_inbox (seq bigserial PRIMARY KEY, event_id text NOT NULL,"
                    + " contact_id text NOT NULL, occurred_millis bigint NOT NULL)");
            sql.execute("CREATE TABLE crash_call (seq bigserial PRIMARY KEY, idempotency_key text NOT NULL,"
                    + " contact_id text NOT NULL, message text NOT NULL, node text NOT NULL)");
            sql.execute("CREATE TABLE crash_delivery (idempotency_key text PRIMARY KEY,"
                    + " contact_id text NOT NULL, message text NOT NULL, node text NOT NULL)");
            sql.execute("CREATE TABLE crash_node (name text PRIMARY KEY, pid bigint NOT NULL,"
                    + " stop_requested boolean NOT NULL DEFAULT false, stats text NULL, claims_taken_over bigint NULL)");
            sql.execute("CREATE TABLE crash_stall (id int PRIMARY KEY, armed boolean NOT NULL, node text NULL,"
                    + " contacts int NULL)");
            sql.execute("INSERT INTO crash_stall VALUES (1, false, NULL, NULL)");
        }
    }
}
