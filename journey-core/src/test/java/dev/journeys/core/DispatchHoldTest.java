package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.InMemoryJourneyStore;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.journey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An effect is held for the engine that decided it for the store's lease, the one setting of the
 * dispatch protocol: while that engine's provider call is within the lease, another engine
 * sharing the store does not make it too; a call that outlives the lease is reported.
 */
class DispatchHoldTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private final JourneyDefinition welcome = journey("welcome", email("hello", "welcome", Optional.empty()));
    private final List<String> calls = new ArrayList<>();

    /** Engine A, whose provider call takes {@code callTakes}, during which engine B runs its due work. */
    private JourneyEngine[] engines(JourneyStore store, Duration callTakes) {
        AtomicReference<JourneyEngine> b = new AtomicReference<>();
        MessageChannel slowProvider = message -> {
            calls.add("A " + message.message());
            clock.advance(callTakes);
            b.get().runDue();
        };
        JourneyEngine engineB = JourneyEngine.builder().clock(clock).contacts(contacts).store(store)
                .channel("email", message -> calls.add("B " + message.message())).journey(welcome).build();
        b.set(engineB);
        JourneyEngine engineA = JourneyEngine.builder().clock(clock).contacts(contacts).store(store)
                .channel("email", slowProvider).journey(welcome).build();
        return new JourneyEngine[] {engineA, engineB};
    }

    @Test
    void aProviderCallWithinTheStoresLeaseIsNotMadeAgainByAnotherEngine() {
        JourneyEngine[] engines = engines(new InMemoryJourneyStore(Duration.ofMinutes(5)), Duration.ofSeconds(61));
        try (JourneyEngine a = engines[0]; JourneyEngine b = engines[1]) {
            a.accept(go("e1", "ana", T));

            assertThat(calls).containsExactly("A welcome");
            assertThat(a.stats().dispatchesOverran()).isZero();
            clock.advance(Duration.ofMinutes(10));
            b.runDue();
            a.runDue();
            assertThat(calls).containsExactly("A welcome");
        }
    }

    @Test
    void aProviderCallThatOutlivesTheLeaseIsReported() {
        JourneyEngine[] engines = engines(new InMemoryJourneyStore(Duration.ofMinutes(5)), Duration.ofMinutes(6));
        try (JourneyEngine a = engines[0]; JourneyEngine b = engines[1]) {
            a.accept(go("e1", "ana", T));

            assertThat(calls).containsExactly("A welcome", "B welcome"); // the documented cost of a call past the lease
            assertThat(a.stats().dispatchesOverran()).isEqualTo(1);
        }
    }
}
