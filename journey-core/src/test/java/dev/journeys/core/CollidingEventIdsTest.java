package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.internal.RecentEvents;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.ProcessedEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.guideRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two different event ids that the duplicate memory once took for one: they shared the old
 * "128-bit fingerprint", two 64-bit polynomial hashes, which can be made to collide on purpose.
 */
class CollidingEventIdsTest {

    /**
     * The Thue-Morse word of 2<sup>10</sup> = 1,024 chars over {a, b} ({@code first}) and its
     * complement ({@code second}). Their polynomial hashes {@code h = (h + c) * M} differ by
     * M·∏<sub>k&lt;10</sub>(M<sup>2<sup>k</sup></sup> − 1) up to sign. For an odd M,
     * M<sup>2<sup>k</sup></sup> − 1 is divisible by 2<sup>v(M²−1)+k−1</sup> for k ≥ 1, with
     * v(M²−1) = 3 for both old multipliers, and M − 1 by 2 (0x100000001B3) or 4
     * (0x5851F42D4C957F2D): the product is divisible by 2<sup>64</sup> or 2<sup>65</sup>, so both
     * hashes are equal mod 2<sup>64</sup>, whatever their seeds and the contact id before them.
     */
    static final String FIRST = thueMorse(10, 'a', 'b');
    static final String SECOND = thueMorse(10, 'b', 'a');

    private static String thueMorse(int order, char zero, char one) {
        StringBuilder word = new StringBuilder(1 << order);
        for (int i = 0; i < 1 << order; i++) {
            word.append(Integer.bitCount(i) % 2 == 0 ? zero : one);
        }
        return word.toString();
    }

    /** The old fingerprint, as it was computed. */
    static long[] oldFingerprint(String contactId, String eventId) {
        long a = 0x9E3779B97F4A7C15L;
        long b = 0xC2B2AE3D27D4EB4FL;
        String both = contactId + '\u0000' + eventId; // the char at the separator is replaced below
        for (int i = 0; i < both.length(); i++) {
            int c = i == contactId.length() ? 0x10000 : both.charAt(i);
            a = (a + c) * 0x100000001B3L;
            b = (b + c) * 0x5851F42D4C957F2DL;
        }
        return new long[] {mix(a), mix(b)};
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Test
    void theConstructedIdsAreDifferentValidIdsWithOneOldFingerprint() {
        assertThat(FIRST).isNotEqualTo(SECOND).hasSize(1_024).startsWith("abbabaab");
        assertThat(IdRules.requireEventId(FIRST, "event id")).isEqualTo(FIRST);
        for (String contact : List.of("ana", "mallory", "")) {
            assertThat(oldFingerprint(contact, FIRST)).containsExactly(oldFingerprint(contact, SECOND));
        }
    }

    @Test
    void theEngineAcceptsBothEvents() {
        try (JourneyEngine engine = JourneyEngine.builder().clock(new TestClock(T))
                .contacts(ContactDirectory.inMemory().put(emailable("ana")))
                .channel("email", MessageChannel.recording()).journey(brewBetter()).build()) {
            assertThat(engine.accept(guideRequested(FIRST, "ana", T))).isEqualTo(Acceptance.ACCEPTED);
            assertThat(engine.accept(guideRequested(SECOND, "ana", T))).isEqualTo(Acceptance.ACCEPTED);
            assertThat(engine.accept(guideRequested(SECOND, "ana", T))).isEqualTo(Acceptance.DUPLICATE);
            assertThat(engine.stats().duplicateEvents()).isEqualTo(1);
        }
    }

    @Test
    void theInMemoryStoreKeepsThemApart() {
        JourneyStore store = JourneyStore.inMemory();
        ContactState first = ContactState.empty("ana");
        store.save(new ContactState("ana", 1, first.instances(), first.history(), first.outbox(), first.sendLog(),
                first.withdrawnConsents()), new ProcessedEvent(FIRST, T));

        assertThat(store.hasProcessed("ana", FIRST)).isTrue();
        assertThat(store.hasProcessed("ana", SECOND)).isFalse();
    }

    @Test
    void theEnginesMemoryKeepsThemApart() {
        RecentEvents recent = new RecentEvents(1, 100, 1_000);
        recent.remember(0, "ana", FIRST, 0);

        assertThat(recent.contains(0, "ana", FIRST, 1)).isTrue();
        assertThat(recent.contains(0, "ana", SECOND, 1)).isFalse();
    }
}
