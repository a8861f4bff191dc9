package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.TimeTravel;
import dev.journeys.testkit.Timeline;
import dev.journeys.testkit.VirtualClock;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;

/**
 * Scenario S3, "Brew Better weekly": a newsletter every 7 days; a click on {@code see-pricing}
 * in any issue moves the contact to a purchase-support path; an unsubscribe ends it and stops
 * every later email.
 *
 * <ul>
 *   <li>A {@code newsletter.subscribed} event starts the journey: the issue
 *       {@value #ISSUE} (purpose {@code newsletter}) goes out at once.</li>
 *   <li>The newsletter is a loop: after each issue the contact waits up to 7 days for a click on
 *       {@value #SEE_PRICING} in an issue; if none comes, the journey goes back to the issue
 *       step and sends the next one, so issues go out at T, T+7d, T+14d and so on. The loop has
 *       no last issue: it runs until the contact leaves it by a pricing click or an unsubscribe.
 *       The validator accepts it because the cycle passes the wait.</li>
 *   <li>The click path is a wait for an event, not a journey-level exit: the wait counts only
 *       {@code link.clicked} events whose payload {@code link} is {@value #SEE_PRICING} and that
 *       are {@linkplain dev.journeys.dsl.EventWait#about(String) about} the issue step, so a click
 *       in any issue of this instance counts (an older one too) and a click in another journey's
 *       email does not. The click sends the comparison chart {@value #COMPARISON_CHART} at once
 *       and the in-stock offer {@value #IN_STOCK_OFFER} one day later; then the contact completes
 *       the journey and gets no further issue.</li>
 *   <li>An {@code unsubscribed} interaction on any email the engine sent withdraws the contact's
 *       consent to email and ends this journey ({@code ExitCause.UNSUBSCRIBED}); every later
 *       journey's email to them, such as the {@linkplain #promo() promo}'s, is skipped with
 *       {@code SkipReason.NO_CONSENT}. Nothing in the journey mentions unsubscribes: the engine
 *       handles them for every journey.</li>
 * </ul>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.BrewBetterWeekly}. It runs three subscribers on a virtual
 * clock (one clicks {@code see-pricing} in the second issue, one unsubscribes from it, one keeps
 * reading), starts the promo on day 11, and prints each timeline.
 *
 * <p>Not instantiable; the journeys and the events it builds are immutable.
 */
public final class BrewBetterWeekly {

    /** When the example's story begins. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /** The newsletter journey's id. */
    public static final String JOURNEY_ID = "brew-better-weekly";

    /** The promo journey's id. */
    public static final String PROMO_ID = "cold-brew-promo";

    /** The newsletter issue, sent every 7 days. */
    public static final String ISSUE = "brew-better-weekly";

    /** The link in an issue that moves the contact to the purchase-support path. */
    public static final String SEE_PRICING = "see-pricing";

    /** The first message of the purchase-support path, sent on the click. */
    public static final String COMPARISON_CHART = "grinder-comparison-chart";

    /** The second message of the purchase-support path, sent a day after the click. */
    public static final String IN_STOCK_OFFER = "in-stock-offer";

    /** The promo's only email. */
    public static final String PROMO = "cold-brew-promo";

    private BrewBetterWeekly() {
    }

    /** Returns the S3 newsletter journey. */
    public static JourneyDefinition journey() {
        return Journey.withId(JOURNEY_ID)
                .triggeredBy(on("newsletter.subscribed"))
                .named("Brew Better weekly")
                .send("issue", Message.email(ISSUE).forPurpose("newsletter"))
                .waitForEvent("pricing-click-or-a-week",
                        on(InteractionTypes.LINK_CLICKED).where(payload(Event.LINK).isEqualTo(SEE_PRICING)),
                        Duration.ofDays(7), exits -> exits
                                .about("issue")
                                .onEvent(path -> path
                                        .send("comparison-chart", Message.email(COMPARISON_CHART))
                                        .waitFor("next-day", Duration.ofDays(1))
                                        .send("in-stock-offer", Message.email(IN_STOCK_OFFER))
                                        .end())
                                .onTimeout(path -> path.goTo("issue")))
                .build();
    }

    /** Returns a promo journey, one email, for showing that no later journey emails an unsubscriber. */
    public static JourneyDefinition promo() {
        return Journey.withId(PROMO_ID)
                .triggeredBy(on("promo.started"))
                .named("Cold brew promo")
                .send("promo", Message.email(PROMO))
                .build();
    }

    /** Returns the subscription that starts the newsletter. */
    public static Event subscribed(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "newsletter.subscribed", contactId, at);
    }

    /** Returns a click on {@value #SEE_PRICING} in a message the engine sent. */
    public static Event clickedSeePricing(String eventId, OutgoingMessage message, Instant at) {
        return Event.linkClicked(eventId, message.contactId(), at, message.messageId(), SEE_PRICING);
    }

    /** Returns an unsubscribe from every email, through a message the engine sent. */
    public static Event unsubscribed(String eventId, OutgoingMessage message, Instant at) {
        return Event.unsubscribed(eventId, message.contactId(), at, message.messageId(), "email");
    }

    /** Returns the event that starts the promo for a contact. */
    public static Event promoStarted(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "promo.started", contactId, at);
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
     * Runs the story, printing to {@code out}: ana, ben and cleo subscribe at {@link #START}; on
     * day 8 ana clicks {@code see-pricing} in the second issue; on day 10 ben unsubscribes through
     * it; on day 11 the promo starts for all three; the story ends on day 22.
     */
    static void run(PrintStream out) {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        List<String> subscribers = List.of("ana", "ben", "cleo");
        subscribers.forEach(id -> contacts.put(Contact.of(id).withConsent("email")));
        RecordingChannel email = MessageChannel.recording();
        Timeline timeline = new Timeline();
        try (JourneyEngine engine = JourneyEngine.builder()
                .clock(clock)
                .contacts(contacts)
                .channel("email", email)
                .listener(timeline)
                .journey(journey())
                .journey(promo())
                .build()) {

            out.println("Journeys: " + journey().name() + " and " + promo().name() + ", starting " + START);
            subscribers.forEach(id -> engine.accept(subscribed("subscribed-" + id, id, START)));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofDays(8)));
            engine.accept(clickedSeePricing("click-ana", email.sentTo("ana").get(1), clock.instant()));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofDays(10)));
            engine.accept(unsubscribed("unsubscribe-ben", email.sentTo("ben").get(1), clock.instant()));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofDays(11)));
            subscribers.forEach(id -> engine.accept(promoStarted("promo-" + id, id, clock.instant())));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofDays(22)));

            for (String contact : timeline.contacts()) {
                out.println();
                out.print(timeline.format(contact));
            }
            out.println();
            out.println(engine.stats());
        }
    }
}
