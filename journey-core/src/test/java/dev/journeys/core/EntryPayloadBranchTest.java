package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static org.assertj.core.api.Assertions.assertThat;

/** A branch or content variant tests the entry trigger's payload through the fields the instance keeps. */
class EntryPayloadBranchTest {

    private static JourneyDefinition clickedOrNot(List<String> kept) {
        JourneyDefinition journey = journey("follow-up",
                new Step.Branch("clicked?", List.of(
                        new Step.Case(Condition.payload("clicked").isEqualTo(true), to("thanks")),
                        new Step.Case(Condition.always(), to("nudge")))),
                email("thanks", "thanks", Optional.empty()),
                email("nudge", "nudge", Optional.empty()));
        return journey.withPolicies(journey.policies().withTriggerFields(kept));
    }

    private static List<String> run(JourneyDefinition journey, boolean clicked) {
        RecordingChannel email = MessageChannel.recording();
        try (JourneyEngine engine = JourneyEngine.builder().clock(new TestClock(T))
                .contacts(ContactDirectory.inMemory().put(emailable("ana")))
                .channel("email", email).journey(journey).build()) {
            engine.accept(Event.of("e1", "go", "ana", T).withPayload(Attributes.of("clicked", clicked)));
        }
        return email.sent().stream().map(OutgoingMessage::message).toList();
    }

    @Test
    void aBranchReadsTheEntryTriggersKeptPayload() {
        assertThat(run(clickedOrNot(List.of("clicked")), true)).containsExactly("thanks");
        assertThat(run(clickedOrNot(List.of("clicked")), false)).containsExactly("nudge");
    }

    @Test
    void aBranchOnAFieldTheJourneyDoesNotKeepIsAnErrorNamingTheStepAndField() {
        assertThat(JourneyValidator.validate(clickedOrNot(List.of())))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.code()).isEqualTo(ValidationProblem.Code.UNKEPT_TRIGGER_FIELD);
                    assertThat(problem.stepId()).contains("clicked?");
                    assertThat(problem.message()).contains("event.clicked", "keepTriggerFields(\"clicked\")");
                });
    }

    @Test
    void aContentVariantReadsTheKeptPayloadToo() {
        Step.Send send = new Step.Send("hello", "hello", ChannelChoice.of("email"),
                List.of(new ContentVariant(Condition.payload("plan").isEqualTo("pro"), "hello-pro")),
                MessageCategory.MARKETING, Optional.empty());
        JourneyDefinition journey = journey("variants", send);
        assertThat(JourneyValidator.validate(journey)).extracting(ValidationProblem::code)
                .containsExactly(ValidationProblem.Code.UNKEPT_TRIGGER_FIELD);

        JourneyDefinition keeping = journey.withPolicies(journey.policies().withTriggerFields(List.of("plan")));
        RecordingChannel email = MessageChannel.recording();
        try (JourneyEngine engine = JourneyEngine.builder().clock(new TestClock(T))
                .contacts(ContactDirectory.inMemory().put(emailable("ana")))
                .channel("email", email).journey(keeping).build()) {
            engine.accept(Event.of("e1", "go", "ana", T).withPayload(Attributes.of("plan", "pro")));
        }
        assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("hello-pro");
    }
}
