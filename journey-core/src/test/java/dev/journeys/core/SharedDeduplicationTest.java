package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.ProcessedEvent;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.guideRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ids of applied events kept in the store: an event applied by one engine is a duplicate for
 * another sharing the store and for an engine restarted on it; the ids are forgotten after the
 * duplicate window by {@link JourneyEngine#runDue()}.
 */
class SharedDeduplicationTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private final RecordingChannel email = MessageChannel.recording();

    @Test
    void anEventAppliedByAnotherEngineSharingTheStoreIsADuplicate() {
        JourneyStore shared = JourneyStore.inMemory();
        try (JourneyEngine first = engine(shared); JourneyEngine second = engine(shared)) {
            assertThat(first.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

            assertThat(second.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.DUPLICATE);

            assertThat(second.stats().duplicateEvents()).isEqualTo(1);
            assertThat(second.stats().eventsAccepted()).isZero();
            assertThat(email.sent()).hasSize(1);
            assertThat(shared.load("ana").orElseThrow().historyOf("brew-better").orElseThrow().entries()).isEqualTo(1);
        }
    }

    @Test
    void anEngineRestartedOnTheStoreDropsAnEventItAppliedBefore() {
        JourneyStore store = JourneyStore.inMemory();
        try (JourneyEngine before = engine(store)) {
            before.accept(guideRequested("e1", "ana", T));
        }
        clock.advance(Duration.ofHours(1));
        try (JourneyEngine after = engine(store)) {
            assertThat(after.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.DUPLICATE);
            assertThat(after.stats().duplicateEvents()).isEqualTo(1);
        }
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void anEventAppliedElsewhereBetweenTheLookAndTheSaveIsADuplicateNotAConflict() {
        JourneyStore shared = JourneyStore.inMemory();
        JourneyStore racing = new ForwardingJourneyStore(shared) {
            private boolean raced;

            @Override
            public Optional<ContactState> load(String contactId) {
                Optional<ContactState> loaded = super.load(contactId);
                if (!raced) { // another engine applies the same event right after this one loaded
                    raced = true;
                    shared.save(new ContactState(contactId, 1, List.of(), List.of(), List.of(), List.of(), List.of()),
                            new ProcessedEvent("e1", T));
                }
                return loaded;
            }
        };
        try (JourneyEngine engine = engine(racing)) {
            assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.DUPLICATE);

            assertThat(engine.stats().duplicateEvents()).isEqualTo(1);
            assertThat(engine.stats().conflictsRetried()).isZero();
            assertThat(engine.stats().processingFailures()).isZero();
            assertThat(engine.stats().entries()).as("nothing of the refused work is told").isZero();
            assertThat(email.sent()).isEmpty();
            assertThat(shared.load("ana").orElseThrow().version()).isEqualTo(1);
        }
    }

    @Test
    void anEventThatChangedNothingIsNotRecorded() {
        JourneyStore store = JourneyStore.inMemory();
        try (JourneyEngine engine = engine(store)) {
            // ana is in no journey, so a purchase (an exit trigger) changes nothing
            assertThat(engine.accept(Event.of("p1", "purchase.completed", "ana", T))).isEqualTo(Acceptance.ACCEPTED);
            assertThat(engine.accept(guideRequested("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

            assertThat(store.hasProcessed("ana", "p1")).isFalse();
            assertThat(store.hasProcessed("ana", "e1")).isTrue();
        }
    }

    @Test
    void runDueForgetsTheIdsAppliedLongerAgoThanTheDuplicateWindow() {
        JourneyStore store = JourneyStore.inMemory();
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .store(store).journey(brewBetter()).duplicateWindow(Duration.ofHours(1)).build()) {
            engine.accept(guideRequested("e1", "ana", T));
            clock.advance(Duration.ofMinutes(59));
            engine.runDue();
            assertThat(store.hasProcessed("ana", "e1")).as("within the window").isTrue();

            clock.advance(Duration.ofMinutes(2));
            engine.runDue();
            assertThat(store.hasProcessed("ana", "e1")).as("past the window").isFalse();
        }
    }

    private JourneyEngine engine(JourneyStore store) {
        return JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email).store(store)
                .journey(brewBetter()).build();
    }
}
