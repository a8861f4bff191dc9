package dev.journeys.core.spi;

/**
 * The claims handed out for the contacts of one {@link DueShard} and not yet saved or released:
 * for each claimed slot, the claim's token and when the claimed work was due. An open-addressing
 * table in parallel arrays, keyed by the slot itself and placed by its contact id's hash, so a
 * claim costs no object; it grows with the claims outstanding at once and is kept for the next.
 *
 * <p>Not thread-safe: the caller holds the shard's monitor for every method.
 */
final class ShardClaims {

    /** {@link #token} of a slot with no claim; tokens handed out start at 1. */
    static final long NONE = 0;

    private InMemoryJourneyStore.Slot[] slots = new InMemoryJourneyStore.Slot[0];
    private int[] hashes = new int[0];
    private long[] tokens = new long[0];
    private long[] dueAts = new long[0];
    private int size;

    /** Returns whether no claim is held. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Returns the token of the slot's claim, or {@link #NONE}. */
    long token(InMemoryJourneyStore.Slot slot, int hash) {
        int cell = cellOf(slot, hash);
        return cell < 0 ? NONE : tokens[cell];
    }

    /** Returns when the work of the slot's claim was due; the slot holds a claim. */
    long dueAtMillis(InMemoryJourneyStore.Slot slot, int hash) {
        return dueAts[cellOf(slot, hash)];
    }

    /** Holds a claim for the slot, replacing the one it held. */
    void put(InMemoryJourneyStore.Slot slot, int hash, long token, long dueAtMillis) {
        int cell = cellOf(slot, hash);
        if (cell < 0) {
            if (2 * (size + 1) > slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            cell = mix(hash) & mask;
            while (slots[cell] != null) {
                cell = (cell + 1) & mask;
            }
            slots[cell] = slot;
            hashes[cell] = hash;
            size++;
        }
        tokens[cell] = token;
        dueAts[cell] = dueAtMillis;
    }

    /** Ends the slot's claim, if it holds one. */
    void remove(InMemoryJourneyStore.Slot slot, int hash) {
        int gap = cellOf(slot, hash);
        if (gap < 0) {
            return;
        }
        size--;
        int mask = slots.length - 1;
        for (int next = (gap + 1) & mask; slots[next] != null; next = (next + 1) & mask) {
            int home = mix(hashes[next]) & mask;
            // move the entry back into the gap if its home is not between the gap and it
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                slots[gap] = slots[next];
                hashes[gap] = hashes[next];
                tokens[gap] = tokens[next];
                dueAts[gap] = dueAts[next];
                gap = next;
            }
        }
        slots[gap] = null;
    }

    private int cellOf(InMemoryJourneyStore.Slot slot, int hash) {
        if (size == 0) {
            return -1;
        }
        int mask = slots.length - 1;
        for (int cell = mix(hash) & mask; slots[cell] != null; cell = (cell + 1) & mask) {
            if (slots[cell] == slot) {
                return cell;
            }
        }
        return -1;
    }

    /** Spreads a string hash, whose low bits differ little between similar ids. */
    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        InMemoryJourneyStore.Slot[] oldSlots = slots;
        int[] oldHashes = hashes;
        long[] oldTokens = tokens;
        long[] oldDueAts = dueAts;
        int capacity = Math.max(16, oldSlots.length * 2);
        slots = new InMemoryJourneyStore.Slot[capacity];
        hashes = new int[capacity];
        tokens = new long[capacity];
        dueAts = new long[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != null) {
                int cell = mix(oldHashes[i]) & mask;
                while (slots[cell] != null) {
                    cell = (cell + 1) & mask;
                }
                slots[cell] = oldSlots[i];
                hashes[cell] = oldHashes[i];
                tokens[cell] = oldTokens[i];
                dueAts[cell] = oldDueAts[i];
            }
        }
    }
}
