package dev.journeys.core.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One part of {@link InMemoryJourneyStore}'s due index: a binary min-heap of (due time, slot)
 * in two parallel arrays, so an entry costs twelve bytes and no object.
 *
 * <p>Entries are never searched for: when a contact's due time changes, a new entry is pushed
 * and the old one goes stale. An entry is live while its time equals its slot's
 * {@link InMemoryJourneyStore.Slot#indexedDue}; stale entries are dropped when they reach the
 * top, or all at once when they outnumber the live ones. The caller holds this shard's monitor
 * for every method.
 */
final class DueShard {

    private static final int INITIAL_CAPACITY = 16;
    /** The time a slot with nothing due is indexed with: not a time, and never pushed on the heap. */
    static final long NOT_DUE = Long.MAX_VALUE;

    private long[] times = new long[INITIAL_CAPACITY];
    private InMemoryJourneyStore.Slot[] slots = new InMemoryJourneyStore.Slot[INITIAL_CAPACITY];
    private int size;
    /** How many slots of this shard are indexed with a due time, so how many entries are live. */
    private int live;
    /**
     * The time of the heap's top entry, live or stale, or {@link #NOT_DUE}: a
     * lower bound of what is due here, readable without the monitor, so a claim or a look for
     * the earliest time can pass over a shard with nothing due.
     */
    private volatile long top = NOT_DUE;
    /** The claims held for this shard's contacts. */
    private final ShardClaims claims = new ShardClaims();

    /** Returns a lower bound of the earliest due time here; read without the monitor. */
    long top() {
        return top;
    }

    /** Makes the slot due at {@code atMillis}, or not due, replacing what it was indexed with. */
    void index(InMemoryJourneyStore.Slot slot, long atMillis) {
        if (slot.indexedDue == atMillis) {
            return;
        }
        if (isDue(slot.indexedDue)) {
            live--;
        }
        slot.indexedDue = atMillis;
        if (isDue(atMillis)) {
            live++;
            push(atMillis, slot);
        }
    }

    /**
     * Moves up to {@code max} live entries due at or before {@code nowMillis} into {@code out},
     * earliest first, each claimed until {@code untilMillis}: its slot is indexed at that time,
     * so that it is claimable again once the lease runs out, and the claim, with the next token of
     * {@code tokens}, is held until the contact is saved or the claim released ({@link #endClaim}).
     */
    void claim(long nowMillis, long untilMillis, int max, List<DueContact> out, AtomicLong tokens) {
        int taken = 0;
        while (size > 0 && times[0] <= nowMillis && taken < max) {
            long at = times[0];
            InMemoryJourneyStore.Slot slot = slots[0];
            pop();
            if (slot.indexedDue == at) {
                String contactId = slot.state.contactId();
                int hash = contactId.hashCode();
                // a claim taken over keeps its due time
                long dueAt = claims.token(slot, hash) == ShardClaims.NONE ? at : claims.dueAtMillis(slot, hash);
                index(slot, untilMillis);
                long token = tokens.incrementAndGet();
                claims.put(slot, hash, token, dueAt);
                out.add(new DueContact(Instant.ofEpochMilli(dueAt), contactId, token));
                taken++;
            }
        }
    }

    /** Ends the claim the slot holds, if any: the contact was saved. */
    void endClaim(InMemoryJourneyStore.Slot slot, int hash) {
        if (!claims.isEmpty()) {
            claims.remove(slot, hash);
        }
    }

    /**
     * Ends the slot's claim if it is the one of this token; returns false, changing nothing, if the
     * slot holds no claim or another one (saved since, or claimed again after the lease ran out).
     */
    boolean endClaim(InMemoryJourneyStore.Slot slot, int hash, long token) {
        if (token == ShardClaims.NONE || claims.isEmpty() || claims.token(slot, hash) != token) {
            return false;
        }
        claims.remove(slot, hash);
        return true;
    }

    /** Returns the earliest live due time, or {@link #NOT_DUE}. */
    long earliest() {
        while (size > 0 && slots[0].indexedDue != times[0]) {
            pop();
        }
        return size == 0 ? NOT_DUE : times[0];
    }

    private static boolean isDue(long atMillis) {
        return atMillis != NOT_DUE;
    }

    private void push(long at, InMemoryJourneyStore.Slot slot) {
        if (size == times.length) {
            if (size - live > live + INITIAL_CAPACITY) {
                compact();
            }
            if (size == times.length) { // all live, or the same time pushed twice for a slot
                times = Arrays.copyOf(times, size * 2);
                slots = Arrays.copyOf(slots, size * 2);
            }
        }
        int at0 = size++;
        while (at0 > 0) { // sift up
            int parent = (at0 - 1) >>> 1;
            if (times[parent] <= at) {
                break;
            }
            times[at0] = times[parent];
            slots[at0] = slots[parent];
            at0 = parent;
        }
        times[at0] = at;
        slots[at0] = slot;
        setTop();
    }

    private void pop() {
        int last = --size;
        long movedTime = times[last];
        InMemoryJourneyStore.Slot moved = slots[last];
        slots[last] = null;
        if (last > 0) {
            siftDown(0, movedTime, moved);
        }
        setTop();
    }

    private void siftDown(int from, long time, InMemoryJourneyStore.Slot slot) {
        int at = from;
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int right = child + 1;
            if (right < size && times[right] < times[child]) {
                child = right;
            }
            if (time <= times[child]) {
                break;
            }
            times[at] = times[child];
            slots[at] = slots[child];
            at = child;
        }
        times[at] = time;
        slots[at] = slot;
    }

    /** Drops every stale entry and rebuilds the heap from the live ones. */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (slots[i].indexedDue == times[i]) {
                times[kept] = times[i];
                slots[kept] = slots[i];
                kept++;
            }
        }
        Arrays.fill(slots, kept, size, null);
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, times[i], slots[i]);
        }
        setTop();
    }

    private void setTop() {
        long earliest = size > 0 ? times[0] : NOT_DUE;
        if (top != earliest) { // a volatile write only when it changes
            top = earliest;
        }
    }
}
