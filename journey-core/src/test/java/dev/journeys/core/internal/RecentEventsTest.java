package dev.journeys.core.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecentEventsTest {

    @Test
    void anEventIsADuplicateForItsContactWithinTheWindowOnly() {
        RecentEvents recent = new RecentEvents(4, 100, 1_000);
        recent.remember(1, "ana", "e1", 0);

        assertThat(recent.contains(1, "ana", "e1", 999)).isTrue();
        assertThat(recent.contains(1, "ben", "e1", 999)).isFalse();
        assertThat(recent.contains(1, "ana", "e2", 999)).isFalse();
        assertThat(recent.contains(1, "ana", "e1", 1_000)).isFalse();
        assertThat(recent.size()).isZero();
    }

    @Test
    void aMemoryUntilForgottenKeepsEventsUntilAskedThenForgetsTheOldestUpToTheLimit() {
        RecentEvents kept = RecentEvents.untilForgotten(2);
        for (int i = 0; i < 4; i++) {
            kept.remember(1, "ana", "e" + i, i * 1_000L);
        }
        assertThat(kept.contains(1, "ana", "e0", Long.MAX_VALUE)).as("time alone forgets nothing").isTrue();

        assertThat(kept.forgetBefore(1, 2_500, 1)).isEqualTo(1);
        assertThat(kept.forgetBefore(0, 2_500, 10)).as("another stripe").isZero();
        assertThat(kept.forgetBefore(1, 2_500, 10)).isEqualTo(2);
        assertThat(kept.forgetBefore(1, 2_500, 10)).isZero();

        assertThat(kept.contains(1, "ana", "e0", 0)).isFalse();
        assertThat(kept.contains(1, "ana", "e2", 0)).isFalse();
        assertThat(kept.contains(1, "ana", "e3", 0)).isTrue();
        assertThat(kept.size()).isEqualTo(1);
    }

    @Test
    void theFingerprintSeparatesContactFromEventId() {
        Fingerprinter fingerprinter = new Fingerprinter();
        fingerprinter.fingerprint("ab", "c");
        long[] split = {fingerprinter.first(), fingerprinter.second()};
        fingerprinter.fingerprint("a", "bc");
        assertThat(fingerprinter.first()).isNotEqualTo(split[0]);
        assertThat(fingerprinter.second()).isNotEqualTo(split[1]);
        assertThat(split[0]).isNotEqualTo(split[1]);
    }

    @Test
    void theFingerprintIsTheFirstHalfOfTheSha256OfTheEncodedPair() throws Exception {
        Fingerprinter fingerprinter = new Fingerprinter();
        fingerprinter.fingerprint("ana", "e\u00E9\u20AC\uD83D\uDE00");
        byte[] encoded = {3, 'a', 'n', 'a', 'e', (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
                (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80};
        java.nio.ByteBuffer sha = java.nio.ByteBuffer.wrap(
                java.security.MessageDigest.getInstance("SHA-256").digest(encoded));
        assertThat(fingerprinter.first()).isEqualTo(sha.getLong(0));
        assertThat(fingerprinter.second()).isEqualTo(sha.getLong(8));
    }

    @Test
    void aFullStripeForgetsItsOldestFirstAndNoneIsKeptWithoutRoom() {
        RecentEvents recent = new RecentEvents(1, 3, 1_000_000);
        for (int i = 0; i < 5; i++) {
            recent.remember(0, "ana", "e" + i, i);
        }

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.contains(0, "ana", "e1", 10)).isFalse();
        assertThat(recent.contains(0, "ana", "e2", 10)).isTrue();
        assertThat(recent.contains(0, "ana", "e4", 10)).isTrue();

        RecentEvents none = new RecentEvents(8, 0, 1_000);
        none.remember(3, "ana", "e1", 0);
        assertThat(none.contains(3, "ana", "e1", 0)).isFalse();
    }

    @Test
    void manyEventsInOneStripeAreAllFoundAndForgottenInOrder() {
        RecentEvents recent = new RecentEvents(1, 50_000, 10_000);
        for (int i = 0; i < 40_000; i++) {
            recent.remember(0, "c" + i % 97, "e" + i, i);
        }
        for (int i = 30_001; i < 40_000; i++) {
            assertThat(recent.contains(0, "c" + i % 97, "e" + i, 40_000)).as("e%d", i).isTrue();
        }
        assertThat(recent.contains(0, "c" + 30_000 % 97, "e30000", 40_000)).isFalse();
        assertThat(recent.size()).isEqualTo(9_999);
    }

    /** Remember (0), ask (1) or let time pass (2), for one of a few contacts and events. */
    private record Op(int kind, int contact, int event, int millis) {
    }

    @Property(tries = 300, seed = "9")
    void agreesWithAPlainModel(@ForAll("operations") List<Op> ops, @ForAll @IntRange(min = 1, max = 12) int capacity) {
        RecentEvents recent = new RecentEvents(1, capacity, 50);
        Deque<Object[]> model = new ArrayDeque<>(); // {key, acceptedAt}, oldest first
        long now = 0;
        boolean evicted = false;
        boolean found = false;
        for (Op op : ops) {
            String contact = "c" + op.contact();
            String event = "e" + op.event();
            String key = contact + '/' + event;
            while (!model.isEmpty() && (long) model.peekFirst()[1] <= now - 50) {
                model.pollFirst();
            }
            Set<String> keys = new HashSet<>();
            model.forEach(entry -> keys.add((String) entry[0]));
            switch (op.kind()) {
                case 0 -> {
                    recent.remember(0, contact, event, now);
                    if (!keys.contains(key)) {
                        if (model.size() == capacity) {
                            model.pollFirst();
                            evicted = true;
                        }
                        model.addLast(new Object[] {key, now});
                    }
                }
                case 1 -> {
                    boolean expected = keys.contains(key);
                    found |= expected;
                    assertThat(recent.contains(0, contact, event, now)).as("%s at %d", key, now).isEqualTo(expected);
                }
                default -> now += op.millis();
            }
            if (op.kind() != 2) { // both forget at the same instant
                assertThat(recent.size()).isEqualTo(model.size());
            }
        }
        Statistics.label("a full stripe forgot its oldest").collect(evicted);
        Statistics.label("a duplicate was found").collect(found);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 12)).as(Op::new)
                .list().ofMinSize(20).ofMaxSize(200);
    }
}
