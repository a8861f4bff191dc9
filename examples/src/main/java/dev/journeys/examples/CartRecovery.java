package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.ReentryRule;
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

import static dev.journeys.core.Trigger.on;

/**
 * Scenario S5, "Cart recovery": a custom event starts it, a reminder lists the cart, a purchase
 * switches the contact to onboarding.
 *
 * <ul>
 *   <li>The host's app fires the custom event {@code checkout.abandoned} with the cart in its
 *       payload field {@value #ITEMS}, a list of strings. It starts cart recovery.</li>
 *   <li>Four hours later the reminder {@value #REMINDER} goes out. Its
 *       {@link OutgoingMessage#data()} is the payload of the event that started the instance, so
 *       it lists exactly the items of that cart; {@link #render} shows how a channel would write
 *       them ("Still thinking about: grinder, filters").</li>
 *   <li>{@code purchase.completed} is cart recovery's exit trigger and the entry trigger of
 *       {@linkplain #onboarding() onboarding} (the welcome email at once, tips 2 days later). The
 *       engine decides exits before entries for the same event, so one purchase ends cart recovery
 *       and starts onboarding: the contact switches journeys. A purchase before the reminder means
 *       no reminder.</li>
 *   <li>Re-entry: {@code ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24))}.
 *       A second abandoned cart is refused while the contact is still in cart recovery, and after
 *       that instance ended until 24 hours have passed since the last entry; each refusal is an
 *       {@code EntryDeclined} event with {@code DeclineReason.REENTRY_RULE}. An abandoned cart 24
 *       hours or more after the last entry starts a new instance with its own items.</li>
 * </ul>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.CartRecovery}. It runs two shoppers on a virtual clock (one
 * who leaves two carts a day apart, one who buys two hours after leaving hers) and prints every
 * email as the channel would write it, then each timeline.
 *
 * <p>Not instantiable; the journeys and the events it builds are immutable.
 */
public final class CartRecovery {

    /** When the example's story begins. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /** The cart recovery journey's id. */
    public static final String JOURNEY_ID = "cart-recovery";

    /** The onboarding journey's id. */
    public static final String ONBOARDING_ID = "onboarding";

    /** The payload field of {@code checkout.abandoned} that lists the cart's items. */
    public static final String ITEMS = "items";

    /** The reminder, sent 4 hours after the cart was abandoned. */
    public static final String REMINDER = "cart-reminder";

    /** Onboarding's first email, sent on the purchase. */
    public static final String WELCOME = "welcome";

    /** Onboarding's second email, sent 2 days after the purchase. */
    public static final String TIPS = "brewing-tips";

    private CartRecovery() {
    }

    /** Returns the S5 cart recovery journey. */
    public static JourneyDefinition cartRecovery() {
        return Journey.withId(JOURNEY_ID)
                .triggeredBy(on("checkout.abandoned"))
                .named("Cart recovery")
                .exitWhen(on("purchase.completed"))
                .reentry(ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24)))
                .keepTriggerFields(ITEMS)
                .waitFor("four-hours", Duration.ofHours(4))
                .send("reminder", Message.email(REMINDER))
                .build();
    }

    /** Returns the onboarding series a purchase starts. */
    public static JourneyDefinition onboarding() {
        return Journey.withId(ONBOARDING_ID)
                .triggeredBy(on("purchase.completed"))
                .named("Onboarding")
                .send("welcome", Message.email(WELCOME))
                .waitFor("two-days", Duration.ofDays(2))
                .send("tips", Message.email(TIPS))
                .build();
    }

    /** Returns the host's event for a cart left at checkout, listing its items in order. */
    public static Event checkoutAbandoned(String eventId, String contactId, Instant at, List<String> items) {
        return Event.of(eventId, "checkout.abandoned", contactId, at).withPayload(Attributes.of(ITEMS, items));
    }

    /** Returns a completed purchase, which ends cart recovery and starts onboarding. */
    public static Event purchaseCompleted(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "purchase.completed", contactId, at);
    }

    /**
     * Returns the cart items a message is about: the {@value #ITEMS} of the event that started its
     * instance, or an empty list if it has none.
     */
    public static List<String> itemsOf(OutgoingMessage message) {
        return message.data().value(ITEMS)
                .filter(List.class::isInstance)
                .map(items -> ((List<?>) items).stream().map(String::valueOf).toList())
                .orElse(List.of());
    }

    /** Returns a message as the example's email channel writes it: the reminder lists the cart. */
    public static String render(OutgoingMessage message) {
        return message.message().equals(REMINDER)
                ? REMINDER + ": Still thinking about: " + String.join(", ", itemsOf(message))
                : message.message();
    }

    /**
     * Runs the story and prints the emails and timelines.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the story, printing to {@code out}: ana leaves a grinder and filters at
     * {@link #START}, adds a scale an hour later (refused: she is still in cart recovery), gets
     * the reminder at +4h, leaves the scale alone at +10h (refused: 24 hours have not passed since
     * her entry) and again at +25h (a new instance, reminded at +29h); ben leaves a French press at
     * {@link #START} and buys it at +2h, so he gets the welcome at +2h and the tips at +2d2h, and
     * no reminder. The story ends three days after the start.
     */
    static void run(PrintStream out) {
        VirtualClock clock = VirtualClock.at(START);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory()
                .put(Contact.of("ana").withConsent("email"))
                .put(Contact.of("ben").withConsent("email"));
        Timeline timeline = new Timeline();
        try (JourneyEngine engine = JourneyEngine.builder()
                .clock(clock)
                .contacts(contacts)
                .channel("email", message -> out.println("  " + message.decidedAt() + "  email to "
                        + message.contactId() + ": " + render(message)))
                .listener(timeline)
                .journey(cartRecovery())
                .journey(onboarding())
                .build()) {

            out.println("Journeys: " + cartRecovery().name() + " and " + onboarding().name() + ", starting " + START);
            out.println("Emails:");
            engine.accept(checkoutAbandoned("cart-ana-1", "ana", START, List.of("grinder", "filters")));
            engine.accept(checkoutAbandoned("cart-ben-1", "ben", START, List.of("french-press")));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofHours(1)));
            engine.accept(checkoutAbandoned("cart-ana-2", "ana", clock.instant(), List.of("grinder", "filters", "scale")));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofHours(2)));
            engine.accept(purchaseCompleted("purchase-ben", "ben", clock.instant()));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofHours(10)));
            engine.accept(checkoutAbandoned("cart-ana-3", "ana", clock.instant(), List.of("scale")));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofHours(25)));
            engine.accept(checkoutAbandoned("cart-ana-4", "ana", clock.instant(), List.of("scale")));

            TimeTravel.advanceTo(engine, clock, START.plus(Duration.ofDays(3)));

            for (String contact : timeline.contacts()) {
                out.println();
                out.print(timeline.format(contact));
            }
            out.println();
            out.println(engine.stats());
        }
    }
}
