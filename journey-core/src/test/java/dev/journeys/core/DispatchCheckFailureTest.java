package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static org.assertj.core.api.Assertions.assertThat;

/** A check right before a send that fails never loses the record of what was already sent. */
class DispatchCheckFailureTest {

    @Test
    void aSuppressionThatThrowsWhileTheSecondOfTwoSendsIsCheckedSendsEachMessageOnce() {
        TestClock clock = new TestClock(T);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
        RecordingChannel recording = MessageChannel.recording();
        MessageChannel email = message -> {
            recording.send(message);
            clock.advance(Duration.ofMillis(1));
        };
        AtomicInteger checks = new AtomicInteger();
        // Checked when each send is decided, and again right before it goes out unless that is at the
        // very instant it was decided: the first goes out then, and its call takes a millisecond, so the
        // second is checked again. The third check is the second message's, at dispatch.
        Condition hostList = Condition.custom("on the host's do-not-mail list", contact -> {
            if (checks.incrementAndGet() == 3) {
                throw new IllegalStateException("do-not-mail list unavailable");
            }
            return false;
        });
        JourneyDefinition twoAtOnce = journey("two-at-once", email("first", "first", to("second")),
                email("second", "second", Optional.empty()));
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .suppression(hostList).journey(twoAtOnce).build()) {

            assertThat(engine.accept(go("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);
            assertThat(engine.accept(go("e1", "ana", T))).isEqualTo(Acceptance.DUPLICATE);
            assertThat(recording.sent()).extracting(OutgoingMessage::message).containsExactly("first");
            assertThat(engine.stats().dispatchFailures()).isEqualTo(1);

            clock.advance(Duration.ofMinutes(2));
            engine.runDue();
            clock.advance(Duration.ofMinutes(2));
            engine.runDue();

            assertThat(recording.sent()).extracting(OutgoingMessage::message).containsExactly("first", "second");
            assertThat(recording.sent()).extracting(OutgoingMessage::key).doesNotHaveDuplicates();
            assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
            assertThat(checks.get()).isGreaterThanOrEqualTo(4);
        }
    }
}
