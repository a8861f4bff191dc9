package dev.journeys.testkit.store;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.ContactState;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.DuplicateEventException;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The expectations every {@link JourneyStore} meets, as JUnit 5 tests: compare-and-set saves
 * (a stale version fails; of two threads racing to save the same next version exactly one
 * wins), saving several at once ({@link JourneyStore#saveAll}: a conflict on one leaves the
 * others saved), exclusive claims between threads claiming at once, a save or release giving a
 * claim back, a claim's state (if it carries one) being the stored one, the next due time, the
 * contact count and ids, enrolment progress, a contact's outbox coming back in the order it was
 * saved, the ids of applied events (a save carrying an id the store holds for the contact is
 * refused and changes nothing; of two threads saving with one id exactly one wins; ids recorded
 * before an instant are forgotten, a batch at a time, the newer kept), and, for stores whose
 * claims run under a lease, a claim whose lease ran out being taken over. A store that keeps no
 * event ids opts out of those cases with {@link #recordsProcessedEvents()}. The journey
 * definitions a store keeps ({@link dev.journeys.core.spi.JourneyDefinitions}) are checked by
 * {@link JourneyDefinitionsContract}, which runs here as the nested class {@link Definitions}.
 *
 * <pre>{@code
 * class MyStoreTest extends JourneyStoreContract {
 *     protected JourneyStore newStore(InstantSource leaseClock) { return new MyStore(leaseClock, LEASE); }
 *     protected Optional<Duration> lease() { return Optional.of(LEASE); }
 * }
 * }</pre>
 *
 * <p>Time is moved only on a {@link VirtualClock}, new for each store, never waited for. Not
 * thread-safe: JUnit runs one test of an instance at a time.
 */
public abstract class JourneyStoreContract {

    /** The instant the tests' clock starts at, and around which the states are due. */
    protected static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    /** The clock of the store the current test made; set by {@link #freshStore()}. */
    private VirtualClock clock = VirtualClock.at(NOW);

    /**
     * Returns a new, empty store; called once per test.
     *
     * @param leaseClock the clock the store measures claim leases with, which the lease test moves;
     *     a store without leases ignores it
     * @return the store
     */
    protected abstract JourneyStore newStore(InstantSource leaseClock);

    /**
     * Returns how long a claim of the stores {@link #newStore} makes lasts, or empty if claims
     * last until the contact is saved or released (the default).
     *
     * @return the lease
     */
    protected Optional<Duration> lease() {
        return Optional.empty();
    }

    /**
     * Returns whether the stores {@link #newStore} makes keep the ids of applied events
     * ({@link JourneyStore#save(ContactState, ProcessedEvent)}); true unless overridden. A store
     * that keeps none leaves duplicates to each engine's memory, and skips those cases.
     *
     * @return whether the event-id cases apply
     */
    protected boolean recordsProcessedEvents() {
        return true;
    }

    /** The definition capability of the store: {@link JourneyDefinitionsContract} on a fresh store per test. */
    @Nested
    class Definitions extends JourneyDefinitionsContract {
        @Override
        protected JourneyDefinitions newDefinitions() {
            return freshStore().definitions();
        }
    }

    /** Returns a new store whose lease clock, reset to {@link #NOW}, the test may move. */
    private JourneyStore freshStore() {
        clock = VirtualClock.at(NOW);
        return newStore(clock);
    }

    /**
     * Returns a state at a version, due at an instant (or never, for {@code null}).
     *
     * @param contactId the contact
     * @param version the version
     * @param dueAt when its one instance's wait ends, or {@code null} for a wait no timer ends
     * @return the state
     */
    protected static ContactState state(String contactId, long version, Instant dueAt) {
        long entered = NOW.minus(Duration.ofDays(1)).toEpochMilli();
        JourneyInstance instance = new JourneyInstance("welcome", 1, 1, "wait-" + version, entered, entered,
                dueAt == null ? JourneyInstance.Timer.NONE : JourneyInstance.Timer.DUE_AT,
                dueAt == null ? 0 : dueAt.toEpochMilli(), (int) version, version, Attributes.empty(), Optional.empty());
        return new ContactState(contactId, version, List.of(instance), List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void loadOfAnUnknownContactIsEmpty() {
        assertThat(freshStore().load("nobody")).isEmpty();
    }

    @Test
    void savedStateLoadsEqual() {
        JourneyStore store = freshStore();
        ContactState first = state("ana", 1, NOW);
        store.save(first);
        assertThat(store.load("ana")).contains(first);

        ContactState second = state("ana", 2, null);
        store.save(second);
        assertThat(store.load("ana")).contains(second);
    }

    @Test
    void savingAStaleVersionFails() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        store.save(state("ana", 2, NOW));

        assertThatThrownBy(() -> store.save(state("ana", 2, NOW.plusSeconds(1))))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("ana");
        assertThatThrownBy(() -> store.save(state("ana", 1, NOW)))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThatThrownBy(() -> store.save(state("ana", 4, NOW)))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThatThrownBy(() -> store.save(state("bob", 2, NOW)))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("bob");
        assertThat(store.load("ana")).contains(state("ana", 2, NOW));
        assertThat(store.load("bob")).isEmpty();
    }

    @Test
    void saveAllSavesEachStateWhoseVersionFollowsAndReturnsTheOthers() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        store.save(state("bob", 1, NOW));

        List<ContactState> conflicts = store.saveAll(List.of(state("ana", 2, null), state("bob", 3, NOW),
                state("cas", 1, NOW), state("dan", 2, NOW)));

        assertThat(conflicts).extracting(ContactState::contactId, ContactState::version)
                .containsExactly(tuple("bob", 3L), tuple("dan", 2L));
        assertThat(store.load("ana")).contains(state("ana", 2, null));
        assertThat(store.load("bob")).contains(state("bob", 1, NOW));
        assertThat(store.load("cas")).contains(state("cas", 1, NOW));
        assertThat(store.load("dan")).isEmpty();
        assertThat(store.saveAll(List.of())).isEmpty();
    }

    @Test
    void saveAllReleasesTheClaimsOfTheStatesItSaves() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        store.save(state("bob", 1, NOW));
        assertThat(store.claimDue(NOW, 10)).hasSize(2);

        assertThat(store.saveAll(List.of(state("ana", 2, NOW), state("bob", 2, NOW)))).isEmpty();

        assertThat(unfenced(store.claimDue(NOW, 10))).containsExactly(new DueContact(NOW, "ana"),
                new DueContact(NOW, "bob"));
    }

    @Test
    void aClaimThatCarriesTheStateCarriesTheStoredOne() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        store.save(state("ana", 2, NOW.minusSeconds(1)));

        DueContact claimed = store.claimDue(NOW, 10).get(0);

        claimed.state().ifPresent(read -> assertThat(read).isEqualTo(state("ana", 2, NOW.minusSeconds(1))));
    }

    @Test
    void ofTwoThreadsRacingToSaveTheSameNextVersionExactlyOneWins() throws Exception {
        JourneyStore store = freshStore();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (long version = 1; version <= 20; version++) {
                ContactState left = state("ana", version, NOW.plusSeconds(version));
                ContactState right = state("ana", version, NOW.minusSeconds(version));
                CountDownLatch start = new CountDownLatch(1);
                Future<Boolean> leftSaved = threads.submit(saving(store, left, start));
                Future<Boolean> rightSaved = threads.submit(saving(store, right, start));
                start.countDown();
                boolean leftWon = leftSaved.get(30, TimeUnit.SECONDS);
                boolean rightWon = rightSaved.get(30, TimeUnit.SECONDS);

                assertThat(leftWon ^ rightWon).as("exactly one save of version %d wins", version).isTrue();
                assertThat(store.load("ana")).contains(leftWon ? left : right);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Callable<Boolean> saving(JourneyStore store, ContactState state, CountDownLatch start) {
        return () -> {
            start.await();
            try {
                store.save(state);
                return true;
            } catch (ConcurrentUpdateException lost) {
                return false;
            }
        };
    }

    @Test
    void claimsAreExclusiveBetweenTwoThreadsClaimingAtOnce() throws Exception {
        JourneyStore store = freshStore();
        int contacts = 120;
        for (int i = 0; i < contacts; i++) {
            store.save(state("c" + i, 1, NOW.minusSeconds(i)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<List<String>> claimer = () -> {
                start.await();
                List<String> mine = new ArrayList<>();
                List<DueContact> batch;
                while (!(batch = store.claimDue(NOW, 7)).isEmpty()) {
                    batch.forEach(claimed -> mine.add(claimed.contactId()));
                }
                return mine;
            };
            Future<List<String>> first = threads.submit(claimer);
            Future<List<String>> second = threads.submit(claimer);
            start.countDown();
            List<String> firstClaimed = first.get(60, TimeUnit.SECONDS);
            List<String> secondClaimed = second.get(60, TimeUnit.SECONDS);

            Set<String> all = new HashSet<>(firstClaimed);
            all.addAll(secondClaimed);
            assertThat(firstClaimed.size() + secondClaimed.size()).as("claims handed out").isEqualTo(contacts);
            assertThat(all).hasSize(contacts);
            assertThat(store.claimDue(NOW, 10)).as("nothing left to claim").isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void claimDueReturnsOnlyContactsDueAtOrBeforeNowUpToTheLimit() {
        JourneyStore store = freshStore();
        store.save(state("early", 1, NOW.minusSeconds(60)));
        store.save(state("exactly", 1, NOW));
        store.save(state("later", 1, NOW.plusMillis(1)));
        store.save(state("never", 1, null));

        List<DueContact> one = store.claimDue(NOW, 1);
        List<DueContact> rest = store.claimDue(NOW, 10);

        assertThat(one).hasSize(1);
        assertThat(unfenced(Stream.concat(one.stream(), rest.stream()).toList()))
                .containsExactlyInAnyOrder(new DueContact(NOW.minusSeconds(60), "early"), new DueContact(NOW, "exactly"));
    }

    @Test
    void aClaimedContactIsNotClaimedAgainUntilReleased() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        List<DueContact> claimed = store.claimDue(NOW, 10);
        assertThat(unfenced(claimed)).containsExactly(new DueContact(NOW, "ana"));
        assertThat(store.claimDue(NOW, 10)).isEmpty();

        store.release(claimed.get(0));

        assertThat(unfenced(store.claimDue(NOW, 10))).containsExactly(new DueContact(NOW, "ana"));
    }

    @Test
    void aSaveReleasesTheClaim() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW.minusSeconds(5)));
        assertThat(store.claimDue(NOW, 10)).hasSize(1);

        store.save(state("ana", 2, NOW));

        assertThat(unfenced(store.claimDue(NOW, 10))).containsExactly(new DueContact(NOW, "ana"));
    }

    @Test
    void releasingAContactThatIsNotClaimedDoesNothing() {
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW.plusSeconds(60)));

        store.release(new DueContact(NOW, "ana"));
        store.release(new DueContact(NOW, "nobody"));

        assertThat(store.claimDue(NOW, 10)).isEmpty();
        assertThat(store.nextDueAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void nextDueAtIsTheEarliestUnclaimedDueTime() {
        JourneyStore store = freshStore();
        assertThat(store.nextDueAt()).isEmpty();
        store.save(state("never", 1, null));
        assertThat(store.nextDueAt()).isEmpty();

        store.save(state("later", 1, NOW.plusSeconds(60)));
        store.save(state("sooner", 1, NOW.minusSeconds(60)));
        assertThat(store.nextDueAt()).contains(NOW.minusSeconds(60));

        assertThat(unfenced(store.claimDue(NOW, 10))).containsExactly(new DueContact(NOW.minusSeconds(60), "sooner"));
        assertThat(store.nextDueAt()).as("a claimed contact's work is in hand").contains(NOW.plusSeconds(60));

        store.save(state("sooner", 2, null));
        assertThat(store.nextDueAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void sizeAndContactIdsListEveryStoredContact() {
        JourneyStore store = freshStore();
        assertThat(store.size()).isZero();
        for (int i = 0; i < 5; i++) {
            store.save(state("c" + i, 1, i % 2 == 0 ? null : NOW));
        }
        store.save(state("c0", 2, NOW));

        assertThat(store.size()).isEqualTo(5);
        try (Stream<String> ids = store.contactIds()) {
            assertThat(ids.collect(Collectors.toList()))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 5).mapToObj(i -> "c" + i).toList());
        }
    }

    @Test
    void enrolmentProgressRoundTrips() {
        JourneyStore store = freshStore();
        assertThat(store.enrolmentProgress("weekly")).isEmpty();

        EnrolmentProgress starting = EnrolmentProgress.starting("weekly", NOW.plusNanos(123_456_789));
        store.saveEnrolmentProgress(starting);
        assertThat(store.enrolmentProgress("weekly")).contains(starting);

        EnrolmentProgress later = starting.after("c42", 100, 37, false);
        store.saveEnrolmentProgress(later);
        assertThat(store.enrolmentProgress("weekly")).contains(later);

        EnrolmentProgress finished = later.finished();
        store.saveEnrolmentProgress(finished);
        assertThat(store.enrolmentProgress("weekly")).contains(finished);
        assertThat(store.enrolmentProgress("monthly")).isEmpty();
    }

    @Test
    void aReleaseByAHolderWhoseLeaseRanOutLeavesTheNewClaimAlone() {
        assumeTrue(lease().isPresent(), "this store's claims last until saved or released");
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        DueContact stale = store.claimDue(NOW, 10).get(0);
        clock.advance(lease().orElseThrow());
        DueContact current = store.claimDue(clock.instant(), 10).get(0);

        store.release(stale);

        assertThat(store.claimDue(clock.instant(), 10)).as("still claimed by the new holder").isEmpty();
        store.release(current);
        assertThat(unfenced(store.claimDue(clock.instant(), 10))).containsExactly(new DueContact(NOW, "ana"));
    }

    @Test
    void aContactsOutboxComesBackInTheOrderItWasSaved() {
        JourneyStore store = freshStore();
        List<OutboxEntry> outbox = List.of(message("tips"), action("alert"), message("after"), message("before"));
        ContactState first = state("ana", 1, NOW);
        store.save(new ContactState("ana", 1, first.instances(), List.of(), outbox, List.of(), List.of()));
        assertThat(store.load("ana").orElseThrow().outbox()).containsExactlyElementsOf(outbox);

        List<OutboxEntry> reordered = List.of(message("before"), message("zebra"), action("alert"), message("after"));
        ContactState next = store.load("ana").orElseThrow().withOutbox(reordered);
        store.save(next);
        assertThat(store.load("ana").orElseThrow().outbox()).containsExactlyElementsOf(reordered);
    }

    private static OutboxEntry message(String step) {
        IdempotencyKey key = new IdempotencyKey("ana", "welcome", 1, 1, step, 1);
        return OutboxEntry.of(new OutgoingMessage(key, "email", step, "marketing", Attributes.empty(), NOW));
    }

    private static OutboxEntry action(String step) {
        IdempotencyKey key = new IdempotencyKey("ana", "welcome", 1, 1, step, 1);
        return OutboxEntry.of(new ActionRequest(key, step, Attributes.empty(), Attributes.empty(), NOW));
    }

    @Test
    void anAppliedEventIsHeldForItsContactOnly() {
        assumeTrue(recordsProcessedEvents(), "this store keeps no event ids");
        JourneyStore store = freshStore();
        assertThat(store.hasProcessed("ana", "e1")).isFalse();

        store.save(state("ana", 1, NOW), new ProcessedEvent("e1", NOW));

        assertThat(store.load("ana")).contains(state("ana", 1, NOW));
        assertThat(store.hasProcessed("ana", "e1")).isTrue();
        assertThat(store.hasProcessed("ana", "e2")).isFalse();
        assertThat(store.hasProcessed("bob", "e1")).as("event ids are unique per contact only").isFalse();
    }

    @Test
    void theLongestIdsTheRulesAllowAreStoredAsTheyAre() {
        assumeTrue(recordsProcessedEvents(), "this store keeps no event ids");
        JourneyStore store = freshStore();
        String contact = "\uD83D\uDE00".repeat(63) + "a?b"; // 255 bytes in UTF-8, IdRules.MAX_CONTACT_ID_BYTES
        String event = "\u00E9".repeat(511) + "xy"; // 1,024 bytes, IdRules.MAX_EVENT_ID_BYTES
        String otherEvent = "\u00E9".repeat(511) + "xz";

        store.save(state(contact, 1, NOW), new ProcessedEvent(event, NOW));

        assertThat(store.load(contact)).contains(state(contact, 1, NOW));
        assertThat(store.load("\uD83D\uDE00".repeat(63) + "a?c")).isEmpty();
        assertThat(store.hasProcessed(contact, event)).isTrue();
        assertThat(store.hasProcessed(contact, otherEvent)).isFalse();
        assertThat(store.contactIds()).containsExactly(contact);
    }

    @Test
    void aSaveCarryingAnEventIdTheStoreHoldsIsRefusedAndChangesNothing() {
        assumeTrue(recordsProcessedEvents(), "this store keeps no event ids");
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW), new ProcessedEvent("e1", NOW));

        assertThatThrownBy(() -> store.save(state("ana", 2, null), new ProcessedEvent("e1", NOW.plusSeconds(1))))
                .isInstanceOf(DuplicateEventException.class).hasMessageContaining("'e1'").hasMessageContaining("'ana'");
        assertThatThrownBy(() -> store.save(state("ana", 1, null), new ProcessedEvent("e1", NOW)))
                .as("the id is checked before the version").isInstanceOf(DuplicateEventException.class);

        assertThat(store.load("ana")).contains(state("ana", 1, NOW));
        assertThat(unfenced(store.claimDue(NOW, 10))).containsExactly(new DueContact(NOW, "ana"));
        store.save(state("ana", 2, null), new ProcessedEvent("e2", NOW));
        store.save(state("bob", 1, null), new ProcessedEvent("e1", NOW));
        store.save(state("ana", 3, null));
        assertThat(store.load("ana")).contains(state("ana", 3, null));
        assertThat(store.load("bob")).contains(state("bob", 1, null));
    }

    @Test
    void aSaveRefusedForItsVersionDoesNotRecordItsEventId() {
        assumeTrue(recordsProcessedEvents(), "this store keeps no event ids");
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));

        assertThatThrownBy(() -> store.save(state("ana", 3, NOW), new ProcessedEvent("e1", NOW)))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThatThrownBy(() -> store.save(state("bob", 2, NOW), new ProcessedEvent("e1", NOW)))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(store.hasProcessed("ana", "e1")).isFalse();
        assertThat(store.hasProcessed("bob", "e1")).isFalse();
        store.save(state("ana", 2, null), new ProcessedEvent("e1", NOW));
        assertThat(store.hasProcessed("ana", "e1")).isTrue();
    }

    /**
     * Each round one thread saves the next version with an event id and the other the version
     * after it with the same id: the second can only pass the version check once the first is
     * saved, so if both won, the store let an event be applied twice. The id must be checked and
     * recorded atomically with the save.
     */
    @Test
    void ofTwoThreadsSavingWithOneEventIdExactlyOneWins() throws Exception {
        assumeTrue(recordsProcessedEvents(), "this store keeps no event ids");
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (long round = 1; round <= 20; round++) {
                long stored = store.load("ana").orElseThrow().version();
                ProcessedEvent event = new ProcessedEvent("e" + round, NOW.plusSeconds(round));
                ContactState next = state("ana", stored + 1, NOW.plusSeconds(round));
                ContactState after = state("ana", stored + 2, NOW.minusSeconds(round));
                CountDownLatch start = new CountDownLatch(1);
                Future<Boolean> nextSaved = threads.submit(saving(store, next, event, start));
                Future<Boolean> afterSaved = threads.submit(saving(store, after, event, start));
                start.countDown();
                boolean nextWon = nextSaved.get(30, TimeUnit.SECONDS);
                boolean afterWon = afterSaved.get(30, TimeUnit.SECONDS);

                assertThat(nextWon ^ afterWon).as("exactly one save with event e%d wins", round).isTrue();
                assertThat(store.load("ana")).contains(nextWon ? next : after);
                assertThat(store.hasProcessed("ana", event.eventId())).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Callable<Boolean> saving(JourneyStore store, ContactState state, ProcessedEvent event,
                                            CountDownLatch start) {
        return () -> {
            start.await();
            try {
                store.save(state, event);
                return true;
            } catch (ConcurrentUpdateException | DuplicateEventException lost) {
                return false;
            }
        };
    }

    @Test
    void forgettingDropsTheIdsRecordedBeforeTheInstantABatchAtATimeAndKeepsTheNewer() {
        assumeTrue(recordsProcessedEvents(), "this store keeps no event ids");
        JourneyStore store = freshStore();
        Instant cutoff = NOW.minus(Duration.ofHours(1));
        List<String> contacts = List.of("ana", "bob", "cas", "dan", "eve");
        for (int i = 0; i < contacts.size(); i++) { // recorded in time order, as by engines on one clock
            store.save(state(contacts.get(i), 1, null), new ProcessedEvent("old", cutoff.minusSeconds(60L * (5 - i))));
        }
        store.save(state("ana", 2, null), new ProcessedEvent("edge", cutoff));
        for (int i = 0; i < contacts.size(); i++) {
            String contact = contacts.get(i);
            store.save(state(contact, contact.equals("ana") ? 3 : 2, null), new ProcessedEvent("new", cutoff.plusSeconds(i)));
        }

        assertThat(store.forgetProcessedEvents(cutoff, 2)).as("at most the limit").isEqualTo(2);
        assertThat(store.forgetProcessedEvents(cutoff, 100)).as("the rest").isEqualTo(3);
        assertThat(store.forgetProcessedEvents(cutoff, 100)).as("nothing left before the cutoff").isZero();

        for (String contact : contacts) {
            assertThat(store.hasProcessed(contact, "old")).as("%s's old id", contact).isFalse();
            assertThat(store.hasProcessed(contact, "new")).as("%s's new id", contact).isTrue();
        }
        assertThat(store.hasProcessed("ana", "edge")).as("recorded at the cutoff").isTrue();
        store.save(state("ana", 4, null), new ProcessedEvent("old", NOW)); // a forgotten id may be applied again
        assertThat(store.hasProcessed("ana", "old")).isTrue();
    }

    /** The claims without their fencing tokens, which only some stores give. */
    private static List<DueContact> unfenced(List<DueContact> claimed) {
        return claimed.stream().map(due -> new DueContact(due.dueAt(), due.contactId())).toList();
    }

    @Test
    void aClaimWhoseLeaseRanOutCanBeTakenOver() {
        assumeTrue(lease().isPresent(), "this store's claims last until saved or released");
        Duration lease = lease().orElseThrow();
        JourneyStore store = freshStore();
        store.save(state("ana", 1, NOW));
        assertThat(store.claimDue(NOW, 10)).hasSize(1);

        clock.advance(lease.minusMillis(1));
        assertThat(store.claimDue(clock.instant(), 10)).as("claimed while the lease lasts").isEmpty();
        assertThat(store.nextDueAt()).as("work under a live claim is in hand until its lease ends")
                .satisfiesAnyOf(next -> assertThat(next).isEmpty(),
                        next -> assertThat(next.orElseThrow()).isAfterOrEqualTo(NOW.plus(lease)));

        clock.advance(Duration.ofMillis(1));
        assertThat(store.nextDueAt()).as("due again once the lease has run out")
                .hasValueSatisfying(next -> assertThat(next).isBeforeOrEqualTo(clock.instant()));
        assertThat(unfenced(store.claimDue(clock.instant(), 10))).containsExactly(new DueContact(NOW, "ana"));
    }
}
