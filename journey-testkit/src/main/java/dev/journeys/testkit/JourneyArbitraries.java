package dev.journeys.testkit;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Trigger;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.JourneyOptions;
import dev.journeys.dsl.Message;
import dev.journeys.dsl.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * jqwik arbitraries for property tests of journeys: valid journeys, contacts and event histories.
 *
 * <pre>{@code
 * @Property
 * void everyContactIsAccountedFor(@ForAll("journeys") JourneyDefinition journey, ...) { ... }
 *
 * @Provide
 * Arbitrary<JourneyDefinition> journeys() {
 *     return JourneyArbitraries.journeys();
 * }
 * }</pre>
 *
 * <p>Generated journeys are entered by {@value #ENTRY} events and may exit on {@value #STOP}
 * events; their steps are sends (on {@code email}), waits of an hour to three days, waits for a
 * {@value #PURCHASE} event, branches on the contact's {@code tier} or a click in an earlier send,
 * two-way splits, goals and exits, nested up to three levels. Every one passes validation.
 *
 * <p>Not instantiable.
 */
public final class JourneyArbitraries {

    /** The event type that enters generated journeys. */
    public static final String ENTRY = "go";
    /** The event type that ends generated journeys that have an exit trigger. */
    public static final String STOP = "stop";
    /** The event type generated waits for an event wait for. */
    public static final String PURCHASE = "purchase";

    private JourneyArbitraries() {
    }

    /** Returns valid generated journeys. */
    public static Arbitrary<JourneyDefinition> journeys() {
        return Arbitraries.longs().map(JourneyArbitraries::journey);
    }

    /** Returns the journey a seed generates; the same seed always gives the same journey. */
    public static JourneyDefinition journey(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        JourneyOptions options = Journey.withId("generated-" + Long.toHexString(seed)).triggeredBy(Trigger.on(ENTRY));
        if (random.nextBoolean()) {
            options.exitWhen(Trigger.on(STOP));
        }
        Generator generator = new Generator(random);
        generator.send(options);
        return options.build();
    }

    /** Writes random steps into paths; every path starts after a send, so clicks have a message. */
    private static final class Generator {
        private final SplittableRandom random;
        private int ids;

        Generator(SplittableRandom random) {
            this.random = random;
        }

        private String id(String kind) {
            return kind + "-" + ids++;
        }

        void send(dev.journeys.dsl.Steps<?, ?> path) {
            String send = id("send");
            path.send(send, Message.email("message-" + send));
            steps(path, send, 0, 1 + random.nextInt(4), true);
        }

        @SuppressWarnings("unchecked")
        /**
         * Writes {@code count} steps. Only a path that may exit writes an exit step: of the paths
         * of a branch, split or wait for an event only the first may, so at least one always
         * joins the steps written after it, which stay reachable.
         */
        private void steps(dev.journeys.dsl.Steps<?, ?> untyped, String lastSend, int depth, int count,
                           boolean mayExit) {
            dev.journeys.dsl.Steps<Object, Object> path = (dev.journeys.dsl.Steps<Object, Object>) untyped;
            for (int i = 0; i < count; i++) {
                int kind = random.nextInt(depth >= 3 ? 4 : 8);
                switch (kind) {
                    case 0 -> {
                        String send = id("send");
                        path = (dev.journeys.dsl.Steps<Object, Object>) path.send(send, Message.email("message-" + send));
                        lastSend = send;
                    }
                    case 1 -> path = (dev.journeys.dsl.Steps<Object, Object>) path.waitFor(id("wait"),
                            Duration.ofHours(1 + random.nextInt(72)));
                    case 2 -> path = (dev.journeys.dsl.Steps<Object, Object>) path.goal(id("goal"), "converted");
                    case 3 -> {
                        if (random.nextInt(4) == 0 && mayExit) {
                            path.exit(id("exit"), "generated exit");
                            return;
                        }
                        path = (dev.journeys.dsl.Steps<Object, Object>) path.waitFor(id("wait"), Duration.ofHours(6));
                    }
                    case 4, 5 -> {
                        String click = lastSend;
                        Condition condition = random.nextBoolean()
                                ? Condition.attribute("tier").isEqualTo("gold") : Condition.clicked(click, "link");
                        path = (dev.journeys.dsl.Steps<Object, Object>) path.branch(id("branch"), b -> b
                                .when(condition, p -> nested(p, click, depth, true))
                                .otherwise(p -> nested(p, click, depth, false)));
                    }
                    case 6 -> {
                        String from = lastSend;
                        path = (dev.journeys.dsl.Steps<Object, Object>) path.split(id("split"), s -> s
                                .path("a", 1 + random.nextInt(3), p -> nested(p, from, depth, true))
                                .path("b", 1 + random.nextInt(3), p -> nested(p, from, depth, false)));
                    }
                    default -> {
                        String from = lastSend;
                        path = (dev.journeys.dsl.Steps<Object, Object>) path.waitForEvent(id("await"),
                                Trigger.on(PURCHASE), Duration.ofHours(1 + random.nextInt(48)), w -> w
                                        .onEvent(p -> nested(p, from, depth, true))
                                        .onTimeout(p -> nested(p, from, depth, false)));
                    }
                }
            }
        }

        private void nested(Path path, String lastSend, int depth, boolean mayExit) {
            steps(path, lastSend, depth + 1, random.nextInt(3), mayExit);
        }
    }

    /** Returns contacts {@code c-0}..{@code c-(count-1)}, some gold tier, most consenting to email. */
    public static Arbitrary<List<Contact>> contacts(int count) {
        Arbitrary<Contact> one = Combinators.combine(Arbitraries.of("gold", "silver"), Arbitraries.integers().between(0, 9))
                .as((tier, consent) -> Contact.of("x").withAttributes(Attributes.of("tier", tier))
                        .withConsent(consent < 9 ? new String[] {"email"} : new String[0]));
        return one.list().ofSize(count).map(list -> {
            List<Contact> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Contact c = list.get(i);
                named.add(new Contact("c-" + i, c.attributes(), c.zone(), c.consents(), c.withdrawnConsents(),
                        c.preferredChannel()));
            }
            return named;
        });
    }

    /**
     * Returns histories of events for contacts {@code c-0}..{@code c-(contacts-1)} within
     * {@code span} after {@code start}: entries, purchases, stops, events no journey reads, and
     * exact duplicates of earlier events. Sorted by time.
     */
    public static Arbitrary<List<Event>> histories(int contacts, Instant start, Duration span) {
        Arbitrary<Event> event = Combinators.combine(
                Arbitraries.integers().between(0, contacts - 1),
                Arbitraries.of(ENTRY, ENTRY, PURCHASE, STOP, "page.viewed"),
                Arbitraries.longs().between(0, span.toMinutes()),
                Arbitraries.integers().between(0, 1_000_000))
                .as((contact, type, minute, id) -> Event.of("e-" + id, type, "c-" + contact, start.plus(Duration.ofMinutes(minute))));
        return event.list().ofMaxSize(4 * contacts + 4).map(list -> {
            List<Event> withDuplicates = new ArrayList<>(list);
            if (!list.isEmpty()) {
                withDuplicates.add(list.get(list.size() / 2));
            }
            withDuplicates.sort((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
            return withDuplicates;
        });
    }
}
