package dev.journeys.store.postgres.stress;

import dev.journeys.core.FrequencyCap;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;

import java.time.Duration;
import java.util.List;

import static dev.journeys.core.Trigger.on;

/**
 * The three journeys {@link TwoEngineStressTest} runs, and the engine-wide cap they share. Each sends
 * marketing email only and ends at once on a purchase ({@code exitWhen(on("purchased"))}), so a
 * purchase or an unsubscribe stops every instance of the contact:
 *
 * <pre>{@code
 * onboarding (signed.up):      send welcome; wait up to 1 day for a click on it (thanks | nudge);
 *                              wait 2 days; send offer
 * browse (product.viewed):     wait 2 hours; send recommend; wait 1 day; send browse-reminder
 * cart (cart.abandoned):       wait 1 hour; send cart-reminder; wait up to 12 hours for a click
 *                              on it (end | send last-chance)
 * engine-wide cap:             at most 3 sends per contact in any day, of all three journeys
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
final class StressJourneys {

    /** The entry event of the onboarding journey. */
    static final String SIGN_UP = "signed.up";
    /** The entry event of the browse journey. */
    static final String VIEW = "product.viewed";
    /** The entry event of the cart journey. */
    static final String CART = "cart.abandoned";
    /** The exit trigger of all three journeys. */
    static final String PURCHASE = "purchased";
    /** The one channel every send is on. */
    static final String CHANNEL = "email";
    /** The engine-wide cap, counted over the three journeys. */
    static final FrequencyCap CAP = FrequencyCap.of(3, Duration.ofDays(1));

    private StressJourneys() {
    }

    /** Returns the three journeys. */
    static List<JourneyDefinition> all() {
        JourneyDefinition onboarding = Journey.withId("onboarding").triggeredBy(on(SIGN_UP))
                .exitWhen(on(PURCHASE))
                .send("welcome", Message.email("welcome"))
                .waitForEvent("clicked-welcome", on(InteractionTypes.LINK_CLICKED), Duration.ofDays(1), wait -> wait
                        .about("welcome")
                        .onEvent(path -> path.send("thanks", Message.email("thanks")))
                        .onTimeout(path -> path.send("nudge", Message.email("nudge"))))
                .waitFor("two-days", Duration.ofDays(2))
                .send("offer", Message.email("offer"))
                .build();
        JourneyDefinition browse = Journey.withId("browse").triggeredBy(on(VIEW))
                .exitWhen(on(PURCHASE))
                .waitFor("settle", Duration.ofHours(2))
                .send("recommend", Message.email("recommend"))
                .waitFor("a-day", Duration.ofDays(1))
                .send("reminder", Message.email("browse-reminder"))
                .build();
        JourneyDefinition cart = Journey.withId("cart").triggeredBy(on(CART))
                .exitWhen(on(PURCHASE))
                .waitFor("hold", Duration.ofHours(1))
                .send("cart", Message.email("cart-reminder"))
                .waitForEvent("clicked-cart", on(InteractionTypes.LINK_CLICKED), Duration.ofHours(12), wait -> wait
                        .about("cart")
                        .onEvent(path -> { })
                        .onTimeout(path -> path.send("last-chance", Message.email("last-chance"))))
                .build();
        return List.of(onboarding, browse, cart);
    }
}
