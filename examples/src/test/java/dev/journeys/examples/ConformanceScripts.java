package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.flink.DefinitionChange;
import dev.journeys.flink.JourneyJob;
import dev.journeys.flink.JourneyTypes;
import dev.journeys.testkit.JourneyTestEnvironment;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Scripted inputs for scenarios S1, S3, S4 and S5 that any host can be fed: contacts, and events
 * at fixed instants, drawn from a seeded random source. An interaction names the message it is
 * about by the id the engine gives it (its idempotency key and when it was decided), which a
 * script can tell in advance for a message sent as its journey starts.
 */
final class ConformanceScripts {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /**
     * One scenario's inputs.
     *
     * @param name the scenario
     * @param journeys the journeys published before the first event
     * @param contacts the contacts, known from the start
     * @param events the events, in the order of their times
     * @param horizon how long after the start every contact is done
     */
    record Script(String name, List<JourneyDefinition> journeys, List<Contact> contacts, List<Event> events,
                  Duration horizon) {
    }

    private ConformanceScripts() {
    }

    /** Returns the four scripts, each with {@code contacts} contacts. */
    static List<Script> all(int contacts, long seed) {
        return List.of(brewBetterAtHome(contacts, seed), brewBetterWeekly(contacts, seed + 1),
                cateringQuote(contacts, seed + 2), cartRecovery(contacts, seed + 3));
    }

    /** S1: the form, a click on the grinder link in the guide for some, a purchase during the wait for others. */
    static Script brewBetterAtHome(int count, long seed) {
        return brewBetterAtHome(count, seed, Duration.ofMinutes(7));
    }

    /** S1 with the forms {@code spacing} apart. */
    static Script brewBetterAtHome(int count, long seed, Duration spacing) {
        Random random = new Random(seed);
        List<Contact> contacts = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "s1-" + i;
            contacts.add(Contact.of(id).withConsent("email"));
            Instant form = START.plus(spacing.multipliedBy(i));
            events.add(BrewBetterAtHome.guideRequested(id + "-form", id, form));
            if (random.nextInt(3) == 0) {
                events.add(Event.linkClicked(id + "-click", id, form.plus(Duration.ofHours(1 + random.nextInt(40))),
                        messageId(id, "brew-better-at-home", "guide", 1, form), "shop-grinders"));
            }
            if (random.nextInt(4) == 0) {
                events.add(Event.of(id + "-buy", "purchase.completed", id,
                        form.plus(Duration.ofMinutes(30 + random.nextInt(4_000)))));
            }
            if (random.nextInt(10) == 0) {
                events.add(BrewBetterAtHome.guideRequested(id + "-form", id, form.plusSeconds(5))); // a duplicate id
            }
        }
        return new Script("S1", List.of(BrewBetterAtHome.journey()), contacts, sorted(events),
                spacing.multipliedBy(count).plus(Duration.ofDays(5)));
    }

    /** S3: subscriptions, pricing clicks on the first issue for some, unsubscribes for others, the promo. */
    static Script brewBetterWeekly(int count, long seed) {
        Random random = new Random(seed);
        List<Contact> contacts = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "s3-" + i;
            contacts.add(Contact.of(id).withConsent("email"));
            Instant subscribed = START.plus(Duration.ofMinutes(11L * i));
            events.add(BrewBetterWeekly.subscribed(id + "-sub", id, subscribed));
            String issue = messageId(id, BrewBetterWeekly.JOURNEY_ID, "issue", 1, subscribed);
            int fate = random.nextInt(4);
            if (fate == 0) {
                events.add(Event.linkClicked(id + "-click", id, subscribed.plus(Duration.ofHours(2 + random.nextInt(100))),
                        issue, BrewBetterWeekly.SEE_PRICING));
            } else if (fate == 1) {
                events.add(Event.unsubscribed(id + "-unsub", id, subscribed.plus(Duration.ofDays(1 + random.nextInt(20))),
                        issue, "email"));
            }
            if (random.nextInt(3) == 0) {
                events.add(BrewBetterWeekly.promoStarted(id + "-promo", id,
                        subscribed.plus(Duration.ofDays(random.nextInt(25)))));
            }
        }
        return new Script("S3", List.of(BrewBetterWeekly.journey(), BrewBetterWeekly.promo()), contacts,
                sorted(events), Duration.ofDays(40));
    }

    /** S4: leads by region, opportunities that pause them, lost opportunities that resume them, qualified leads. */
    static Script cateringQuote(int count, long seed) {
        Random random = new Random(seed);
        String[] regions = {"emea", "americas", "apac"};
        List<Contact> contacts = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "s4-" + i;
            contacts.add(Contact.of(id).withConsent("email")
                    .withAttributes(Attributes.of("region", regions[random.nextInt(regions.length)])));
            Instant created = START.plus(Duration.ofMinutes(13L * i));
            events.add(CateringQuote.leadCreated(id + "-lead", id, created));
            if (random.nextBoolean()) {
                Instant paused = created.plus(Duration.ofHours(1 + random.nextInt(100)));
                events.add(CateringQuote.opportunityCreated(id + "-opp", id, paused));
                if (random.nextBoolean()) {
                    events.add(CateringQuote.opportunityLost(id + "-lost", id,
                            paused.plus(Duration.ofHours(1 + random.nextInt(200)))));
                }
            }
            if (random.nextInt(5) == 0) {
                events.add(CateringQuote.leadQualified(id + "-won", id,
                        created.plus(Duration.ofHours(1 + random.nextInt(300)))));
            }
        }
        return new Script("S4", List.of(CateringQuote.journey()), contacts, sorted(events), Duration.ofDays(40));
    }

    /** S5: abandoned carts (some twice, within and after the cool-down), purchases that switch to onboarding. */
    static Script cartRecovery(int count, long seed) {
        Random random = new Random(seed);
        List<Contact> contacts = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "s5-" + i;
            contacts.add(Contact.of(id).withConsent("email"));
            Instant abandoned = START.plus(Duration.ofMinutes(5L * i));
            events.add(CartRecovery.checkoutAbandoned(id + "-cart", id, abandoned, List.of("grinder", "filters")));
            if (random.nextBoolean()) {
                events.add(CartRecovery.checkoutAbandoned(id + "-cart2", id,
                        abandoned.plus(Duration.ofHours(1 + random.nextInt(48))), List.of("kettle")));
            }
            if (random.nextInt(3) == 0) {
                events.add(CartRecovery.purchaseCompleted(id + "-buy", id,
                        abandoned.plus(Duration.ofMinutes(10 + random.nextInt(600)))));
            }
        }
        return new Script("S5", List.of(CartRecovery.cartRecovery(), CartRecovery.onboarding()), contacts,
                sorted(events), Duration.ofDays(10));
    }

    /**
     * Runs a script in the in-process engine, on the testkit's virtual clock, and hands the
     * environment, run to the script's horizon, to {@code read}.
     */
    static <T> T inProcess(Script script, Function<JourneyTestEnvironment, T> read) {
        JourneyTestEnvironment.Builder builder = JourneyTestEnvironment.builder().startingAt(START);
        script.journeys().forEach(builder::journey);
        script.contacts().forEach(builder::contact);
        try (JourneyTestEnvironment env = builder.build()) {
            script.events().forEach(env::schedule);
            env.runUntilIdle(script.horizon());
            return read.apply(env);
        }
    }

    /**
     * Wires a script into a Flink job in event time: its events as they are given (already with
     * timestamps and watermarks), its contacts and journeys from before the start, the job run to
     * the script's horizon.
     */
    static JourneyJob.Streams onFlink(StreamExecutionEnvironment env, Script script, DataStream<Event> events) {
        long before = START.toEpochMilli() - 1;
        DataStream<Contact> contacts = env.fromData(script.contacts(), JourneyTypes.contacts())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Contact>forMonotonousTimestamps()
                        .withTimestampAssigner((contact, previous) -> before));
        DataStream<DefinitionChange> definitions = env.fromData(script.journeys().stream()
                        .map(DefinitionChange::publish).toList(), JourneyTypes.definitionChanges())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DefinitionChange>forMonotonousTimestamps()
                        .withTimestampAssigner((change, previous) -> before));
        return JourneyJob.builder().events(events).contacts(contacts).definitions(definitions)
                .until(START.plus(script.horizon())).build();
    }

    /** Returns the script's events as a stream with their timestamps and watermarks. */
    static DataStream<Event> events(StreamExecutionEnvironment env, Script script) {
        return env.fromData(script.events(), JourneyTypes.events())
                .assignTimestampsAndWatermarks(JourneyJob.watermarks(Duration.ZERO));
    }

    /** The id of a contact's first message at a step of the first instance of version 1 of a journey. */
    private static String messageId(String contactId, String journeyId, String stepId, int visit, Instant decidedAt) {
        return new IdempotencyKey(contactId, journeyId, 1, 1, stepId, visit) + "@" + decidedAt.toEpochMilli();
    }

    private static List<Event> sorted(List<Event> events) {
        List<Event> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparing(Event::occurredAt));
        return List.copyOf(copy);
    }
}
