package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Two engines on one store: a send decided and saved by one engine does not go out after another
 * engine accepted an unsubscribe for the contact, even though the first engine holds the send in
 * memory; only a provider call already under way when the unsubscribe was saved still completes.
 */
class SupersededDispatchTest {

    @Test
    void aSendSavedByOneEngineIsNotMadeAfterAnotherEngineAcceptedAnUnsubscribe() {
        TestClock clock = new TestClock(T);
        JourneyStore store = JourneyStore.inMemory();
        InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
        JourneyDefinition twoAtOnce = journey("two-at-once", email("first", "first", to("second")),
                email("second", "second", Optional.empty()));
        List<String> calls = new ArrayList<>();
        List<JourneyEvent> toldByB = new ArrayList<>();
        List<JourneyEvent> toldByA = new ArrayList<>();
        AtomicReference<JourneyEngine> b = new AtomicReference<>();
        // Engine A's provider: while it delivers the first message, engine B takes the unsubscribe.
        MessageChannel providerOfA = message -> {
            calls.add(message.message());
            if (message.message().equals("first")) {
                assertThat(b.get().accept(Event.unsubscribed("u1", "ana", T, message.messageId(), "email")))
                        .isEqualTo(Acceptance.ACCEPTED);
            }
        };
        try (JourneyEngine engineB = JourneyEngine.builder().clock(clock).contacts(contacts).store(store)
                .channel("email", message -> calls.add("B " + message.message())).listener(toldByB::add)
                .journey(twoAtOnce).build();
             JourneyEngine engineA = JourneyEngine.builder().clock(clock).contacts(contacts).store(store)
                     .channel("email", providerOfA).listener(toldByA::add).journey(twoAtOnce).build()) {
            b.set(engineB);

            engineA.accept(go("e1", "ana", T));

            assertThat(toldByB).anySatisfy(event -> assertThat(event).isInstanceOf(JourneyEvent.ConsentChanged.class));
            assertThat(calls).containsExactly("first"); // the call under way completed; the second was not made
            // B's unsubscribe cancelled both: the first while A's call for it was under way (A had confirmed it,
            // so B says so), the second before A confirmed it, so A found it gone and did not call.
            assertThat(toldByB).filteredOn(JourneyEvent.EffectCancelled.class::isInstance)
                    .extracting(event -> ((JourneyEvent.EffectCancelled) event).effect().key().stepId(),
                            event -> ((JourneyEvent.EffectCancelled) event).callUnderWay())
                    .containsExactly(tuple("first", true), tuple("second", false));
            assertThat(engineB.stats().stopsDuringCalls()).isEqualTo(1);
            assertThat(engineA.stats().dispatchesSuperseded()).isEqualTo(1);
            assertThat(store.load("ana").orElseThrow().outbox()).isEmpty();
        }
    }
}
