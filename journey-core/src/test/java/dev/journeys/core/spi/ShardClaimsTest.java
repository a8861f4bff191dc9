package dev.journeys.core.spi;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A shard's claims table answers as a map from slot to claim would, through growth and removals. */
class ShardClaimsTest {

    @Test
    void putsAndRemovesAgreeWithAMap() {
        Random random = new Random(17);
        InMemoryJourneyStore.Slot[] slots = new InMemoryJourneyStore.Slot[500];
        int[] hashes = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new InMemoryJourneyStore.Slot();
            hashes[i] = i % 7 == 0 ? 42 : ("c" + i).hashCode() & ~63; // collisions, and a shard's shared low bits
        }
        ShardClaims claims = new ShardClaims();
        Map<InMemoryJourneyStore.Slot, long[]> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            int i = random.nextInt(slots.length);
            if (random.nextInt(3) == 0) {
                claims.remove(slots[i], hashes[i]);
                model.remove(slots[i]);
            } else {
                long token = step + 1;
                claims.put(slots[i], hashes[i], token, step * 10L);
                model.put(slots[i], new long[] {token, step * 10L});
            }
            int j = random.nextInt(slots.length);
            long[] expected = model.get(slots[j]);
            assertThat(claims.token(slots[j], hashes[j])).isEqualTo(expected == null ? ShardClaims.NONE : expected[0]);
            if (expected != null) {
                assertThat(claims.dueAtMillis(slots[j], hashes[j])).isEqualTo(expected[1]);
            }
            assertThat(claims.isEmpty()).isEqualTo(model.isEmpty());
        }
        for (int i = 0; i < slots.length; i++) {
            long[] expected = model.get(slots[i]);
            assertThat(claims.token(slots[i], hashes[i])).isEqualTo(expected == null ? ShardClaims.NONE : expected[0]);
        }
    }
}
