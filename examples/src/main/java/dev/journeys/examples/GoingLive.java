package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.ValidationProblem;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.dsl.diagram.JourneyDiagram;
import dev.journeys.testkit.JourneyTestEnvironment;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.hadEvent;
import static dev.journeys.core.Condition.inSegment;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;

/**
 * Scenario S7, "Governance before going live": a journey goes from draft to live only without
 * problems, its sends are previewed for test contacts, the live journey reports per step, it is
 * cloned for the next campaign, and a new version is published while contacts are in flight.
 *
 * <ol>
 *   <li>The first draft of {@value #JOURNEY_ID} excludes a segment and runs an action whose
 *       names have typos ({@code recent-buyer}, {@code alert-sale}): saving it lists both
 *       problems, and publishing it is refused.</li>
 *   <li>The corrected draft has no problems. Before publishing, the offer is previewed for two
 *       test contacts at 22:00 in Austin: tess (nearest store South Congress) would get the
 *       pickup variant with the store's name, held by quiet hours until 08:00; theo, without
 *       email consent, would get nothing.</li>
 *   <li>Published, it runs for four contacts: ana buys the next day (the goal, which ends her
 *       journey), ben and cleo get the reminder, dan has no email consent. The report shows each
 *       step's counts, the skip and its reason, and the goal.</li>
 *   <li>The journey is cloned into the draft {@value #HOLIDAY_ID}, and version 2 (a shorter wait
 *       and a new reminder) is published while ben and cleo wait: they finish on version 1,
 *       eve, who arrives later, runs on version 2.</li>
 *   <li>The live version is printed as a Mermaid diagram with each step's counts.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.GoingLive}.
 *
 * <p>Not instantiable; the journeys it builds are immutable.
 */
public final class GoingLive {

    /** When the story begins: 2026-03-02 22:00 in Austin, inside quiet hours. */
    public static final Instant START = Instant.parse("2026-03-03T04:00:00Z");

    /** The journey's id. */
    public static final String JOURNEY_ID = "grinder-upgrade";

    /** The id of the clone for the next campaign. */
    public static final String HOLIDAY_ID = "grinder-upgrade-holiday";

    /** The offer for contacts without a nearby store. */
    public static final String OFFER_ONLINE = "grinder-offer-online";

    /** The offer for contacts with a nearby store, naming it. */
    public static final String OFFER_PICKUP = "grinder-offer-pickup";

    /** The reminder of version 1, two days after the offer. */
    public static final String REMINDER = "grinder-reminder";

    /** The reminder of version 2, one day after the offer. */
    public static final String REMINDER_V2 = "grinder-reminder-last-chance";

    /** The action that tells sales about a contact who did not buy. */
    public static final String ALERT_SALES = "alert-sales";

    /** Austin's zone. */
    public static final ZoneId AUSTIN = ZoneId.of("America/Chicago");

    private GoingLive() {
    }

    /**
     * Returns a version of the journey.
     *
     * @param version the version number
     * @param excluded the segment it excludes
     * @param action the action it runs when the contact did not buy
     * @param wait the wait between the offer and the reminder
     * @param reminder the reminder message
     * @return the journey
     */
    public static JourneyDefinition journey(int version, String excluded, String action, Duration wait,
                                            String reminder) {
        return Journey.withId(JOURNEY_ID)
                .triggeredBy(on("product.viewed").where(payload("category").isEqualTo("grinder")))
                .named("Grinder upgrade")
                .version(version)
                .goal("bought a grinder", on("purchase.completed").where(payload("category").isEqualTo("grinder")),
                        true)
                .exclude(inSegment(excluded))
                .send("offer", Message.email(OFFER_ONLINE)
                        .withVariant(attribute("nearestStore").exists(), OFFER_PICKUP)
                        .withFields("nearestStore"))
                .waitFor("wait", wait)
                .send("reminder", Message.email(reminder))
                .action("tell-sales", action)
                .build();
    }

    /** Returns the first draft, with two typos. */
    public static JourneyDefinition firstDraft() {
        return journey(1, "recent-buyer", "alert-sale", Duration.ofDays(2), REMINDER);
    }

    /** Returns the corrected draft, version 1. */
    public static JourneyDefinition version1() {
        return journey(1, "recent-buyers", ALERT_SALES, Duration.ofDays(2), REMINDER);
    }

    /** Returns version 2: a one-day wait and a new reminder. */
    public static JourneyDefinition version2() {
        return journey(2, "recent-buyers", ALERT_SALES, Duration.ofDays(1), REMINDER_V2);
    }

    /** Returns the engine's segments: contacts who bought a grinder in the last 30 days. */
    public static Segments segments() {
        return Segments.builder().segment(Segment.of("recent-buyers", hadEvent("purchase.completed")
                .where(payload("category").isEqualTo("grinder")).atLeastOnce().within(Duration.ofDays(30)))).build();
    }

    /** Returns a contact in Austin, with email consent unless {@code emailable} is false. */
    static Contact austinite(String id, boolean emailable) {
        Contact contact = Contact.of(id).withZone(AUSTIN);
        return emailable ? contact.withConsent("email") : contact;
    }

    /** Returns a view of a grinder by a contact. */
    public static Event viewedGrinder(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "product.viewed", contactId, at).withPayload(Attributes.of("category", "grinder"));
    }

    /** Returns a grinder purchase by a contact. */
    public static Event boughtGrinder(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "purchase.completed", contactId, at).withPayload(Attributes.of("category", "grinder"));
    }

    /**
     * Returns the story's environment at {@link #START}: no journey published yet, engine-wide
     * quiet hours 21:00–08:00, the segments, the {@value #ALERT_SALES} action, the test contacts
     * tess and theo and the contacts ana, ben, cleo, dan and eve.
     *
     * @return the environment; the caller closes it
     */
    public static JourneyTestEnvironment environment() {
        return JourneyTestEnvironment.builder()
                .startingAt(START)
                .engine(engine -> engine.segments(segments())
                        .quietHours(QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0))))
                .action(ALERT_SALES, request -> { })
                .contact(austinite("tess", true).withAttributes(Attributes.of("nearestStore", "South Congress")))
                .contact(austinite("theo", false))
                .contact(austinite("ana", true).withAttributes(Attributes.of("nearestStore", "South Congress")))
                .contact(austinite("ben", true))
                .contact(austinite("cleo", true))
                .contact(austinite("dan", false))
                .contact(austinite("eve", true))
                .build();
    }

    /**
     * Runs the story and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the story, printing each stage to {@code out}. */
    static void run(PrintStream out) {
        try (JourneyTestEnvironment env = environment()) {
            JourneyEngine engine = env.engine();

            out.println("1. The first draft");
            List<ValidationProblem> problems = engine.saveDraft(firstDraft());
            problems.forEach(problem -> out.println("   " + problem));
            try {
                engine.publishDraft(JOURNEY_ID);
            } catch (InvalidJourneyException refused) {
                out.println("   publish refused: " + refused.problems().size() + " problems; status "
                        + engine.status(JOURNEY_ID));
            }

            out.println("2. The corrected draft: " + engine.saveDraft(version1()).size() + " problems; previews at "
                    + env.now());
            out.print(indent(engine.preview("tess", JOURNEY_ID, "offer").describe()));
            out.print(indent(engine.preview("theo", JOURNEY_ID, "offer").describe()));

            out.println("3. Live");
            engine.publishDraft(JOURNEY_ID);
            out.println("   status " + engine.status(JOURNEY_ID));
            Instant morning = START.plus(Duration.ofHours(11)); // 09:00 in Austin
            for (String contact : List.of("ana", "ben", "cleo", "dan")) {
                env.schedule(viewedGrinder("view-" + contact, contact, morning));
            }
            env.schedule(boughtGrinder("bought-ana", "ana", morning.plus(Duration.ofDays(1))));
            env.advanceTo(morning.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));

            out.println("4. A clone, and version 2 while ben and cleo wait");
            JourneyDefinition holiday = engine.cloneAsDraft(JOURNEY_ID, HOLIDAY_ID);
            out.println("   " + holiday.id() + " v" + holiday.version() + ": " + engine.status(HOLIDAY_ID));
            engine.publish(version2());
            env.accept(viewedGrinder("view-eve", "eve", env.now()));
            env.advanceTo(morning.plus(Duration.ofDays(5)));
            for (String contact : List.of("ana", "ben", "eve")) {
                out.print(indent(env.timeline().format(contact)));
            }
            out.print(indent(env.report().toText()));
            out.println("5. The live version as a Mermaid diagram with its counts, for a pull request");
            out.print(indent(JourneyDiagram.mermaid(engine.journeys().stream()
                    .filter(j -> j.id().equals(JOURNEY_ID)).findFirst().orElseThrow(),
                    env.report().journey(JOURNEY_ID).toStepAnnotations())));
        }
    }

    private static String indent(String text) {
        return text.replaceAll("(?m)^", "   ");
    }
}
