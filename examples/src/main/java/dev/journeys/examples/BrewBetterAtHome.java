package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.TimeTravel;
import dev.journeys.testkit.Timeline;
import dev.journeys.testkit.VirtualClock;
import dev.journeys.store.postgres.PostgresJourneyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.function.Function;

import static dev.journeys.core.Condition.clicked;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;

/**
 * Scenario S1, "Brew Better at Home": a contact who submits the French-press guide form gets the
 * guide at once; two days later, a grinder offer if they clicked {@code shop-grinders} in the
 * guide, brew tips otherwise; a purchase ends the journey at once.
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java}. It runs three contacts on a
 * virtual clock (one clicks, one does not, one buys during the wait) and prints each timeline.
 * The contacts' states are kept in memory; with {@code -Dexample.store=postgres} they are kept in
 * an embedded PostgreSQL started for the run, and with
 * {@code -Dexample.store=jdbc:postgresql://host/db?user=...&password=...} in that database
 * (an empty one: the example's contacts are ana, ben and cleo). The output is the same.
 */
public final class BrewBetterAtHome {

    /** When the example's story begins. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private BrewBetterAtHome() {
    }

    /** Returns the S1 journey. */
    public static JourneyDefinition journey() {
        return Journey.withId("brew-better-at-home")
                .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("french-press-guide")))
                .named("Brew Better at Home")
                .exitWhen(on("purchase.completed"))
                .send("guide", Message.email("french-press-guide"))
                .waitFor("two-days", Duration.ofDays(2))
                .branch("clicked-grinders", cases -> cases
                        .when(clicked("guide", "shop-grinders"),
                                path -> path.send("grinder-offer", Message.email("grinder-offer")))
                        .otherwise(path -> path.send("brew-tips", Message.email("brew-tips-soft-cta"))))
                .build();
    }

    /** Returns the form submission that starts the journey. */
    public static Event guideRequested(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "form.submitted", contactId, at)
                .withPayload(Attributes.of("form", "french-press-guide"));
    }

    /**
     * Runs the story and prints the timelines.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws IOException {
        String store = System.getProperty("example.store", "memory");
        if (store.equals("memory")) {
            run(System.out);
        } else if (store.equals("postgres")) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
                DataSource database = postgres.getPostgresDatabase();
                try (Connection connection = database.getConnection()) {
                    System.out.println("Store: an embedded PostgreSQL "
                            + connection.getMetaData().getDatabaseProductVersion());
                } catch (SQLException unreachable) {
                    throw new IllegalStateException("the embedded PostgreSQL did not answer", unreachable);
                }
                run(System.out, clock -> PostgresJourneyStore.open(database, clock, Duration.ofMinutes(1)));
            }
        } else if (store.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setUrl(store);
            run(System.out, clock -> PostgresJourneyStore.open(database, clock, Duration.ofMinutes(1)));
        } else {
            throw new IllegalArgumentException("example.store must be 'memory', 'postgres' or a jdbc:postgresql: URL,"
                    + " was '" + store + "'");
        }
    }

    /** Runs the story with the contacts' states in memory, printing to {@code out}. */
    static void run(PrintStream out) {
        run(out, clock -> JourneyStore.inMemory());
    }

    /** Runs the story on the store made for the example's clock, printing to {@code out}. */
    static void run(PrintStream out, Function<InstantSource, JourneyStore> storeFor) {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        for (String id : new String[] {"ana", "ben", "cleo"}) {
            contacts.put(Contact.of(id).withZone(ZoneId.of("America/Chicago")).withConsent("email"));
        }
        RecordingChannel email = MessageChannel.recording();
        Timeline timeline = new Timeline();
        try (JourneyEngine engine = JourneyEngine.builder()
                .clock(clock)
                .store(storeFor.apply(clock))
                .contacts(contacts)
                .channel("email", email)
                .listener(timeline)
                .journey(journey())
                .build()) {

            out.println("Journey: " + journey().name() + ", starting " + START);
            engine.accept(guideRequested("form-ana", "ana", START));
            engine.accept(guideRequested("form-ben", "ben", START));
            engine.accept(guideRequested("form-cleo", "cleo", START));

            TimeTravel.advance(engine, clock, Duration.ofHours(5));
            OutgoingMessage guideToAna = email.sentTo("ana").get(0);
            engine.accept(Event.linkClicked("click-ana", "ana", clock.instant(), guideToAna.messageId(), "shop-grinders"));

            TimeTravel.advance(engine, clock, Duration.ofHours(19));
            engine.accept(Event.of("purchase-cleo", "purchase.completed", "cleo", clock.instant()));

            TimeTravel.advance(engine, clock, Duration.ofDays(2));

            for (String contact : timeline.contacts()) {
                out.println();
                out.print(timeline.format(contact));
            }
            out.println();
            out.println(engine.stats());
        }
    }
}
