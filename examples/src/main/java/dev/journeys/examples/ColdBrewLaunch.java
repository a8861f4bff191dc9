package dev.journeys.examples;

import dev.journeys.core.AttributeType;
import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Schedule;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.JourneyTestEnvironment;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.hadEvent;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;

/**
 * Scenario S2, "Cold brew concentrate launch": a segment journey that starts at a scheduled
 * instant, sends a teaser with conditional content, and respects quiet hours and a frequency cap
 * shared with every other journey.
 *
 * <ul>
 *   <li>The segment {@value #SEGMENT}: loyalty members in Texas who had a {@code purchase} of
 *       category {@code cold-brew} in the 90 days before now, and never a {@code purchase} of
 *       product {@code cold-brew-concentrate}. The engine records the contacts' {@code purchase}
 *       events as it accepts them, because a segment asks about them.</li>
 *   <li>The journey {@value #JOURNEY_ID} enrols the segment once, at {@link #LAUNCH} (08:30 in
 *       Austin, 07:30 in El Paso), and sends the teaser at once. Quiet hours 21:00–08:00 in each
 *       contact's zone hold the teaser of a contact for whom the launch falls inside them until
 *       08:00 their time.</li>
 *   <li>Conditional content: a contact with a {@code nearestStore} attribute gets
 *       {@value #TEASER_NEARBY}, with the store's name in the message data; the others get
 *       {@value #TEASER_ONLINE}.</li>
 *   <li>A cap of 2 marketing emails per contact per 7 days, set on the engine, counts the sends of
 *       every journey: a contact who already had both emails of the {@linkplain #springSale()
 *       spring sale} in the 7 days before the launch is skipped, with {@code SkipReason.CAPPED}.</li>
 * </ul>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.ColdBrewLaunch}. It feeds nine contacts' purchases from
 * {@link #STORY_START} on, runs the spring sale for two of them, launches, and prints the segment,
 * each contact's timeline and the report.
 *
 * <p>Not instantiable; the journeys, segments and events it builds are immutable.
 */
public final class ColdBrewLaunch {

    /** When the launch journey enrols its segment and sends the teaser: 2026-03-10 08:30 in Austin. */
    public static final Instant LAUNCH = Instant.parse("2026-03-10T13:30:00Z");

    /** When the example's story begins, long enough before the launch for the purchase history. */
    public static final Instant STORY_START = LAUNCH.minus(Duration.ofDays(160));

    /** The launch journey's id. */
    public static final String JOURNEY_ID = "cold-brew-launch";

    /** The other journey, whose emails count towards the same cap. */
    public static final String SPRING_SALE_ID = "spring-sale";

    /** The segment the launch enrols. */
    public static final String SEGMENT = "cold-brew-fans";

    /** The teaser's send step. */
    public static final String TEASER_STEP = "teaser";

    /** The teaser for contacts with a nearby store. */
    public static final String TEASER_NEARBY = "teaser-nearby-store";

    /** The teaser for the others. */
    public static final String TEASER_ONLINE = "teaser-online-only";

    /** The spring sale's first email. */
    public static final String SALE = "spring-sale";

    /** The spring sale's reminder, two days after its first email. */
    public static final String SALE_REMINDER = "spring-sale-reminder";

    /** The zone of Austin, Houston and Dallas. */
    public static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

    /** The zone of El Paso. */
    public static final ZoneId MOUNTAIN = ZoneId.of("America/Denver");

    private ColdBrewLaunch() {
    }

    /** Returns the segments the engine knows, with the attribute types they test. */
    public static Segments segments() {
        return Segments.builder()
                .attribute("loyaltyMember", AttributeType.BOOLEAN)
                .attribute("state", AttributeType.TEXT)
                .attribute("nearestStore", AttributeType.TEXT)
                .segment(Segment.of(SEGMENT, attribute("loyaltyMember").isEqualTo(true)
                        .and(attribute("state").isEqualTo("TX"))
                        .and(hadEvent("purchase").where(payload("category").isEqualTo("cold-brew"))
                                .atLeastOnce().within(Duration.ofDays(90)))
                        .and(hadEvent("purchase").where(payload("product").isEqualTo("cold-brew-concentrate"))
                                .never())))
                .build();
    }

    /** Returns the S2 launch journey: the segment enrolled once at {@link #LAUNCH}, one teaser. */
    public static JourneyDefinition journey() {
        return Journey.withId(JOURNEY_ID)
                .fromSegment(SEGMENT, Schedule.at(LAUNCH))
                .named("Cold brew concentrate launch")
                .send(TEASER_STEP, Message.email(TEASER_ONLINE)
                        .withVariant(attribute("nearestStore").exists(), TEASER_NEARBY)
                        .withFields("nearestStore"))
                .build();
    }

    /** Returns the other journey: a sale email and a reminder two days later. */
    public static JourneyDefinition springSale() {
        return Journey.withId(SPRING_SALE_ID)
                .triggeredBy(on("spring-sale.started"))
                .named("Spring sale")
                .send("sale", Message.email(SALE))
                .waitFor("two-days", Duration.ofDays(2))
                .send("reminder", Message.email(SALE_REMINDER))
                .build();
    }

    /** Returns the engine-wide cap: at most 2 marketing emails per contact in any 7 days, across journeys. */
    public static FrequencyCap cap() {
        return FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email");
    }

    /** Returns the engine-wide quiet hours, 21:00–08:00 in each contact's zone. */
    public static QuietHours quietHours() {
        return QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0));
    }

    /**
     * Returns a loyalty member in Texas who may receive email.
     *
     * @param id the contact's id
     * @param zone the contact's zone
     * @return the contact, without a nearest store
     */
    public static Contact texan(String id, ZoneId zone) {
        return Contact.of(id).withZone(zone).withConsent("email")
                .withAttributes(Attributes.of("loyaltyMember", true, "state", "TX"));
    }

    /**
     * Returns a purchase event.
     *
     * @param eventId the event's id
     * @param contactId who bought
     * @param at when
     * @param category the product's category
     * @param product the product
     * @return the event
     */
    public static Event purchase(String eventId, String contactId, Instant at, String category, String product) {
        return Event.of(eventId, "purchase", contactId, at)
                .withPayload(Attributes.of("category", category, "product", product));
    }

    /** Returns the event that starts the spring sale for a contact. */
    public static Event springSaleStarted(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "spring-sale.started", contactId, at);
    }

    /** Returns {@code days} days before the launch. */
    static Instant daysBeforeLaunch(long days) {
        return LAUNCH.minus(Duration.ofDays(days));
    }

    /**
     * Returns the story's environment on a virtual clock at {@link #STORY_START}: both journeys
     * live, the cap and quiet hours on the engine, nine contacts and their purchases and spring
     * sales scheduled.
     *
     * <ul>
     *   <li>ana (Austin, nearest store "South Congress"), ben (Houston, no store), cruz (El Paso,
     *       Mountain time), dana and eli: members; dana had both spring-sale emails 5 and 3 days
     *       before the launch, eli had them 8 and 6 days before (one in the cap's window).</li>
     *   <li>eve bought the concentrate 150 days before; finn's only cold-brew purchase is 120 days
     *       old; gus lives in Oklahoma; hana is not a loyalty member: not in the segment.</li>
     * </ul>
     *
     * @return the environment; the caller closes it
     */
    public static JourneyTestEnvironment story() {
        JourneyTestEnvironment env = JourneyTestEnvironment.builder()
                .startingAt(STORY_START)
                .engine(engine -> engine.segments(segments()).frequencyCap(cap()).quietHours(quietHours()))
                .journey(journey())
                .journey(springSale())
                .contact(texan("ana", CENTRAL).withAttributes(Attributes.of("loyaltyMember", true, "state", "TX",
                        "nearestStore", "South Congress")))
                .contact(texan("ben", CENTRAL))
                .contact(texan("cruz", MOUNTAIN))
                .contact(texan("dana", CENTRAL))
                .contact(texan("eli", CENTRAL))
                .contact(texan("eve", CENTRAL))
                .contact(texan("finn", CENTRAL))
                .contact(texan("gus", CENTRAL).withAttributes(Attributes.of("loyaltyMember", true, "state", "OK")))
                .contact(texan("hana", CENTRAL).withAttributes(Attributes.of("loyaltyMember", false, "state", "TX")))
                .build();
        Instant midMorning = LAUNCH.plus(Duration.ofHours(2)); // 09:30 in Austin, before and after the clocks change
        for (String contact : List.of("ana", "ben", "cruz", "dana", "eli", "eve", "gus", "hana")) {
            env.schedule(purchase("bottle-" + contact, contact, daysBeforeLaunch(30), "cold-brew", "cold-brew-bottle"));
        }
        env.schedule(purchase("concentrate-eve", "eve", daysBeforeLaunch(150), "cold-brew", "cold-brew-concentrate"));
        env.schedule(purchase("bottle-finn", "finn", daysBeforeLaunch(120), "cold-brew", "cold-brew-bottle"));
        env.schedule(purchase("beans-finn", "finn", daysBeforeLaunch(10), "beans", "house-blend"));
        env.schedule(springSaleStarted("sale-dana", "dana", midMorning.minus(Duration.ofDays(5))));
        env.schedule(springSaleStarted("sale-eli", "eli", midMorning.minus(Duration.ofDays(8))));
        return env;
    }

    /**
     * Runs the story and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the story to the day after the launch, printing to {@code out}. */
    static void run(PrintStream out) {
        try (JourneyTestEnvironment env = story()) {
            out.println("Segment " + SEGMENT + ": " + segments().segment(SEGMENT).orElseThrow().definition());
            out.println("Journey '" + journey().name() + "' enrols it at " + LAUNCH + "; engine-wide " + cap()
                    + " and " + quietHours());
            env.advanceTo(LAUNCH.plus(Duration.ofDays(1)));
            for (String contact : List.of("ana", "ben", "cruz", "dana", "eli")) {
                out.println();
                out.print(env.timeline().format(contact));
            }
            out.println();
            out.println("Not enrolled: " + List.of("eve", "finn", "gus", "hana").stream()
                    .filter(id -> env.contact(id).eventsOf(JourneyEvent.Entered.class).isEmpty()).toList());
            out.println();
            out.print(env.report().toText());
        }
    }
}
