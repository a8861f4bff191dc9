package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.ProcessedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.emailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdRulesTest {

    /** Ids a driver cannot store as given, each with the words of the rule it breaks. */
    static Stream<Arguments> badIds() {
        return Stream.of(
                Arguments.of("mallory\uD800", "must be well-formed Unicode, but holds a lone surrogate \\uD800 at index 7"),
                Arguments.of("mallory\uDBFF", "must be well-formed Unicode, but holds a lone surrogate \\uDBFF at index 7"),
                Arguments.of("\uDC00mallory", "must be well-formed Unicode, but holds a lone surrogate \\uDC00 at index 0"),
                Arguments.of("mal\u0000lory", "must not hold control characters, but holds \\u0000 at index 3"),
                Arguments.of("mal\nlory", "must not hold control characters, but holds \\u000A at index 3"),
                Arguments.of("x".repeat(10_240), "must be at most 255 bytes in UTF-8, was 10240 bytes"),
                Arguments.of(" \u2003 ", "must not be blank"));
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void eventRejectsABadContactIdNamingTheArgumentAndTheRule(String id, String rule) {
        assertThatThrownBy(() -> Event.of("e-1", "form.submitted", id, T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("contact id " + rule);
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void eventRejectsABadEventId(String id, String rule) {
        String expected = rule.replace("at most 255 bytes", "at most 1024 bytes");
        assertThatThrownBy(() -> Event.of(id, "form.submitted", "ana", T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event id " + expected);
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void contactAndContactStateRejectABadId(String id, String rule) {
        assertThatThrownBy(() -> Contact.of(id))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("contact id " + rule);
        assertThatThrownBy(() -> ContactState.empty(id))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("contact id " + rule);
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void everyEngineMethodTakingAContactIdRejectsABadOne(String id, String rule) {
        try (JourneyEngine engine = JourneyEngine.builder().clock(new TestClock(T))
                .contacts(ContactDirectory.inMemory().put(emailable("ana")))
                .channel("email", MessageChannel.recording()).journey(brewBetter()).build()) {
            assertThatThrownBy(() -> engine.enrol("brew-better", id)).hasMessageStartingWith("contactId " + rule);
            assertThatThrownBy(() -> engine.state(id)).hasMessageStartingWith("contactId " + rule);
            assertThatThrownBy(() -> engine.preview(id, "brew-better", "guide"))
                    .hasMessageStartingWith("contactId " + rule);
        }
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void theInMemoryStoreAndDirectoryRejectABadId(String id, String rule) {
        JourneyStore store = JourneyStore.inMemory();
        InMemoryContactDirectory directory = ContactDirectory.inMemory();
        assertThatThrownBy(() -> store.load(id)).hasMessageStartingWith("contactId " + rule);
        assertThatThrownBy(() -> store.hasProcessed(id, "e-1")).hasMessageStartingWith("contactId " + rule);
        assertThatThrownBy(() -> store.hasProcessed("ana", id))
                .hasMessageStartingWith("eventId " + rule.replace("at most 255 bytes", "at most 1024 bytes"));
        assertThatThrownBy(() -> new ProcessedEvent(id, T)).hasMessageStartingWith("eventId "
                + rule.replace("at most 255 bytes", "at most 1024 bytes"));
        assertThatThrownBy(() -> directory.find(id)).hasMessageStartingWith("contactId " + rule);
    }

    @Test
    void theMessageShowsTheBadCharEscapedAndALongIdCut() {
        assertThatThrownBy(() -> Contact.of("mallory\uD800")).hasMessage(
                "contact id must be well-formed Unicode, but holds a lone surrogate \\uD800 at index 7: 'mallory\\uD800'");
        assertThatThrownBy(() -> Contact.of("x".repeat(10_240))).hasMessage(
                "contact id must be at most 255 bytes in UTF-8, was 10240 bytes: '" + "x".repeat(64) + "'... (10240 chars)");
    }

    @Test
    void acceptsAnyWellFormedTextUpToTheLimitInBytes() {
        List<String> good = List.of("ana", "mallory?", "a b", "josé@example.com", "\uD83D\uDE00 smile", "x".repeat(255),
                "é".repeat(127) + "x", "\u4E2D".repeat(85));
        for (String id : good) {
            assertThat(Contact.of(id).id()).isEqualTo(id);
            assertThat(Event.of(id, "t", id, T).id()).isEqualTo(id);
        }
        assertThat(Event.of("x".repeat(1_024), "t", "ana", T).id()).hasSize(1_024);
        assertThatThrownBy(() -> Contact.of("x".repeat(256))).hasMessageContaining("was 256 bytes");
        assertThatThrownBy(() -> Contact.of("é".repeat(128))).hasMessageContaining("was 256 bytes");
        assertThatThrownBy(() -> Event.of("x".repeat(1_025), "t", "ana", T)).hasMessageContaining("was 1025 bytes");
    }
}
