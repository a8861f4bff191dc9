package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.guideRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another engine sharing the store saves a contact between this engine's load and save: the
 * engine works on the newer state again, or records its dispatch on it, and nothing is applied,
 * told or sent twice.
 */
class ConflictRetryTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private final RecordingChannel email = MessageChannel.recording();

    @Test
    void aConflictAtTheFirstSaveIsWorkedOnAgainOnTheNewerState() {
        RacingStore store = new RacingStore(Set.of(1));
        try (JourneyEngine engine = engine(store)) {
            assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

            assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("french-press-guide");
            ContactState state = engine.state("ana").orElseThrow();
            assertThat(state.instances()).hasSize(1);
            assertThat(state.historyOf("brew-better").orElseThrow().entries()).isEqualTo(1);
            assertThat(state.outbox()).isEmpty();
            assertThat(engine.stats().conflictsRetried()).isEqualTo(1);
            assertThat(engine.stats().processingFailures()).isZero();
            assertThat(engine.stats().entries()).isEqualTo(1);
        }
    }

    @Test
    void aConflictAfterTheDispatchIsRecordedOnTheNewerStateWithoutSendingAgain() {
        RacingStore store = new RacingStore(Set.of(2)); // the save that clears the outbox
        try (JourneyEngine engine = engine(store)) {
            engine.accept(guideRequested("e1", "ana", T));

            assertThat(email.sent()).hasSize(1);
            ContactState state = engine.state("ana").orElseThrow();
            assertThat(state.outbox()).isEmpty();
            assertThat(state.instances()).hasSize(1);
            assertThat(engine.stats().conflictsRetried()).isEqualTo(1);

            clock.advance(Duration.ofDays(2));
            assertThat(engine.runDue()).isEqualTo(1);
            assertThat(email.sent()).extracting(OutgoingMessage::message)
                    .containsExactly("french-press-guide", "brew-tips");
        }
    }

    @Test
    void aConflictDoesNotCostARateLimitedEntryItsSlot() {
        JourneyDefinition limited = brewBetter().withPolicies(brewBetter().policies()
                .withEntryRateLimit(EntryRateLimit.of(1, Duration.ofHours(1)).rejecting()));
        RacingStore store = new RacingStore(Set.of(1)); // the entry's save is overtaken, and evaluated again
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .store(store).journey(limited).build()) {
            assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

            // The slot reserved by the evaluation that was not saved was released, so the retry got it.
            assertThat(engine.stats().conflictsRetried()).isEqualTo(1);
            assertThat(engine.stats().entries()).isEqualTo(1);
            assertThat(engine.stats().entriesDeclined()).isZero();
            assertThat(email.sent()).extracting(OutgoingMessage::message).containsExactly("french-press-guide");
        }
    }

    @Test
    void aConflictOnTheWorkDueBeforeAnEventIsWorkedOnAgainThenTheEventApplies() {
        RacingStore store = new RacingStore(Set.of(4)); // the save of the wait that ended, before the purchase (after the guide, its confirmation and its record)
        try (JourneyEngine engine = engine(store)) {
            engine.accept(guideRequested("e1", "ana", T));
            clock.advance(Duration.ofDays(2)); // the wait is due; no runDue

            assertThat(engine.accept(Event.of("p1", "purchase.completed", "ana", clock.instant())))
                    .isEqualTo(Acceptance.ACCEPTED);

            assertThat(email.sent()).extracting(OutgoingMessage::message)
                    .containsExactly("french-press-guide", "brew-tips");
            ContactState state = engine.state("ana").orElseThrow();
            assertThat(state.instances()).isEmpty();
            assertThat(state.outbox()).isEmpty();
            assertThat(engine.stats().conflictsRetried()).isEqualTo(1);
            assertThat(engine.stats().exits()).isEqualTo(1); // completed before the purchase came
            assertThat(engine.stats().eventsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void anEngineThatAlwaysLosesGivesUpAndTheContactStaysDue() {
        RacingStore store = new RacingStore(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        try (JourneyEngine engine = engine(store)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.accept(guideRequested("e1", "ana", T)))
                    .isInstanceOf(dev.journeys.core.spi.ConcurrentUpdateException.class);

            assertThat(email.sent()).isEmpty();
            assertThat(engine.stats().conflictsRetried()).isEqualTo(9);
            assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED); // not a duplicate
            assertThat(email.sent()).hasSize(1);
        }
    }

    @Test
    void anotherEngineDoesNotSendWhatThisOneIsSending() {
        JourneyStore shared = JourneyStore.inMemory();
        RecordingChannel other = MessageChannel.recording();
        try (JourneyEngine second = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", other)
                .store(shared).journey(brewBetter()).build()) {
            MessageChannel meanwhile = message -> {
                email.send(message);
                // the second engine works on the contact while the first is sending
                assertThat(second.accept(guideRequested("e2", "ana", T))).isEqualTo(Acceptance.ACCEPTED);
                clock.advance(Duration.ofSeconds(30));
                second.runDue();
            };
            try (JourneyEngine first = JourneyEngine.builder().clock(clock).contacts(contacts)
                    .channel("email", meanwhile).store(shared).journey(brewBetter()).build()) {
                first.accept(guideRequested("e1", "ana", T));
            }
            assertThat(email.sent()).hasSize(1);
            assertThat(other.sent()).isEmpty();
            assertThat(shared.load("ana").orElseThrow().outbox()).isEmpty();
        }
    }

    @Test
    void whatAnEngineDiedSendingIsSentByAnotherOnceItsLeaseEnds() {
        JourneyStore shared = JourneyStore.inMemory();
        RecordingChannel other = MessageChannel.recording();
        JourneyStore dying = new RacingStore(shared, Set.of()) {
            private int saves;

            @Override
            public void save(ContactState state) {
                if (++saves == 3) { // the decision, the confirmation before the call, then the record
                    throw new IllegalStateException("the process died before it recorded the dispatch");
                }
                super.save(state);
            }
        };
        try (JourneyEngine first = engine(dying)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.accept(guideRequested("e1", "ana", T)))
                    .hasMessageContaining("died");
        }
        assertThat(email.sent()).hasSize(1); // it went out before the engine died
        try (JourneyEngine second = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", other)
                .store(shared).journey(brewBetter()).build()) {
            clock.advance(Duration.ofSeconds(59));
            second.runDue();
            assertThat(other.sent()).isEmpty(); // still the first engine's
            clock.advance(Duration.ofSeconds(1));
            assertThat(second.runDue()).isEqualTo(1);
            assertThat(other.sent()).extracting(OutgoingMessage::key).containsExactlyElementsOf(
                    email.sent().stream().map(OutgoingMessage::key).toList()); // once more, same key
            assertThat(shared.load("ana").orElseThrow().outbox()).isEmpty();
        }
    }

    private JourneyEngine engine(JourneyStore store) {
        return JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email).store(store)
                .journey(brewBetter()).build();
    }

    /**
     * A store (in memory unless given) where, before the saves numbered in {@code racedSaves} (counting every
     * save from 1), "another engine" saves the contact first: the same state one version on.
     */
    private static class RacingStore extends ForwardingJourneyStore {
        private final Set<Integer> racedSaves;
        private int saves;

        RacingStore(Set<Integer> racedSaves) {
            this(JourneyStore.inMemory(), racedSaves);
        }

        RacingStore(JourneyStore inner, Set<Integer> racedSaves) {
            super(inner);
            this.racedSaves = racedSaves;
        }


        @Override
        public void save(ContactState state, ProcessedEvent event) {
            save(state); // as a store that keeps no event ids: every save goes through the race
        }

        @Override
        public void save(ContactState state) {
            if (racedSaves.contains(++saves)) {
                Consumer<ContactState> otherEngine = inner::save;
                ContactState stored = inner.load(state.contactId()).orElse(null);
                otherEngine.accept(stored == null
                        ? new ContactState(state.contactId(), 1, List.of(), List.of(), List.of(), List.of(), List.of())
                        : stored.withOutbox(stored.outbox()));
            }
            inner.save(state);
        }






    }
}
