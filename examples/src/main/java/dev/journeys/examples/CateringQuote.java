package dev.journeys.examples;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.TimeTravel;
import dev.journeys.testkit.Timeline;
import dev.journeys.testkit.VirtualClock;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;

/**
 * Scenario S4, "Catering quote": business events start, pause and end the journey.
 *
 * <ul>
 *   <li>A {@code lead.created} event whose payload {@code source} is {@code catering-quote} starts
 *       it: a confirmation email goes to the prospect at once, and the action
 *       {@value #ALERT_SALES_QUEUE} alerts the sales queue of the lead's region (the contact
 *       attribute {@code region}: {@code emea} goes to {@code sales-emea}, {@code americas} to
 *       {@code sales-americas}, anything else or none to {@code sales-general}).</li>
 *   <li>Then the nurture sequence: the case-study email 3 days after entry, the menu email 7 days
 *       after entry. "After 7 days" counts from entry, not from the case study: the journey waits
 *       3 days, sends the case study, waits 4 more days and sends the menu.</li>
 *   <li>{@code opportunity.created} pauses the instance wherever it waits: nothing is sent while
 *       it is paused. {@code opportunity.lost} resumes it where it stopped, and the wait goes on
 *       for the time it had left, so a pause shifts every later send by its length (paused one day
 *       into the 3-day wait and resumed at day 10, the case study goes out at day 12 and the menu
 *       at day 16).</li>
 *   <li>{@code lead.qualified} ends the instance at once, running or paused.</li>
 * </ul>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.CateringQuote}. It runs three leads on a virtual clock
 * (one paused by an opportunity and resumed when it is lost, one left alone, one qualified during
 * the first wait) and prints each timeline and the sales alerts.
 *
 * <p>Not instantiable; the journey and the events it builds are immutable.
 */
public final class CateringQuote {

    /** When the example's story begins. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /** The journey's id. */
    public static final String JOURNEY_ID = "catering-quote";

    /** The host action that alerts a sales queue; its parameter {@code queue} names the queue. */
    public static final String ALERT_SALES_QUEUE = "alert-sales-queue";

    private static final String SOURCE = "catering-quote";

    private CateringQuote() {
    }

    /** Returns the S4 journey. */
    public static JourneyDefinition journey() {
        return Journey.withId(JOURNEY_ID)
                .triggeredBy(on("lead.created").where(payload("source").isEqualTo(SOURCE)))
                .named("Catering quote")
                .exitWhen(on("lead.qualified"))
                .pauseWhen(on("opportunity.created"))
                .resumeWhen(on("opportunity.lost"))
                .send("confirmation", Message.email("catering-quote-confirmation").transactional())
                .branch("route-by-region", cases -> cases
                        .when(attribute("region").isEqualTo("emea"),
                                path -> path.action("alert-emea", ALERT_SALES_QUEUE, queue("sales-emea")))
                        .when(attribute("region").isEqualTo("americas"),
                                path -> path.action("alert-americas", ALERT_SALES_QUEUE, queue("sales-americas")))
                        .otherwise(path -> path.action("alert-general", ALERT_SALES_QUEUE, queue("sales-general"))))
                .waitFor("three-days", Duration.ofDays(3))
                .send("case-study", Message.email("catering-case-study"))
                .waitFor("until-day-seven", Duration.ofDays(4))
                .send("menu", Message.email("catering-menu"))
                .build();
    }

    private static Attributes queue(String queue) {
        return Attributes.of("queue", queue);
    }

    /** Returns a lead created by the catering-quote form, which starts the journey. */
    public static Event leadCreated(String eventId, String contactId, Instant at) {
        return leadCreated(eventId, contactId, at, SOURCE);
    }

    /** Returns a lead created by any form, named by the payload field {@code source}. */
    public static Event leadCreated(String eventId, String contactId, Instant at, String source) {
        return Event.of(eventId, "lead.created", contactId, at).withPayload(Attributes.of("source", source));
    }

    /** Returns an opportunity created for the lead, which pauses the journey. */
    public static Event opportunityCreated(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "opportunity.created", contactId, at);
    }

    /** Returns the lead's opportunity lost, which resumes the journey. */
    public static Event opportunityLost(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "opportunity.lost", contactId, at);
    }

    /** Returns the lead qualified by sales, which ends the journey. */
    public static Event leadQualified(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "lead.qualified", contactId, at);
    }

    /**
     * Runs the story and prints the timelines.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the story, printing to {@code out}: ana (EMEA) gets an opportunity after one day that
     * is lost on day 10; ben (Americas) is left alone; cleo (no region) is qualified on day 2.
     */
    static void run(PrintStream out) {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory()
                .put(Contact.of("ana").withConsent("email").withAttributes(Attributes.of("region", "emea")))
                .put(Contact.of("ben").withConsent("email").withAttributes(Attributes.of("region", "americas")))
                .put(Contact.of("cleo").withConsent("email"));
        List<ActionRequest> alerts = new CopyOnWriteArrayList<>();
        Timeline timeline = new Timeline();
        try (JourneyEngine engine = JourneyEngine.builder()
                .clock(clock)
                .contacts(contacts)
                .action(ALERT_SALES_QUEUE, alerts::add)
                .listener(timeline)
                .journey(journey())
                .build()) {

            out.println("Journey: " + journey().name() + ", starting " + START);
            engine.accept(leadCreated("lead-ana", "ana", START));
            engine.accept(leadCreated("lead-ben", "ben", START));
            engine.accept(leadCreated("lead-cleo", "cleo", START));

            TimeTravel.advance(engine, clock, Duration.ofDays(1));
            engine.accept(opportunityCreated("opp-ana", "ana", clock.instant()));

            TimeTravel.advance(engine, clock, Duration.ofDays(1));
            engine.accept(leadQualified("qualified-cleo", "cleo", clock.instant()));

            TimeTravel.advance(engine, clock, Duration.ofDays(8));
            engine.accept(opportunityLost("lost-ana", "ana", clock.instant()));

            TimeTravel.advance(engine, clock, Duration.ofDays(10));

            for (String contact : timeline.contacts()) {
                out.println();
                out.print(timeline.format(contact));
            }
            out.println();
            out.println("Sales alerts:");
            for (ActionRequest alert : alerts) {
                out.println("  " + alert.decidedAt() + "  " + alert.contactId() + " -> "
                        + alert.parameters().string("queue").orElse("?"));
            }
            out.println();
            out.println(engine.stats());
        }
    }
}
