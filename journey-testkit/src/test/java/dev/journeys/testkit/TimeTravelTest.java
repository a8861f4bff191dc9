package dev.journeys.testkit;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeTravelTest {

    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

    @Test
    void virtualClockNeverMovesBackwards() {
        VirtualClock clock = VirtualClock.at(START);

        assertThat(clock.advance(Duration.ofHours(1))).isEqualTo(START.plusSeconds(3600));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .hasMessage("time cannot move backwards: advance by PT-1S");
        assertThatThrownBy(() -> clock.advanceTo(START))
                .hasMessage("time cannot move backwards: from 2026-01-05T09:00:00Z to 2026-01-05T08:00:00Z");
    }

    @Test
    void timeTravelFiresEveryTimerAtItsOwnTimeAndTheTimelineTellsTheStory() {
        VirtualClock clock = VirtualClock.at(START);
        RecordingChannel email = MessageChannel.recording();
        Timeline timeline = new Timeline();
        JourneyEngine engine = JourneyEngine.builder()
                .clock(clock)
                .contacts(ContactDirectory.inMemory().put(Contact.of("ana").withConsent("email")))
                .channel("email", email)
                .listener(timeline)
                .journey(Journey.withId("weekly").triggeredBy(on("subscribed"))
                        .send("issue", Message.email("brew-better-weekly"))
                        .waitFor("week", Duration.ofDays(7))
                        .goTo("issue")
                        .build())
                .build();
        engine.accept(Event.of("s", "subscribed", "ana", START));

        TimeTravel.advance(engine, clock, Duration.ofDays(30));

        assertThat(email.sent()).extracting(OutgoingMessage::decidedAt).containsExactly(
                START, START.plus(Duration.ofDays(7)), START.plus(Duration.ofDays(14)),
                START.plus(Duration.ofDays(21)), START.plus(Duration.ofDays(28)));
        assertThat(email.sent()).extracting(m -> m.key().visit()).containsExactly(1, 3, 5, 7, 9);
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat(timeline.of("ana", JourneyEvent.MessageSent.class)).hasSize(5);
        assertThat(timeline.format("ana")).startsWith("ana\n  2026-01-05T08:00:00Z  entered weekly v1 (#1, by s)\n")
                .contains("2026-01-12T08:00:00Z  [week] wait ended");
    }
}
