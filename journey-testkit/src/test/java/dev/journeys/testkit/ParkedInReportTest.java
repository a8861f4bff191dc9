package dev.journeys.testkit;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;

/** A simulation shows where instances were parked, and counts them as still in the journey. */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class ParkedInReportTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void theReportAndTimelineShowAParkedInstance(JourneyTestEnvironment.Builder given) {
        Condition vipLookup = Condition.custom("vip lookup", contact -> {
            if (contact.id().equals("ben")) {
                throw new IllegalStateException("vip service unavailable");
            }
            return false;
        });
        JourneyDefinition journey = Journey.withId("nurture").triggeredBy(on("signed.up"))
                .send("intro", Message.email("intro"))
                .waitFor("a-day", Duration.ofDays(1))
                .branch("vip?", cases -> cases
                        .when(vipLookup, path -> path.send("vip-offer", Message.email("vip-offer")))
                        .otherwise(path -> path.send("tips", Message.email("tips"))))
                .build();
        JourneyTestEnvironment env = given.journey(journey)
                .contact(Contact.of("ana").withConsent("email"))
                .contact(Contact.of("ben").withConsent("email"))
                .build();
        env.accept(Event.of("s-ana", "signed.up", "ana", T).withPayload(Attributes.empty()));
        env.accept(Event.of("s-ben", "signed.up", "ben", T));

        env.advance(Duration.ofDays(3));

        JourneyCounts counts = env.report().journey("nurture");
        assertThat(counts.entered()).isEqualTo(2);
        assertThat(counts.waiting()).isEqualTo(1);
        assertThat(counts.steps()).filteredOn(step -> step.stepId().equals("a-day")).singleElement()
                .satisfies(step -> {
                    assertThat(step.parked()).isEqualTo(1);
                    assertThat(step.waiting()).isEqualTo(1);
                });
        assertThat(env.report().toText()).contains("parked 1");
        assertThat(env.timeline().format("ben")).contains("parked nurture v1 (#1) at [a-day]", "vip service unavailable");
        assertThat(env.engine().stats().instancesParked()).isEqualTo(1);
    }
}
