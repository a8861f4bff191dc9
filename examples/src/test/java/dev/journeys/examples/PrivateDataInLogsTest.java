package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.QuietHours;
import dev.journeys.core.RetryPolicy;
import dev.journeys.core.Segments;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.dsl.json.JourneyJson;
import dev.journeys.testkit.TimeTravel;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario, run with a listener that throws, channels that fail (once, or always for one
 * contact), action handlers that always fail and a directory that fails now and then, all of them
 * quoting the contact, the message and its data in their exceptions: the log (slf4j-simple at its
 * default INFO, writing to {@code System.err} on each line) holds none of the contacts' attribute
 * values nor any payload value, and does hold the lines about those failures.
 */
class PrivateDataInLogsTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    /** Every attribute and payload value the runs were given. */
    private final Set<String> privateValues = new TreeSet<>();

    /** What the journeys and segments say themselves (an author's literal is not a contact's data). */
    private final StringBuilder definitions = new StringBuilder();

    @BeforeEach
    void captureTheLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheLog() {
        System.setErr(originalErr);
    }

    @Test
    void noAttributeOrPayloadValueIsLoggedWhenListenersChannelsAndHandlersFail() {
        Map<String, String> logs = new java.util.LinkedHashMap<>();
        logs.put("BrewBetterAtHome", logOf(this::brewBetterAtHome));
        logs.put("BrewBetterSimulation", logOf(this::brewBetterSimulation));
        logs.put("BrewBetterWeekly", logOf(this::brewBetterWeekly));
        logs.put("CartRecovery", logOf(this::cartRecovery));
        logs.put("CateringQuote", logOf(this::cateringQuote));
        logs.put("ColdBrewLaunch", logOf(this::coldBrewLaunch));
        logs.put("DraftFromPlainLanguage", logOf(this::draftFromPlainLanguage));
        logs.put("FairUse", logOf(this::fairUse));
        logs.put("GoingLive", logOf(this::goingLive));
        String all = String.join("\n", logs.values());
        System.setErr(originalErr);

        // It captured the lines about the failures, so it cannot pass by capturing nothing.
        logs.forEach((scenario, log) -> assertThat(log).as(scenario)
                .contains("WARN dev.journeys.core.engine.JourneyEngine - listener ")
                .contains("WARN dev.journeys.core.engine.JourneyEngine - dropped "));
        assertThat(all).contains("ERROR dev.journeys.core.engine.JourneyEngine - work due for contact '");

        List<String> candidates = privateValues.stream()
                .filter(value -> value.length() >= 3 && !definitions.toString().contains(value))
                .toList();
        assertThat(candidates).as("the values looked for").hasSizeGreaterThan(40);
        List<String> leaked = new ArrayList<>();
        for (String line : all.split("\n")) {
            candidates.stream().filter(line::contains).findFirst()
                    .ifPresent(value -> leaked.add("'" + value + "' in: " + line));
        }
        assertThat(leaked).as("log lines with a contact's attribute value or a payload value").isEmpty();
        // The failures' types and stack frames are there; their messages are not.
        assertThat(all).contains("java.lang.IllegalStateException (message left out of the log)")
                .contains("Caused by: java.io.UncheckedIOException (message left out of the log)");
    }

    private String logOf(Runnable scenario) {
        captured.reset();
        scenario.run();
        return captured.toString(StandardCharsets.UTF_8);
    }

    private void brewBetterAtHome() {
        try (Run run = new Run(BrewBetterAtHome.START, List.of(BrewBetterAtHome.journey()), b -> b,
                chicagoans("ana", "ben", "cleo"))) {
            for (String id : List.of("ana", "ben", "cleo")) {
                run.accept(BrewBetterAtHome.guideRequested("form-" + id, id, BrewBetterAtHome.START));
            }
            run.advance(Duration.ofHours(5));
            run.deliveredTo("ana").ifPresent(guide -> run.accept(Event.linkClicked("click-ana", "ana", run.now(),
                    guide.messageId(), "shop-grinders")));
            run.advance(Duration.ofHours(19));
            run.accept(Event.of("purchase-cleo", "purchase.completed", "cleo", run.now())
                    .withPayload(Attributes.of("total", 129.5, "card", "4111 1111 1111 1111")));
            run.advance(Duration.ofDays(2));
        }
    }

    private void brewBetterSimulation() {
        List<Contact> population = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            population.add(Contact.of("sim-" + i).withConsent("email")
                    .withZone(ZoneId.of(i % 2 == 0 ? "America/Chicago" : "America/New_York")));
        }
        try (Run run = new Run(BrewBetterAtHome.START, List.of(BrewBetterAtHome.journey()), b -> b, population)) {
            for (int i = 0; i < population.size(); i++) {
                run.accept(BrewBetterAtHome.guideRequested("form-" + i, "sim-" + i,
                        BrewBetterAtHome.START.plus(Duration.ofHours(2L * i))));
            }
            run.advance(Duration.ofDays(1));
            for (int i = 0; i < population.size(); i += 3) {
                String id = "sim-" + i;
                run.deliveredTo(id).ifPresent(guide -> run.accept(Event.linkClicked("click-" + id, id, run.now(),
                        guide.messageId(), "shop-grinders")));
            }
            run.advance(Duration.ofDays(10));
        }
    }

    private void brewBetterWeekly() {
        List<Contact> subscribers = List.of(Contact.of("ana").withConsent("email"),
                Contact.of("ben").withConsent("email"), Contact.of("cleo").withConsent("email"));
        Instant start = BrewBetterWeekly.START;
        try (Run run = new Run(start, List.of(BrewBetterWeekly.journey(), BrewBetterWeekly.promo()), b -> b,
                subscribers)) {
            for (Contact subscriber : subscribers) {
                run.accept(BrewBetterWeekly.subscribed("subscribed-" + subscriber.id(), subscriber.id(), start));
            }
            run.advanceTo(start.plus(Duration.ofDays(8)));
            run.deliveredTo("ana").ifPresent(issue -> run.accept(
                    BrewBetterWeekly.clickedSeePricing("click-ana", issue, run.now())));
            run.advanceTo(start.plus(Duration.ofDays(10)));
            run.deliveredTo("ben").ifPresent(issue -> run.accept(
                    BrewBetterWeekly.unsubscribed("unsubscribe-ben", issue, run.now())));
            run.advanceTo(start.plus(Duration.ofDays(11)));
            for (Contact subscriber : subscribers) {
                run.accept(BrewBetterWeekly.promoStarted("promo-" + subscriber.id(), subscriber.id(), run.now()));
            }
            run.advanceTo(start.plus(Duration.ofDays(22)));
        }
    }

    private void cartRecovery() {
        Instant start = CartRecovery.START;
        try (Run run = new Run(start, List.of(CartRecovery.cartRecovery(), CartRecovery.onboarding()), b -> b,
                List.of(Contact.of("ana").withConsent("email"), Contact.of("ben").withConsent("email")))) {
            run.accept(CartRecovery.checkoutAbandoned("cart-ana-1", "ana", start, List.of("burr grinder", "filters")));
            run.accept(CartRecovery.checkoutAbandoned("cart-ben-1", "ben", start, List.of("french press")));
            run.advanceTo(start.plus(Duration.ofHours(1)));
            run.accept(CartRecovery.checkoutAbandoned("cart-ana-2", "ana", run.now(),
                    List.of("burr grinder", "filters", "kitchen scale")));
            run.advanceTo(start.plus(Duration.ofHours(2)));
            run.accept(CartRecovery.purchaseCompleted("purchase-ben", "ben", run.now()));
            run.advanceTo(start.plus(Duration.ofHours(10)));
            run.accept(CartRecovery.checkoutAbandoned("cart-ana-3", "ana", run.now(), List.of("kitchen scale")));
            run.advanceTo(start.plus(Duration.ofHours(25)));
            run.accept(CartRecovery.checkoutAbandoned("cart-ana-4", "ana", run.now(), List.of("kitchen scale")));
            run.advanceTo(start.plus(Duration.ofDays(3)));
        }
    }

    private void cateringQuote() {
        Instant start = CateringQuote.START;
        try (Run run = new Run(start, List.of(CateringQuote.journey()), b -> b, List.of(
                Contact.of("ana").withConsent("email").withAttributes(Attributes.of("region", "emea")),
                Contact.of("ben").withConsent("email").withAttributes(Attributes.of("region", "americas")),
                Contact.of("cleo").withConsent("email")))) {
            run.accept(CateringQuote.leadCreated("lead-ana", "ana", start, "trade fair in Lisbon"));
            run.accept(CateringQuote.leadCreated("lead-ben", "ben", start));
            run.accept(CateringQuote.leadCreated("lead-cleo", "cleo", start));
            run.advance(Duration.ofDays(1));
            run.accept(CateringQuote.opportunityCreated("opp-ana", "ana", run.now()));
            run.advance(Duration.ofDays(1));
            run.accept(CateringQuote.leadQualified("qualified-cleo", "cleo", run.now()));
            run.advance(Duration.ofDays(8));
            run.accept(CateringQuote.opportunityLost("lost-ana", "ana", run.now()));
            run.advance(Duration.ofDays(10));
        }
    }

    private void coldBrewLaunch() {
        Instant launch = ColdBrewLaunch.LAUNCH;
        List<Contact> texans = new ArrayList<>();
        texans.add(ColdBrewLaunch.texan("ana", ColdBrewLaunch.CENTRAL).withAttributes(Attributes.of(
                "loyaltyMember", true, "state", "TX", "nearestStore", "South Congress")));
        for (String id : List.of("dana", "eli", "eve", "finn")) {
            texans.add(ColdBrewLaunch.texan(id, ColdBrewLaunch.CENTRAL));
        }
        texans.add(ColdBrewLaunch.texan("cruz", ColdBrewLaunch.MOUNTAIN));
        texans.add(ColdBrewLaunch.texan("gus", ColdBrewLaunch.CENTRAL)
                .withAttributes(Attributes.of("loyaltyMember", true, "state", "OK")));
        texans.add(ColdBrewLaunch.texan("ben", ColdBrewLaunch.CENTRAL)); // last: every send to him fails
        try (Run run = new Run(ColdBrewLaunch.STORY_START,
                List.of(ColdBrewLaunch.journey(), ColdBrewLaunch.springSale()),
                b -> b.segments(ColdBrewLaunch.segments()).frequencyCap(ColdBrewLaunch.cap())
                        .quietHours(ColdBrewLaunch.quietHours()), texans)) {
            definitions.append(JourneyJson.writeSegments(ColdBrewLaunch.segments()));
            run.accept(ColdBrewLaunch.purchase("concentrate-eve", "eve", launch.minus(Duration.ofDays(150)),
                    "cold-brew", "cold-brew-concentrate"));
            run.accept(ColdBrewLaunch.purchase("bottle-finn", "finn", launch.minus(Duration.ofDays(120)),
                    "cold-brew", "cold-brew-bottle"));
            for (String id : List.of("ana", "ben", "cruz", "dana", "eli", "eve", "gus")) {
                run.accept(ColdBrewLaunch.purchase("bottle-" + id, id, launch.minus(Duration.ofDays(30)),
                        "cold-brew", "cold-brew-bottle"));
            }
            run.accept(ColdBrewLaunch.purchase("beans-finn", "finn", launch.minus(Duration.ofDays(10)),
                    "beans", "house-blend"));
            Instant midMorning = launch.plus(Duration.ofHours(2));
            run.accept(ColdBrewLaunch.springSaleStarted("sale-eli", "eli", midMorning.minus(Duration.ofDays(8))));
            run.accept(ColdBrewLaunch.springSaleStarted("sale-dana", "dana", midMorning.minus(Duration.ofDays(5))));
            run.advanceTo(launch.plus(Duration.ofDays(1)));
        }
    }

    private void draftFromPlainLanguage() {
        JourneyDefinition journey = DraftFromPlainLanguage.bound(DraftFromPlainLanguage.draft()).journeyOrThrow();
        ZoneId chicago = DraftFromPlainLanguage.CHICAGO;
        Instant start = DraftFromPlainLanguage.START;
        try (Run run = new Run(start, List.of(journey), b -> b, List.of(
                Contact.of("dan").withZone(chicago).withConsent("email"),
                Contact.of("ana").withZone(chicago).withConsent("sms").withPreferredChannel("sms"),
                Contact.of("ben").withZone(chicago).withConsent("email").withPreferredChannel("email"),
                Contact.of("cleo").withZone(chicago).withConsent("push", "email").withPreferredChannel("push")))) {
            for (String id : List.of("ana", "ben", "cleo")) {
                run.accept(DraftFromPlainLanguage.landingPageCompleted("page-" + id, id, start,
                        DraftFromPlainLanguage.LANDING_PAGE));
            }
            run.accept(DraftFromPlainLanguage.landingPageCompleted("page-dan", "dan", start, "autumn-landing-page"));
            run.advance(Duration.ofDays(3));
        }
    }

    private void fairUse() {
        int registrations = 250;
        List<Contact> registrants = new ArrayList<>();
        for (int i = 0; i < registrations; i++) {
            registrants.add(Contact.of(FairUse.registrantOf(i)).withConsent("email"));
        }
        try (Run run = new Run(FairUse.START, List.of(FairUse.journey(FairUse.LIMIT)), b -> b, registrants)) {
            for (int i = 0; i < registrations; i++) {
                run.accept(FairUse.registered("registration-" + i, FairUse.registrantOf(i), FairUse.arrivalOf(i)));
            }
            run.advance(Duration.ofMinutes(5));
        }
    }

    private void goingLive() {
        ZoneId austin = GoingLive.AUSTIN;
        Instant start = GoingLive.START;
        try (Run run = new Run(start, List.of(), b -> b.segments(GoingLive.segments())
                .quietHours(QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0))), List.of(
                Contact.of("tess").withZone(austin).withConsent("email")
                        .withAttributes(Attributes.of("nearestStore", "South Congress")),
                Contact.of("ana").withZone(austin).withConsent("email")
                        .withAttributes(Attributes.of("nearestStore", "South Congress")),
                Contact.of("ben").withZone(austin).withConsent("email"),
                Contact.of("cleo").withZone(austin).withConsent("email"),
                Contact.of("dan").withZone(austin),
                Contact.of("eve").withZone(austin).withConsent("email")))) {
            definitions.append(JourneyJson.writeSegments(GoingLive.segments()));
            JourneyEngine engine = run.engine;
            for (JourneyDefinition journey : List.of(GoingLive.firstDraft(), GoingLive.version1(),
                    GoingLive.version2())) {
                definitions.append(JourneyJson.write(journey));
            }
            engine.saveDraft(GoingLive.firstDraft());
            try {
                engine.publishDraft(GoingLive.JOURNEY_ID);
            } catch (InvalidJourneyException refused) {
                // as in the story: the first draft has two typos
            }
            engine.saveDraft(GoingLive.version1());
            engine.publishDraft(GoingLive.JOURNEY_ID);
            Instant morning = start.plus(Duration.ofHours(11));
            run.advanceTo(morning);
            for (String id : List.of("ana", "ben", "cleo", "dan")) {
                run.accept(GoingLive.viewedGrinder("view-" + id, id, morning));
            }
            run.advanceTo(morning.plus(Duration.ofDays(1)));
            run.accept(GoingLive.boughtGrinder("bought-ana", "ana", run.now()));
            run.advance(Duration.ofHours(2));
            engine.publish(GoingLive.version2());
            run.accept(GoingLive.viewedGrinder("view-eve", "eve", run.now()));
            run.advanceTo(morning.plus(Duration.ofDays(5)));
        }
    }

    /** Returns contacts in Chicago with email consent. */
    private static List<Contact> chicagoans(String... ids) {
        return java.util.Arrays.stream(ids)
                .map(id -> Contact.of(id).withZone(ZoneId.of("America/Chicago")).withConsent("email")).toList();
    }

    /** Adds every attribute or payload value (list items one by one) to the values looked for. */
    private void collect(Attributes attributes) {
        attributes.asMap().values().forEach(this::collect);
    }

    private void collect(Object value) {
        if (value instanceof Collection<?> items) {
            items.forEach(this::collect);
        } else if (value instanceof String || value instanceof Number) {
            privateValues.add(String.valueOf(value));
        }
    }

    /**
     * One scenario's engine on a virtual clock, with what fails: a listener that throws on every
     * event, channels that fail the first attempt of each message (and every attempt for the last
     * contact given), action handlers that always fail, and a directory that fails its first look-up
     * in each stretch of time moved. Each contact gets an email, a name and a phone; each event a
     * note; all are private.
     */
    private final class Run implements AutoCloseable {
        final VirtualClock clock;
        final JourneyEngine engine;
        final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        final FailingDirectory directory = new FailingDirectory(contacts);
        final Map<String, List<OutgoingMessage>> delivered = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final String alwaysFailing;

        Run(Instant start, List<JourneyDefinition> journeys, UnaryOperator<JourneyEngineBuilder> setup,
            List<Contact> given) {
            clock = VirtualClock.at(start);
            for (Contact contact : given) {
                Attributes attributes = contact.attributes()
                        .with("email", contact.id() + ".lopez@private.example")
                        .with("firstName", "Firstname" + contact.id().hashCode())
                        .with("phone", "+1 555 " + Math.abs(contact.id().hashCode() % 10_000_000));
                contacts.put(contact.withAttributes(attributes));
                collect(attributes);
            }
            alwaysFailing = given.get(given.size() - 1).id();
            JourneyEngineBuilder builder = setup.apply(JourneyEngine.builder())
                    .clock(clock)
                    .contacts(directory)
                    .retryPolicy(RetryPolicy.of(2, Duration.ofMinutes(1)))
                    .listener(event -> {
                        throw new IllegalStateException("listener could not handle " + event);
                    });
            for (String channel : List.of("email", "sms", "push")) {
                builder.channel(channel, this::send);
            }
            for (String action : List.of(CateringQuote.ALERT_SALES_QUEUE, GoingLive.ALERT_SALES)) {
                builder.action(action, request -> {
                    throw new IllegalStateException("the sales queue refused " + request.parameters() + " with "
                            + request.data() + " for " + contacts.find(request.contactId()).orElseThrow());
                });
            }
            journeys.forEach(journey -> {
                builder.journey(journey);
                definitions.append(JourneyJson.write(journey));
            });
            engine = builder.build();
        }

        private void send(OutgoingMessage message) {
            int attempt = attempts.computeIfAbsent(message.messageId(), id -> new AtomicInteger()).incrementAndGet();
            if (attempt == 1 || message.contactId().equals(alwaysFailing)) {
                throw new IllegalStateException("550 could not deliver '" + message.message() + "' to "
                        + contacts.find(message.contactId()).orElseThrow() + " with " + message.data());
            }
            delivered.computeIfAbsent(message.contactId(), id -> new ArrayList<>()).add(message);
        }

        Instant now() {
            return clock.instant();
        }

        /** Returns the last message delivered to the contact, if any was. */
        Optional<OutgoingMessage> deliveredTo(String contactId) {
            List<OutgoingMessage> messages = delivered.getOrDefault(contactId, List.of());
            return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
        }

        /** Moves time to the event's instant, then gives it the engine with a private note added. */
        void accept(Event event) {
            if (event.occurredAt().isAfter(now())) {
                advanceTo(event.occurredAt());
            }
            Attributes payload = event.payload().with("note", "note of " + event.id() + " for Firstname"
                    + event.contactId().hashCode());
            collect(payload);
            engine.accept(event.withPayload(payload));
        }

        void advance(Duration duration) {
            advanceTo(now().plus(duration));
        }

        void advanceTo(Instant until) {
            directory.failNext(true);
            TimeTravel.advanceTo(engine, clock, until);
            directory.failNext(false);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** A directory that fails its next look-up when told to, quoting the contact. */
    private static final class FailingDirectory implements ContactDirectory {
        private final InMemoryContactDirectory contacts;
        private volatile boolean failNext;

        FailingDirectory(InMemoryContactDirectory contacts) {
            this.contacts = contacts;
        }

        void failNext(boolean fail) {
            failNext = fail;
        }

        @Override
        public Optional<Contact> find(String contactId) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("lost the connection while reading " + contactId,
                        new java.io.UncheckedIOException(new java.net.SocketException("reset while reading "
                                + contacts.find(contactId))));
            }
            return contacts.find(contactId);
        }

        @Override
        public void record(Event event) {
            contacts.record(event);
        }

        @Override
        public EventHistory history(String contactId, Set<String> eventTypes, Instant since) {
            return contacts.history(contactId, eventTypes, since);
        }

        @Override
        public List<Contact> page(Optional<String> afterId, int limit) {
            return contacts.page(afterId, limit);
        }
    }
}
