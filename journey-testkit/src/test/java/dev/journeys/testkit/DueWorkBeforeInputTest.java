package dev.journeys.testkit;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for the engine and the testkit: an input for a contact runs after the contact's work
 * that fell due at or before the instant it is worked on. The same scenario runs on two hosts, an
 * engine whose scheduler has not run yet and the testkit's environment, with one expectation.
 */
class DueWorkBeforeInputTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant FOLLOW_UP_DUE = T.plus(Duration.ofDays(2));

    private static final JourneyDefinition CART = Journey.withId("cart")
            .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("guide")))
            .exitWhen(on("purchase.completed"))
            .send("guide", Message.email("guide"))
            .waitFor("two-days", Duration.ofDays(2))
            .send("follow-up", Message.email("follow-up"))
            .waitFor("three-days", Duration.ofDays(3))
            .send("last-call", Message.email("last-call"))
            .build();

    /** The scenario's expectation, for both hosts: the follow-up goes out, then the purchase ends the journey. */
    private static final List<String> EXPECTED = List.of("sent guide", "sent follow-up",
            "exited cart at [three-days]: EXIT_TRIGGER");

    private static final Event FORM = Event.of("form", "form.submitted", "ana", T)
            .withPayload(Attributes.of("form", "guide"));

    private static Event purchaseAt(Instant at) {
        return Event.of("purchase", "purchase.completed", "ana", at);
    }

    @Test
    void aTimerDueAtTheEventsInstantRunsFirst() {
        Instant at = FOLLOW_UP_DUE;

        assertThat(onEngine(at)).isEqualTo(EXPECTED);
        assertThat(inTestkit(at)).isEqualTo(EXPECTED);
    }

    @Test
    void anEventJustAfterTheWaitFellDueComesAfterItsTimer() {
        Instant at = FOLLOW_UP_DUE.plusMillis(1);

        assertThat(onEngine(at)).isEqualTo(EXPECTED);
        assertThat(inTestkit(at)).isEqualTo(EXPECTED);
    }

    @Test
    void anEventAnHourAfterTheWaitFellDueComesAfterItsTimer() {
        Instant at = FOLLOW_UP_DUE.plus(Duration.ofHours(1));

        assertThat(onEngine(at)).isEqualTo(EXPECTED);
        assertThat(inTestkit(at)).isEqualTo(EXPECTED);
    }

    @Test
    void anEventBeforeTheWaitFellDueEndsTheJourneyAtTheWait() {
        Instant at = FOLLOW_UP_DUE.minusMillis(1);
        List<String> expected = List.of("sent guide", "exited cart at [two-days]: EXIT_TRIGGER");

        assertThat(onEngine(at)).isEqualTo(expected);
        assertThat(inTestkit(at)).isEqualTo(expected);
    }

    @Test
    void anEnrolmentAlsoComesAfterTheContactsDueWork() {
        JourneyDefinition welcome = Journey.withId("welcome").triggeredBy(on("welcome.requested"))
                .send("hello", Message.email("hello"))
                .build();
        VirtualClock clock = VirtualClock.at(T);
        List<JourneyEvent> seen = new ArrayList<>();
        try (JourneyEngine engine = engine(clock, seen).journey(welcome).build()) {
            engine.accept(FORM);
            clock.advanceTo(FOLLOW_UP_DUE);

            assertThat(engine.enrol("welcome", "ana")).isEqualTo(Acceptance.ACCEPTED);
        }

        assertThat(summary(seen)).containsExactly("sent guide", "sent follow-up", "exited welcome at [hello]: COMPLETED", "sent hello");
    }

    @Test
    void withTheSchedulerRunningTheOrderIsTheSameWhicheverReachesTheContactFirst() {
        // The scheduler's thread and the accepting thread race for the contact; either way the
        // follow-up goes out before the purchase ends the journey.
        for (int run = 0; run < 20; run++) {
            VirtualClock clock = VirtualClock.at(T);
            List<JourneyEvent> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            try (JourneyEngine engine = engine(clock, seen).schedulerPollInterval(Duration.ofMillis(1)).build()) {
                engine.start();
                engine.accept(FORM);
                clock.advanceTo(FOLLOW_UP_DUE.plusMillis(run % 3));

                assertThat(engine.accept(purchaseAt(clock.instant()))).isEqualTo(Acceptance.ACCEPTED);
            }
            synchronized (seen) {
                assertThat(summary(seen)).as("run %d", run).isEqualTo(EXPECTED);
            }
        }
    }

    /** The engine as production runs it: the scheduler has not fired the due wait when the purchase is accepted. */
    private static List<String> onEngine(Instant purchaseAt) {
        VirtualClock clock = VirtualClock.at(T);
        List<JourneyEvent> seen = new ArrayList<>();
        try (JourneyEngine engine = engine(clock, seen).build()) {
            engine.accept(FORM);
            clock.advanceTo(purchaseAt); // no runDue(): the scheduler has not run since

            assertThat(engine.accept(purchaseAt(purchaseAt))).isEqualTo(Acceptance.ACCEPTED);
        }
        return summary(seen);
    }

    private static JourneyEngineBuilder engine(VirtualClock clock, List<JourneyEvent> seen) {
        return JourneyEngine.builder().clock(clock)
                .contacts(ContactDirectory.inMemory().put(Contact.of("ana").withConsent("email")))
                .listener(seen::add)
                .journey(CART);
    }

    /** The testkit: the environment moves the clock to each timer and scheduled event in turn. */
    private static List<String> inTestkit(Instant purchaseAt) {
        try (JourneyTestEnvironment env = JourneyTestEnvironment.builder().startingAt(T).journey(CART)
                .contact(Contact.of("ana").withConsent("email")).build()) {
            env.accept(FORM);
            env.schedule(purchaseAt(purchaseAt));
            env.advanceTo(purchaseAt);
            return summary(env.timeline().of("ana"));
        }
    }

    /** What the contact saw, in order, without times (a timer fires at its instant in one host, the event's in the other). */
    private static List<String> summary(List<JourneyEvent> events) {
        List<String> seen = new ArrayList<>();
        for (JourneyEvent event : events) {
            if (event instanceof JourneyEvent.MessageSent sent) {
                seen.add("sent " + sent.message().message());
            } else if (event instanceof JourneyEvent.Exited exited) {
                seen.add("exited " + exited.instance().journeyId() + " at [" + exited.stepId() + "]: " + exited.cause());
            }
        }
        return seen;
    }
}
