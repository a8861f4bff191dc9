package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

class PausingTest {

    private final TestClock clock = new TestClock(T);
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<JourneyEvent> events = new ArrayList<>();

    /** Scenario S4's shape: confirm at once, a case study after 3 days, a menu after 7 more. */
    private static JourneyDefinition catering() {
        return new JourneyDefinition("catering", 1, "Catering quote", new Entry.OnEvent(Trigger.on("lead.created")),
                "confirm", List.of(
                email("confirm", "confirmation", to("three-days")),
                waitFor("three-days", Duration.ofDays(3), to("case-study")),
                email("case-study", "case-study", to("seven-days")),
                waitFor("seven-days", Duration.ofDays(7), to("menu")),
                new Step.WaitForEvent("menu", Trigger.on("menu.requested"), Optional.empty(), Duration.ofDays(1), false,
                        to("menu-now"), to("menu-later")),
                email("menu-now", "menu-now", Optional.empty()),
                email("menu-later", "menu-later", Optional.empty())),
                List.of(Trigger.on("lead.qualified")), Optional.empty(), JourneyPolicies.defaults().withPausing(
                new Pausing(List.of(Trigger.on("opportunity.created")), List.of(Trigger.on("opportunity.lost")))));
    }

    private JourneyEngine engine() {
        return JourneyEngine.builder().clock(clock).contacts(ContactDirectory.inMemory().put(emailable("ana")))
                .defaultChannel(channel).listener(events::add).journey(catering()).build();
    }

    private void advance(JourneyEngine engine, Duration duration) {
        java.time.Instant until = clock.instant().plus(duration);
        while (engine.nextDueAt().filter(due -> !due.isAfter(until)).isPresent()) {
            clock.advance(Duration.between(clock.instant(), engine.nextDueAt().get()));
            engine.runDue();
        }
        clock.advance(Duration.between(clock.instant(), until));
    }

    private void fire(JourneyEngine engine, String type) {
        engine.accept(Event.of(type + "@" + clock.instant(), type, "ana", clock.instant()));
    }

    @Test
    void aPausedInstanceSendsNothingAndResumesWithTheTimeItHadLeft() {
        try (JourneyEngine engine = engine()) {
            fire(engine, "lead.created");
            advance(engine, Duration.ofDays(1));
            fire(engine, "opportunity.created");          // paused with 2 days of the 3-day wait left

            advance(engine, Duration.ofDays(10));
            assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("confirmation");
            assertThat(engine.nextDueAt()).isEmpty();

            fire(engine, "opportunity.lost");             // resumed at T+11d
            advance(engine, Duration.ofDays(3));

            assertThat(channel.sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("confirmation", T),
                    org.assertj.core.groups.Tuple.tuple("case-study", T.plus(Duration.ofDays(13))));
            assertThat(events).filteredOn(JourneyEvent.PauseChanged.class::isInstance)
                    .extracting(e -> ((JourneyEvent.PauseChanged) e).paused()).containsExactly(true, false);
        }
    }

    @Test
    void aPausedWaitForAnEventIgnoresTheEventAndAnExitTriggerStillEndsIt() {
        try (JourneyEngine engine = engine()) {
            fire(engine, "lead.created");
            advance(engine, Duration.ofDays(10).plusHours(1));  // waiting for menu.requested
            fire(engine, "opportunity.created");
            fire(engine, "menu.requested");

            assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("confirmation", "case-study");

            fire(engine, "lead.qualified");
            assertThat(engine.state("ana").orElseThrow().instances()).isEmpty();
            assertThat(events).filteredOn(JourneyEvent.Exited.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((JourneyEvent.Exited) e).cause()).isEqualTo(ExitCause.EXIT_TRIGGER));
        }
    }
}
