package dev.journeys.testkit;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Condition.clicked;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The testkit runs the engine's rules for an event's own time, with the engine's default lateness. */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
class EventTimeInTestkitTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private static final JourneyDefinition BREW_BETTER = Journey.withId("brew-better")
            .triggeredBy(on("form.submitted").where(payload("form").isEqualTo("guide")))
            .waitFor("a-day", Duration.ofDays(1))
            .send("guide", Message.email("guide"))
            .waitFor("two-days", Duration.ofDays(2))
            .branch("clicked?", b -> b
                    .when(clicked("guide", "shop-grinders"), p -> p.send("offer", Message.email("grinder-offer")))
                    .otherwise(p -> p.send("tips", Message.email("brew-tips"))))
            .build();

    private static JourneyTestEnvironment guideSentToAna(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(BREW_BETTER).contact(Contact.of("ana").withConsent("email")).build();
        env.accept(Event.of("form", "form.submitted", "ana", T).withPayload(Attributes.of("form", "guide")));
        env.advance(Duration.ofDays(1).plusHours(1));
        return env;
    }

    @Test
    void aClickDatedBeforeItsSendIsReportedAndTheBranchTakesTheOtherPath(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = guideSentToAna(given);
        String guide = env.contact("ana").sent().get(0).messageId();

        env.accept(Event.linkClicked("click", "ana", T.plus(Duration.ofHours(12)), guide, "shop-grinders"));
        env.advance(Duration.ofDays(3));

        assertThat(env.contact("ana")).received("guide", "brew-tips");
        assertThat(env.timeline().of("ana")).filteredOn(JourneyEvent.InteractionBeforeSend.class::isInstance)
                .hasSize(1);
        assertThat(env.timeline().format("ana")).contains("did not count event 'click' as an interaction with [guide]");
        assertThat(env.engine().stats().interactionsBeforeSend()).isEqualTo(1);
    }

    @Test
    void aClickFrom1970IsRefusedAsTooLate(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = guideSentToAna(given);
        String guide = env.contact("ana").sent().get(0).messageId();

        assertThat(env.accept(Event.linkClicked("click", "ana", Instant.EPOCH, guide, "shop-grinders")))
                .isEqualTo(Acceptance.TOO_LATE);
        env.advance(Duration.ofDays(3));

        assertThat(env.contact("ana")).received("guide", "brew-tips");
        assertThat(env.engine().stats().eventsTooLate()).isEqualTo(1);
    }

    @Test
    void aClickAfterItsSendTakesTheBranch(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = guideSentToAna(given);
        String guide = env.contact("ana").sent().get(0).messageId();

        env.schedule(Event.linkClicked("click", "ana", env.now().plus(Duration.ofHours(1)), guide, "shop-grinders"));
        env.advance(Duration.ofDays(3));

        assertThat(env.contact("ana")).received("guide", "grinder-offer");
        assertThat(env.engine().stats().interactionsBeforeSend()).isZero();
    }
}
