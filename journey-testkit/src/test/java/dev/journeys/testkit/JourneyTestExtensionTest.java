package dev.journeys.testkit;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class JourneyTestExtensionTest {

    /** Run only through EngineTestKit below (surefire skips nested classes). */
    @ExtendWith(JourneyTestExtension.class)
    @StartAt("2026-03-02T09:00:00Z")
    static class FailingJourneyTest {
        static JourneyTestEnvironment built;

        @Test
        void failsAfterSendingTheWelcome(JourneyTestEnvironment.Builder given) {
            built = given.journey(Journey.withId("welcome").triggeredBy(on("signed-up"))
                            .send("hello", Message.email("welcome")).build())
                    .contact(Contact.of("ana").withConsent("email")).build();
            built.accept(Event.of("e1", "signed-up", "ana", built.now()));
            throw new AssertionError("deliberate failure");
        }
    }

    @Test
    void aFailingTestPrintsEveryTimelineFromItsStartAtThenItsEnvironmentIsClosed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingJourneyTest.class)).execute()
                    .testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        } finally {
            System.setErr(original);
        }

        assertThat(FailingJourneyTest.built.start()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("ana\n  2026-03-02T09:00:00Z  entered welcome v1 (#1, by e1)")
                .contains("sent 'welcome' on email");
        assertThatThrownBy(() -> FailingJourneyTest.built.accept(Event.of("e2", "signed-up", "ana", FailingJourneyTest.built.now())))
                .hasMessage("the engine is closed");
    }
}
