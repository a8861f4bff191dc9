package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.hadEvent;
import static dev.journeys.core.Condition.inSegment;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Segment definitions: history and membership conditions, checks, and their use in journeys. */
class SegmentsTest {

    private static final Condition COLD_BREW_FAN = hadEvent("purchase")
            .where(payload("category").isEqualTo("cold-brew")).atLeastOnce().within(Duration.ofDays(90))
            .and(hadEvent("purchase").where(payload("product").isEqualTo("cold-brew-concentrate")).never());

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
    private final RecordingChannel channel = MessageChannel.recording();
    private JourneyEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static Event purchase(String id, String contact, Instant at, String category, String product) {
        return Event.of(id, "purchase", contact, at).withPayload(Attributes.of("category", category, "product", product));
    }

    /** Entered by {@code visit}: a branch on the segment sends {@code fan-offer} or {@code generic}. */
    private static JourneyDefinition offer() {
        return new JourneyDefinition("offer", 1, "offer", new Entry.OnEvent(Trigger.on("visit")), "fan?", List.of(
                new Step.Branch("fan?", List.of(new Step.Case(inSegment("cold-brew-fans"), to("fan-offer")),
                        new Step.Case(Condition.always(), to("generic")))),
                email("fan-offer", "fan-offer", Optional.empty()),
                email("generic", "generic", Optional.empty())), List.of(), Optional.empty());
    }

    @Test
    void aBranchOnASegmentReadsTheEventsTheEngineRecorded() {
        for (String id : List.of("ana", "ben", "cleo", "dan")) {
            contacts.put(Contact.of(id).withConsent("email"));
        }
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .segments(Segments.builder().segment(Segment.of("cold-brew-fans", COLD_BREW_FAN)).build())
                .journey(offer()).build();
        // The purchases reach the engine as events: no journey starts on them, but they are recorded.
        engine.accept(purchase("p1", "ana", T, "cold-brew", "beans"));
        engine.accept(purchase("p2", "ben", T, "cold-brew", "beans"));
        engine.accept(purchase("p3", "ben", T, "cold-brew", "cold-brew-concentrate"));
        engine.accept(purchase("p4", "cleo", T, "espresso", "beans"));
        engine.accept(purchase("p5", "dan", T, "cold-brew", "beans"));

        clock.advance(Duration.ofDays(30));
        for (String id : List.of("ana", "ben", "cleo")) {
            engine.accept(Event.of("v-" + id, "visit", id, clock.instant()));
        }
        clock.advance(Duration.ofDays(61)); // dan's purchase is now 91 days old
        engine.accept(Event.of("v-dan", "visit", "dan", clock.instant()));

        assertThat(channel.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message).containsExactly(
                tuple("ana", "fan-offer"), tuple("ben", "generic"), tuple("cleo", "generic"), tuple("dan", "generic"));
    }

    @Test
    void historyAndMembershipConditionsReadAsTheyAreMeant() {
        assertThat(COLD_BREW_FAN).hasToString("(had 'purchase' where event.category == 'cold-brew' at least once in the"
                + " last PT2160H) and (never had 'purchase' where event.product == 'cold-brew-concentrate')");
        assertThat(hadEvent("visit").atLeast(3).within(Duration.ofDays(7)))
                .hasToString("had 'visit' at least 3 times in the last PT168H");
        assertThat(inSegment("vip")).hasToString("in segment 'vip'");
    }

    @Test
    void segmentsExcludeFromAJourneyAndSuppressEverySend() {
        contacts.put(Contact.of("ana").withConsent("email").withAttributes(Attributes.of("tier", "staff")));
        contacts.put(Contact.of("ben").withConsent("email").withAttributes(Attributes.of("complaints", 3L)));
        contacts.put(Contact.of("cleo").withConsent("email"));
        JourneyDefinition offer = offer().withPolicies(JourneyPolicies.defaults().withExclusion(inSegment("staff")));
        List<JourneyEvent> events = new ArrayList<>();
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .segments(Segments.builder()
                        .segment(Segment.of("cold-brew-fans", COLD_BREW_FAN))
                        .segment(Segment.of("staff", attribute("tier").isEqualTo("staff")))
                        .segment(Segment.of("unhappy", attribute("complaints").isAtLeast(2L))).build())
                .suppression(inSegment("unhappy"))
                .listener(events::add).journey(offer).build();

        for (String id : List.of("ana", "ben", "cleo")) {
            engine.accept(Event.of("v-" + id, "visit", id, T));
        }

        assertThat(channel.sent()).extracting(OutgoingMessage::contactId).containsExactly("cleo");
        assertThat(events).filteredOn(JourneyEvent.EntryDeclined.class::isInstance).map(JourneyEvent.EntryDeclined.class::cast)
                .singleElement().satisfies(declined -> {
                    assertThat(declined.contactId()).isEqualTo("ana");
                    assertThat(declined.reason()).isEqualTo(DeclineReason.EXCLUDED);
                });
        assertThat(events).filteredOn(JourneyEvent.MessageSkipped.class::isInstance).map(JourneyEvent.MessageSkipped.class::cast)
                .singleElement().satisfies(skip -> {
                    assertThat(skip.instance().contactId()).isEqualTo("ben");
                    assertThat(skip.reason()).isEqualTo(SkipReason.SUPPRESSED);
                });
    }

    @Test
    void everyProblemInTheSegmentsIsReportedAtOnceNamingItsSegment() {
        Segments.Builder builder = Segments.builder()
                .attribute("age", AttributeType.NUMBER)
                .attribute("city", AttributeType.TEXT)
                .segment(Segment.of("adults", attribute("age").isAtLeast("18")))
                .segment(Segment.of("locals", attribute("town").isEqualTo("Austin")))
                .segment(Segment.of("a", inSegment("b")))
                .segment(Segment.of("b", inSegment("a").and(attribute("city").matches("Aus.*"))))
                .segment(Segment.of("orphans", inSegment("nobody")));

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(InvalidSegmentException.class, e ->
                assertThat(e.problems()).extracting(ValidationProblem::code, ValidationProblem::message).containsExactly(
                        tuple(ValidationProblem.Code.ATTRIBUTE_TYPE_MISMATCH,
                                "segment 'adults': 'age >= '18'' compares NUMBER attribute 'age' with TEXT 18"),
                        tuple(ValidationProblem.Code.UNKNOWN_ATTRIBUTE, "segment 'locals' tests attribute 'town', "
                                + "which is not declared; declared are [age, city]"),
                        tuple(ValidationProblem.Code.UNKNOWN_SEGMENT, "segment 'orphans' refers to segment 'nobody', "
                                + "which is not defined; defined are [adults, locals, a, b, orphans]"),
                        tuple(ValidationProblem.Code.SEGMENT_CYCLE, "segment 'a' refers to itself: a -> b -> a"),
                        tuple(ValidationProblem.Code.SEGMENT_CYCLE, "segment 'b' refers to itself: b -> a -> b")));
    }

    @Test
    void aJourneyThatNamesAnUnknownSegmentIsRefusedAtPublish() {
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).build();

        assertThatThrownBy(() -> engine.publish(offer())).isInstanceOf(InvalidJourneyException.class)
                .hasMessageContaining("UNKNOWN_SEGMENT: journey 'offer' refers to segment 'cold-brew-fans', which is "
                        + "not defined; defined are []");
    }

    @Test
    void textMatchesARegularExpressionAndABadOneIsRejectedWhenMade() {
        Condition gmail = attribute("email").matches(".*@gmail\\.com");

        assertThat(Operator.MATCHES.test("ana@gmail.com", ".*@gmail\\.com")).isTrue();
        assertThat(Operator.MATCHES.test("ana@example.com", ".*@gmail\\.com")).isFalse();
        assertThat(Operator.MATCHES.test(42, ".*")).isFalse();
        assertThat(gmail).hasToString("email matches '.*@gmail\\.com'");
        assertThatThrownBy(() -> attribute("email").matches("(unclosed"))
                .hasMessage("'(unclosed' is not a regular expression RE2 can run: missing closing ), in the matches "
                        + "test of 'email'");
        assertThatThrownBy(() -> hadEvent("visit").atLeast(-1)).hasMessage(
                "event count for 'visit' must satisfy 0 <= atLeast <= atMost, was -1..2147483647");
    }

    @Test
    void theInMemoryDirectoryPagesInIdOrderAndKeepsOneEventPerId() {
        for (String id : List.of("c3", "c1", "c2", "c4")) {
            contacts.put(Contact.of(id));
        }
        Event visit = Event.of("v1", "visit", "c1", T);
        contacts.record(visit);
        contacts.record(visit);

        assertThat(contacts.page(Optional.empty(), 3)).extracting(Contact::id).containsExactly("c1", "c2", "c3");
        assertThat(contacts.page(Optional.of("c3"), 3)).extracting(Contact::id).containsExactly("c4");
        assertThat(contacts.history("c1", java.util.Set.of("visit"), Instant.MIN).events()).containsExactly(visit);
        assertThat(contacts.history("c1", java.util.Set.of("visit"), T).events()).isEmpty();
    }
}
