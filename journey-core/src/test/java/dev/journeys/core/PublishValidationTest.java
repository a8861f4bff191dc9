package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.ValidationProblem.Code;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What the engine's builder declares, and how publishing treats errors and warnings. */
class PublishValidationTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private JourneyEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private JourneyEngineBuilder builder() {
        return JourneyEngine.builder().clock(clock).contacts(contacts);
    }

    private static JourneyDefinition waitingFor(String id, String eventType) {
        return journey(id,
                email("hello", "hello", to("wait")),
                new Step.WaitForEvent("wait", Trigger.on(eventType), Optional.empty(), Duration.ofDays(1), false,
                        Optional.empty(), Optional.empty()));
    }

    private static JourneyDefinition enteringOn(String id, String eventType) {
        return new JourneyDefinition(id, 1, id, new Entry.OnEvent(Trigger.on(eventType)), "hi",
                List.of(email("hi", "hi", Optional.empty())), List.of(), Optional.empty());
    }

    @Test
    void withoutDeclarationsNothingNewIsCheckedAndEverythingPublishesAsBefore() {
        engine = builder().journey(brewBetter()).build();
        JourneyDefinition anything = waitingFor("anything", "call.done");

        engine.publish(anything);

        assertThat(engine.journeys()).extracting(JourneyDefinition::id).containsExactly("brew-better", "anything");
        assertThat(engine.validate(anything).isEmpty()).isTrue();
    }

    @Test
    void aJourneySendingAMessageTheHostDidNotDeclareCannotBePublished() {
        engine = builder().messages("french-press-guide", "brew-tips").messagesOn("email", "grinder-offer")
                .journey(brewBetter()).build();

        assertThatThrownBy(() -> engine.publish(journey("teaser", email("teaser", "teaser", Optional.empty()))))
                .isInstanceOfSatisfying(InvalidJourneyException.class, e -> assertThat(e.problems())
                        .extracting(ValidationProblem::code).containsExactly(Code.UNBOUND_MESSAGE))
                .hasMessage("journey 'teaser' has 1 problem:\n  - UNBOUND_MESSAGE at step 'teaser': step 'teaser' "
                        + "sends message 'teaser', which is not in the host's message catalogue; declare it with "
                        + "JourneyEngineBuilder.messages");
        assertThat(engine.journeys()).extracting(JourneyDefinition::id).containsExactly("brew-better");
    }

    @Test
    void warningsDoNotStopPublishingButAreKeptForTheHost() {
        engine = builder().eventTypes("form.submitted", "purchase.completed").build();
        JourneyDefinition waiting = waitingFor("waiting", "call.done");

        engine.publish(waiting);

        assertThat(engine.journeys()).extracting(JourneyDefinition::id).containsExactly("waiting");
        assertThat(engine.validate(waiting).warnings()).extracting(ValidationProblem::code, p -> p.stepId().orElse(null))
                .containsExactly(tuple(Code.UNPRODUCED_EVENT, "wait"));
        assertThat(engine.validate(waiting).hasErrors()).isFalse();
    }

    @Test
    void errorsStopPublishingAndTheExceptionCarriesTheWarningsToo() {
        engine = builder().eventTypes("go").build();
        JourneyDefinition broken = journey("broken",
                email("hello", "hello", to("pause")),
                waitFor("pause", Duration.ZERO, to("wait")),
                new Step.WaitForEvent("wait", Trigger.on("call.done"), Optional.empty(), Duration.ofDays(1), false,
                        Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> engine.publish(broken))
                .isInstanceOfSatisfying(InvalidJourneyException.class, e -> {
                    assertThat(e.problems()).extracting(ValidationProblem::code).containsExactly(Code.WAIT_NOT_POSITIVE);
                    assertThat(e.warnings()).extracting(ValidationProblem::code).containsExactly(Code.UNPRODUCED_EVENT);
                })
                .hasMessageStartingWith("journey 'broken' has 1 problem and 1 warning:");
        assertThat(engine.journeys()).isEmpty();
    }

    @Test
    void theEventTypesJourneysEnterOnCountAsProducedWhicheverIsPublishedFirst() {
        JourneyDefinition waiting = waitingFor("waiting", "demo.booked");
        JourneyDefinition demo = enteringOn("demo", "demo.booked");

        engine = builder().eventTypes("lead.created").journey(waiting).journey(demo).build();

        assertThat(engine.validate(waiting).isEmpty()).isTrue();
        try (JourneyEngine later = builder().eventTypes("lead.created").build()) {
            assertThat(later.validate(waiting).warnings()).hasSize(1);
            later.publish(demo);
            assertThat(later.validate(waiting).isEmpty()).isTrue();
        }
    }

    @Test
    void declaredConsentPurposesRefuseAnUnknownPurposeAndWarnAboutTheDefault() {
        engine = builder().consentPurposes("newsletter").build();
        JourneyDefinition typo = journey("typo", new Step.Send("issue", "issue", ChannelChoice.of("email"), List.of(),
                MessageCategory.MARKETING, "newsleter", Optional.empty()));

        assertThatThrownBy(() -> engine.publish(typo)).isInstanceOf(InvalidJourneyException.class)
                .hasMessageContaining("NO_CONSENT_PURPOSE at step 'issue': step 'issue' sends for purpose 'newsleter', "
                        + "which is not a declared consent purpose; declared are [newsletter]");
        engine.publish(brewBetter());
        assertThat(engine.validate(brewBetter()).warnings()).extracting(ValidationProblem::code, p -> p.stepId().orElseThrow())
                .containsExactly(
                        tuple(Code.NO_CONSENT_PURPOSE, "guide"),
                        tuple(Code.NO_CONSENT_PURPOSE, "grinder-offer"),
                        tuple(Code.NO_CONSENT_PURPOSE, "brew-tips"));
    }

    @Test
    void theEnginesCapsAreTracedAlongAJourneyAtPublish() {
        engine = builder().frequencyCap(FrequencyCap.of(1, Duration.ofDays(1)).exitingWhenReached()).build();
        JourneyDefinition pair = journey("pair",
                email("first", "first", to("later")),
                waitFor("later", Duration.ofHours(2), to("second")),
                email("second", "second", Optional.empty()));

        engine.publish(pair);

        assertThat(engine.validate(pair).warnings()).extracting(ValidationProblem::message).containsExactly(
                "steps 'first' to 'second' can send 2 messages that engine cap 'at most 1 marketing message per PT24H, "
                        + "exit when reached' counts within PT2H (waits at their shortest, other caps aside), so a "
                        + "contact sent them all exits at 'second'");
    }

    @Test
    void aSegmentJourneyWithoutAScheduleIsPublishedWithAWarning() {
        engine = builder().segments(Segments.builder()
                .segment(Segment.of("texans", Condition.attribute("state").isEqualTo("TX"))).build()).build();
        JourneyDefinition teaser = new JourneyDefinition("teaser", 1, "teaser", new Entry.FromSegment("texans"),
                "teaser", List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty());

        engine.publish(teaser);

        assertThat(engine.validate(teaser).warnings()).extracting(ValidationProblem::code)
                .containsExactly(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE);
    }
}
