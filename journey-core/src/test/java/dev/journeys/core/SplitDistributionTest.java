package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static org.assertj.core.api.Assertions.assertThat;

/** A/B/n splits through the engine: shares converge to the weights, and a contact's path never changes. */
class SplitDistributionTest {

    private static final int CONTACTS = 100_000;

    /**
     * The chi-square value with 2 degrees of freedom that a fair assignment exceeds with
     * probability 0.001; the test fails about once in a thousand hash functions, never at random.
     */
    private static final double CHI_SQUARE_2DF_P001 = 13.816;

    private static JourneyDefinition fiftyThirtyTwenty(String journeyId) {
        return journey(journeyId,
                new Step.Split("offer", List.of(new Step.SplitPath("a", 50, to("a")), new Step.SplitPath("b", 30, to("b")),
                        new Step.SplitPath("c", 20, to("c")))),
                email("a", "offer-a", Optional.empty()), email("b", "offer-b", Optional.empty()),
                email("c", "offer-c", Optional.empty()));
    }

    /** Runs every contact through the journey on a fresh engine and returns the message each got. */
    private static Map<String, String> assign(JourneyDefinition journey) {
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        for (int i = 0; i < CONTACTS; i++) {
            contacts.put(emailable("c" + i));
        }
        RecordingChannel channel = MessageChannel.recording();
        try (JourneyEngine engine = JourneyEngine.builder().clock(new TestClock(T)).contacts(contacts)
                .defaultChannel(channel).journey(journey).build()) {
            for (int i = 0; i < CONTACTS; i++) {
                engine.accept(go("e" + i, "c" + i, T));
            }
        }
        return channel.sent().stream().collect(Collectors.toMap(OutgoingMessage::contactId, OutgoingMessage::message));
    }

    @Test
    void realisedSharesOverAHundredThousandContactsPassAChiSquareTestAgainstTheWeights() {
        Map<String, String> assigned = assign(fiftyThirtyTwenty("launch"));
        Map<String, Long> counts = assigned.values().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));

        Map<String, Double> expected = Map.of("offer-a", 0.5 * CONTACTS, "offer-b", 0.3 * CONTACTS, "offer-c", 0.2 * CONTACTS);
        double chiSquare = expected.entrySet().stream().mapToDouble(e -> {
            double difference = counts.getOrDefault(e.getKey(), 0L) - e.getValue();
            return difference * difference / e.getValue();
        }).sum();

        assertThat(assigned).hasSize(CONTACTS);
        assertThat(chiSquare).as("chi-square of %s against 50/30/20", counts).isLessThan(CHI_SQUARE_2DF_P001);
    }

    @Test
    void aContactKeepsItsPathOnAnotherEngineAndAnotherJourneyDrawsIndependently() {
        Map<String, String> first = assign(fiftyThirtyTwenty("launch"));
        Map<String, String> again = assign(fiftyThirtyTwenty("launch"));
        Map<String, String> otherJourney = assign(fiftyThirtyTwenty("relaunch"));

        assertThat(again).isEqualTo(first);
        long same = first.entrySet().stream().filter(e -> e.getValue().equals(otherJourney.get(e.getKey()))).count();
        // Independent draws agree with probability 0.5² + 0.3² + 0.2² = 0.38.
        assertThat((double) same / CONTACTS).as("share of contacts on the same path in both journeys")
                .isBetween(0.37, 0.39);
    }
}
