package dev.journeys.core.spi;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyInstance;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class InMemoryJourneyStoreTest {

    private static final long T = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

    private final InMemoryJourneyStore store = new InMemoryJourneyStore();
    private final Map<String, ContactState> saved = new HashMap<>();

    @Test
    void claimsHandEachDueContactToOneCallerUntilSavedOrReleased() {
        save("ana", T + 10);
        save("ben", T + 20);
        save("cas", T + 30);

        List<DueContact> first = store.claimDue(Instant.ofEpochMilli(T + 25), 10);

        assertThat(first).extracting(DueContact::contactId).containsExactlyInAnyOrder("ana", "ben");
        assertThat(store.claimDue(Instant.ofEpochMilli(T + 25), 10)).isEmpty();
        assertThat(store.nextDueAt()).contains(Instant.ofEpochMilli(T + 30)); // claimed ones are being worked on

        store.release(first.get(0));
        save(first.get(1).contactId(), T + 40); // a save releases the claim and re-indexes

        assertThat(store.claimDue(Instant.ofEpochMilli(T + 25), 10)).extracting(DueContact::contactId)
                .containsExactly(first.get(0).contactId());
        assertThat(store.claimDue(Instant.ofEpochMilli(T + 100), 10)).extracting(DueContact::contactId)
                .containsExactlyInAnyOrder("cas", first.get(1).contactId());
    }

    @Test
    void aContactMovedLaterIsNotDueAtItsOldTime() {
        save("ana", T + 10);
        save("ana", T + 20);

        assertThat(store.claimDue(Instant.ofEpochMilli(T + 15), 10)).isEmpty();
        assertThat(store.nextDueAt()).contains(Instant.ofEpochMilli(T + 20));
        assertThat(store.claimDue(Instant.ofEpochMilli(T + 20), 10)).extracting(DueContact::dueAt, DueContact::contactId)
                .containsExactly(tuple(Instant.ofEpochMilli(T + 20), "ana"));
    }

    @Test
    void aClaimHonoursItsLimitAndGivesTheDueTime() {
        for (int i = 0; i < 100; i++) {
            save("c" + i, T + i);
        }

        List<DueContact> claimed = store.claimDue(Instant.ofEpochMilli(T + 1_000), 30);

        assertThat(claimed).hasSize(30);
        for (DueContact due : claimed) {
            assertThat(due.dueAt()).isEqualTo(Instant.ofEpochMilli(T + Integer.parseInt(due.contactId().substring(1))));
        }
        assertThatThrownBy(() -> store.claimDue(Instant.ofEpochMilli(T), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be positive, was 0");
    }

    @Test
    void aContactMovedManyTimesIsDueOnceAtItsLastTime() {
        for (int move = 0; move < 10_000; move++) {
            save("ana", T + 1_000_000 - move); // each move leaves a stale entry behind
        }
        save("ana", T + 5);

        assertThat(store.nextDueAt()).contains(Instant.ofEpochMilli(T + 5));
        assertThat(store.claimDue(Instant.ofEpochMilli(T + 2_000_000), 100))
                .extracting(DueContact::dueAt, DueContact::contactId)
                .containsExactly(tuple(Instant.ofEpochMilli(T + 5), "ana"));
        assertThat(store.claimDue(Instant.ofEpochMilli(T + 2_000_000), 100)).isEmpty();
    }

    @Test
    void aSaveOfAStaleVersionIsRefused() {
        save("ana", T);
        ContactState stale = saved.get("ana");

        assertThatThrownBy(() -> store.save(stale)).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("expected stored version 0, found 1");
        assertThatThrownBy(() -> store.save(new ContactState("nobody", 3, List.of(), List.of(), List.of(), List.of(),
                List.of()))).isInstanceOf(ConcurrentUpdateException.class);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void twoThreadsClaimingAtOnceSplitTheWorkWithoutOverlap() throws Exception {
        int contacts = 20_000;
        for (int i = 0; i < contacts; i++) {
            save("c" + i, T + i % 1_000);
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> claims = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                claims.add(pool.submit(() -> {
                    go.await();
                    int mine = 0;
                    for (List<DueContact> page = store.claimDue(Instant.ofEpochMilli(T + 1_000), 97); !page.isEmpty();
                         page = store.claimDue(Instant.ofEpochMilli(T + 1_000), 97)) {
                        for (DueContact due : page) {
                            assertThat(seen.add(due.contactId())).as("claimed twice: %s", due).isTrue();
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            go.countDown();
            assertThat(claims.get(0).get() + claims.get(1).get()).isEqualTo(contacts);
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(contacts);
    }

    /** An operation on the store, checked against a plain model of what must be due. */
    private record Op(int kind, int contact, long at) {
    }

    @Property(tries = 300, seed = "8")
    void claimsNextDueAtAndReleasesAgreeWithAModel(@ForAll("operations") List<Op> ops) {
        InMemoryJourneyStore tested = new InMemoryJourneyStore();
        Map<String, ContactState> states = new HashMap<>();
        Map<String, Long> due = new HashMap<>();
        Map<String, Long> claimed = new HashMap<>(); // contact -> when its claim's lease ends
        long lease = tested.lease().toMillis();
        Map<String, Long> tokens = new HashMap<>(); // contact -> the token of its current claim
        List<DueContact> held = new ArrayList<>();
        int stale = 0;
        for (Op op : ops) {
            String id = "c" + op.contact();
            switch (op.kind()) {
                case 0, 1 -> { // save a new due time (or none)
                    long at = op.kind() == 1 ? NOTHING_DUE : T + op.at();
                    ContactState next = state(id, states.containsKey(id) ? states.get(id).version() + 1 : 1, at);
                    tested.save(next);
                    states.put(id, next);
                    stale += due.containsKey(id) ? 1 : 0;
                    due.put(id, at);
                    claimed.remove(id);
                    tokens.remove(id);
                }
                case 2 -> { // claim
                    long now = T + op.at();
                    List<DueContact> page = tested.claimDue(Instant.ofEpochMilli(now), 1 + op.contact() % 4);
                    TreeMap<String, Long> expected = new TreeMap<>();
                    due.forEach((c, at) -> {
                        if (at <= now && !claimed.containsKey(c)) {
                            expected.put(c, at);
                        }
                    });
                    assertThat(page).hasSize(Math.min(expected.size(), 1 + op.contact() % 4));
                    for (DueContact d : page) {
                        assertThat(expected).containsEntry(d.contactId(), d.dueAt().toEpochMilli());
                        claimed.put(d.contactId(), now + lease);
                        tokens.put(d.contactId(), d.claim());
                        held.add(d);
                    }
                }
                default -> { // release the oldest claim still held
                    if (!held.isEmpty()) {
                        DueContact d = held.remove(0);
                        tested.release(d);
                        if (tokens.containsKey(d.contactId()) && tokens.get(d.contactId()) == d.claim()) {
                            claimed.remove(d.contactId()); // else saved, or claimed again, since: nothing to release
                            tokens.remove(d.contactId());
                        }
                    }
                }
            }
            if (op.at() % 3 != 0) {
                continue; // nextDueAt() drops stale entries it meets: not after every step, so claims meet them too
            }
            Optional<Long> earliest = due.entrySet().stream()
                    .filter(e -> e.getValue() != NOTHING_DUE)
                    .map(e -> claimed.getOrDefault(e.getKey(), e.getValue())) // a claim is due again when it ends
                    .min(Long::compare);
            assertThat(tested.nextDueAt()).isEqualTo(earliest.map(Instant::ofEpochMilli));
        }
        Statistics.label("contacts moved while indexed").collect(stale > 0);
        Statistics.label("claims left held").collect(!held.isEmpty());
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 7), Arbitraries.longs().between(0, 50)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    private void save(String id, long dueAt) {
        ContactState before = saved.get(id);
        ContactState next = state(id, before == null ? 1 : before.version() + 1, dueAt);
        store.save(next);
        saved.put(id, next);
    }

    /** The due time the model of the store's index gives a contact with nothing due. */
    private static final long NOTHING_DUE = Long.MAX_VALUE;

    /** A state whose instance waits until {@code dueAt}, or for no timer if it is {@link #NOTHING_DUE}. */
    private static ContactState state(String id, long version, long dueAt) {
        JourneyInstance waiting = new JourneyInstance("j", 1, 1, "wait", T, T, dueAt, 1, 0);
        if (dueAt == NOTHING_DUE) {
            waiting = waiting.withWait("wait", T, JourneyInstance.Timer.NONE, 0, 1);
        }
        return new ContactState(id, version, List.of(waiting), List.of(), List.of(), List.of(), List.of());
    }
}
