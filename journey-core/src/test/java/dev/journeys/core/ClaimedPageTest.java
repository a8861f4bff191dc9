package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.guideRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store whose claims carry the contacts' states (as the PostgreSQL one does) gets a page of due
 * contacts saved in one {@link JourneyStore#saveAll} call, with no load per contact, and each
 * contact's dispatch recorded right after it; a conflict, a failure or a stall past the dispatch
 * hold on the page loses and doubles nothing.
 */
class ClaimedPageTest {

    private static final List<String> CONTACTS = List.of("ana", "bob", "cas");

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory()
            .put(emailable("ana")).put(emailable("bob")).put(emailable("cas"));
    private final RecordingChannel email = MessageChannel.recording();
    private java.util.function.Consumer<OutgoingMessage> afterSend = message -> { };

    @Test
    void aPageOfClaimedStatesIsSavedInOneCallAndEachDispatchIsConfirmedThenRecordedAtOnce() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            store.counting();

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(store.saveAllCalls).isEqualTo(1);
            assertThat(store.loads).as("no read: each confirmation is a write on the state the page saved").isZero();
            assertThat(store.saves).as("per dispatch, one write confirming it right before and one recording it right"
                    + " after").isEqualTo(6);
            assertEachSentOnce(store, engine);
        }
    }

    @Test
    void aSendWhoseHoldRanOutMidPageIsLeftToTheNextClaimAndGoesOutOnce() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            afterSend = message -> {
                if (message.message().equals("brew-tips")) {
                    clock.advance(OutboxEntry.DISPATCH_LEASE); // this engine stalls past its hold after the first send
                }
            };

            assertThat(engine.runDue()).isEqualTo(3);
            assertThat(email.sent()).filteredOn(message -> message.message().equals("brew-tips")).hasSize(1);

            afterSend = message -> { };
            assertThat(engine.runDue()).isEqualTo(2); // the two left, claimed again
            assertEachSentOnce(store, engine);
        }
    }

    @Test
    void aClaimThatCouldNotReadItsStateIsWorkedOnByItselfAndTheOthersGoOn() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            store.unreadable = Set.of("bob"); // not first in the page: the page path takes the others

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(engine.stats().processingFailures()).isZero();
            assertEachSentOnce(store, engine);
        }
    }

    @Test
    void aDispatchThatCannotBeConfirmedIsNotMadeIsCountedAndTheRestOfThePageGoesOn() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            store.failSaveOf = "bob";

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(engine.stats().processingFailures()).isEqualTo(1);
            assertThat(email.sent()).filteredOn(message -> message.message().equals("brew-tips"))
                    .extracting(message -> message.key().contactId()).containsExactlyInAnyOrder("ana", "cas");

            store.failSaveOf = null;
            clock.advance(OutboxEntry.DISPATCH_LEASE); // bob's send, not confirmed, goes once its hold ends
            assertThat(engine.runDue()).isEqualTo(1);
            assertThat(email.sentTo("bob")).extracting(OutgoingMessage::message)
                    .containsExactly("french-press-guide", "brew-tips");
            assertThat(engine.nextDueAt()).isEmpty();
        }
    }

    @Test
    void aDispatchWhoseRecordFailsIsCountedAndGoesOutAgainUnderItsKeyOnceItsHoldEnds() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            afterSend = message -> {
                if (message.key().contactId().equals("bob")) {
                    store.failSaveOf = "bob"; // after the confirmation and the call, the record fails
                }
            };

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(engine.stats().processingFailures()).isEqualTo(1);
            assertThat(email.sent()).filteredOn(message -> message.message().equals("brew-tips"))
                    .extracting(message -> message.key().contactId()).containsExactlyInAnyOrder("ana", "bob", "cas");

            afterSend = message -> { };
            store.failSaveOf = null;
            clock.advance(OutboxEntry.DISPATCH_LEASE); // bob's send, not recorded, goes again once its hold ends
            assertThat(engine.runDue()).isEqualTo(1);
            assertThat(email.sentTo("bob")).extracting(OutgoingMessage::message)
                    .containsExactly("french-press-guide", "brew-tips", "brew-tips");
            assertThat(email.sentTo("bob").get(1).key()).isEqualTo(email.sentTo("bob").get(2).key());
            assertThat(engine.nextDueAt()).isEmpty();
        }
    }

    @Test
    void aContactAnotherEngineSavedBeforeThePageIsWorkedOnAgainAndTheOthersGoOn() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            store.raceAtSaveAll(1, "bob");

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(engine.stats().conflictsRetried()).isEqualTo(1);
            assertThat(engine.stats().processingFailures()).isZero();
            assertEachSentOnce(store, engine);
        }
    }

    @Test
    void aContactAnotherEngineSavedDuringTheDispatchIsRecordedOnTheNewerStateWithoutSendingAgain() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            store.raceAtSave("cas");

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(engine.stats().conflictsRetried()).isEqualTo(1);
            assertEachSentOnce(store, engine);
        }
    }

    @Test
    void aPageWhoseSaveFailsStaysDueAndNothingOfItIsSent() {
        ReadingStore store = new ReadingStore();
        try (JourneyEngine engine = enterAll(store)) {
            store.failSaveAll = true;

            assertThat(engine.runDue()).isEqualTo(3);

            assertThat(engine.stats().processingFailures()).isEqualTo(3);
            assertThat(email.sent()).hasSize(3); // the guides sent on entry only
            assertThat(engine.nextDueAt()).contains(T.plus(Duration.ofDays(2)));

            store.failSaveAll = false;
            assertThat(engine.runDue()).isEqualTo(3);
            assertEachSentOnce(store, engine);
        }
    }

    /** Enters every contact into the journey, then moves the clock to when their wait ends. */
    private JourneyEngine enterAll(ReadingStore store) {
        JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts)
                .channel("email", message -> {
                    email.send(message);
                    afterSend.accept(message);
                })
                .store(store).journey(brewBetter()).build();
        for (String contact : CONTACTS) {
            assertThat(engine.accept(guideRequested("e-" + contact, contact, T))).isEqualTo(Acceptance.ACCEPTED);
        }
        clock.advance(Duration.ofDays(2));
        return engine;
    }

    private void assertEachSentOnce(ReadingStore store, JourneyEngine engine) {
        for (String contact : CONTACTS) {
            assertThat(email.sent()).filteredOn(message -> message.key().contactId().equals(contact))
                    .extracting(OutgoingMessage::message).containsExactly("french-press-guide", "brew-tips");
            ContactState state = store.inner.load(contact).orElseThrow();
            assertThat(state.outbox()).isEmpty();
            assertThat(state.instances()).isEmpty();
        }
        assertThat(engine.nextDueAt()).isEmpty();
    }

    /**
     * An in-memory store whose claims read the contacts' states, and which counts its calls; at
     * the chosen {@code saveAll} call "another engine" first saves the chosen contact one version on.
     */
    private static final class ReadingStore extends ForwardingJourneyStore {
        private int loads;
        private int saves;
        private int saveAllCalls;
        private int racedCall;
        private Set<String> raced = Set.of();
        private String racedSave;
        private String failSaveOf;
        private Set<String> unreadable = Set.of();
        private boolean failSaveAll;

        ReadingStore() {
            super(JourneyStore.inMemory());
        }

        void counting() {
            loads = 0;
            saves = 0;
            saveAllCalls = 0;
        }

        void raceAtSaveAll(int call, String contactId) {
            racedCall = call;
            raced = Set.of(contactId);
        }

        @Override
        public Optional<ContactState> load(String contactId) {
            loads++;
            return inner.load(contactId);
        }

        void raceAtSave(String contactId) {
            racedSave = contactId;
        }

        @Override
        public void save(ContactState state) {
            saves++;
            if (state.contactId().equals(failSaveOf)) {
                throw new IllegalStateException("the database is away for " + failSaveOf);
            }
            if (state.contactId().equals(racedSave)) {
                racedSave = null;
                ContactState stored = inner.load(state.contactId()).orElseThrow();
                inner.save(stored.withOutbox(stored.outbox())); // the other engine's save
            }
            inner.save(state);
        }

        @Override
        public List<ContactState> saveAll(List<ContactState> states) {
            if (failSaveAll) {
                throw new IllegalStateException("the database is away");
            }
            if (++saveAllCalls == racedCall) {
                for (String contactId : raced) {
                    ContactState stored = inner.load(contactId).orElseThrow();
                    inner.save(stored.withOutbox(stored.outbox())); // the other engine's save
                }
            }
            return inner.saveAll(states);
        }

        @Override
        public List<DueContact> claimDue(Instant now, int limit) {
            List<DueContact> read = new ArrayList<>();
            for (DueContact due : inner.claimDue(now, limit)) {
                read.add(new DueContact(due.dueAt(), due.contactId(), due.claim(),
                        unreadable.contains(due.contactId()) ? Optional.empty() : inner.load(due.contactId())));
            }
            return read;
        }





    }
}
