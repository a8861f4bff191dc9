package dev.journeys.core.internal;

/**
 * The ids of the events an engine accepted lately, so a copy delivered again within the
 * duplicate window is dropped. Internal.
 *
 * <p>Each (contact, event id) pair is kept as a 128-bit fingerprint (two independent 64-bit
 * hashes; two different pairs share one with a probability of about 2<sup>-128</sup>) and the
 * time it was accepted: 24 bytes in primitive arrays, no object per event. The memory is split
 * into the same stripes as the contact locks ({@link StripedLocks#stripeOf}), and a stripe is
 * only touched under its lock, so it needs no synchronisation of its own. Within a stripe the
 * entries form a ring in the order they were accepted: the oldest is forgotten once it is older
 * than the window, or when the stripe is full (its share of the engine's maximum).
 *
 * <p>{@link #untilForgotten} makes one that forgets nothing by time, only when asked
 * ({@link #forgetBefore}): the in-memory store keeps the ids of the events its saves applied in one.
 *
 * <p>Not thread-safe by itself: the caller holds the stripe's lock.
 */
public final class RecentEvents {

    /** The window of a memory that forgets only when asked. */
    private static final long FOREVER = Long.MAX_VALUE;

    private final Stripe[] stripes;
    private final long windowMillis;

    /**
     * Creates the memory.
     *
     * @param stripes how many stripes; the same as the contact locks
     * @param maxRemembered the most events remembered in all, shared evenly between the stripes;
     *     0 remembers none
     * @param windowMillis how long an event is remembered
     */
    public RecentEvents(int stripes, long maxRemembered, long windowMillis) {
        long share = maxRemembered / stripes + (maxRemembered % stripes == 0 ? 0 : 1);
        int perStripe = (int) Math.min(1 << 28, share);
        this.stripes = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Stripe(perStripe);
        }
        this.windowMillis = windowMillis;
    }

    /**
     * Creates a memory that forgets an event only when {@link #forgetBefore} is called, or when its
     * stripe holds 2<sup>28</sup> of them.
     *
     * @param stripes how many stripes
     * @return the memory
     */
    public static RecentEvents untilForgotten(int stripes) {
        return new RecentEvents(stripes, Long.MAX_VALUE, FOREVER);
    }

    /** Returns whether the contact's event was accepted within the window before {@code nowMillis}. */
    public boolean contains(int stripe, String contactId, String eventId, long nowMillis) {
        Stripe memory = stripes[stripe];
        memory.forgetOlderThan(cutoff(nowMillis));
        if (memory.count == 0) {
            return false;
        }
        long[] fingerprint = fingerprint(contactId, eventId, memory.scratch);
        return memory.indexOf(fingerprint[0], fingerprint[1]) >= 0;
    }

    /** Remembers that the contact's event was accepted at {@code nowMillis}. */
    public void remember(int stripe, String contactId, String eventId, long nowMillis) {
        Stripe memory = stripes[stripe];
        memory.forgetOlderThan(cutoff(nowMillis));
        if (memory.capacity > 0) {
            long[] fingerprint = fingerprint(contactId, eventId, memory.scratch);
            memory.add(fingerprint[0], fingerprint[1], nowMillis);
        }
    }

    /**
     * Forgets up to {@code limit} of the stripe's events accepted before {@code beforeMillis}, in
     * the order they were remembered, stopping at the first that was not accepted before it.
     *
     * @return how many were forgotten
     */
    public int forgetBefore(int stripe, long beforeMillis, int limit) {
        Stripe memory = stripes[stripe];
        int forgotten = 0;
        while (forgotten < limit && memory.count > 0 && memory.acceptedAt[memory.head] < beforeMillis) {
            memory.forgetOldest();
            forgotten++;
        }
        return forgotten;
    }

    /** The instant at or before which an event is forgotten now; none for a memory that forgets only when asked. */
    private long cutoff(long nowMillis) {
        return windowMillis == FOREVER ? Long.MIN_VALUE : nowMillis - windowMillis;
    }

    /** Returns how many events are remembered now, in all stripes. */
    public long size() {
        long size = 0;
        for (Stripe stripe : stripes) {
            size += stripe.count;
        }
        return size;
    }

    /**
     * Writes the pair's fingerprint into {@code into}: two 64-bit polynomial hashes with
     * different seeds and multipliers, computed in one pass over the chars, each with a separator
     * after the contact id (so ("ab","c") and ("a","bc") differ), then MurmurHash3's finaliser.
     */
    static long[] fingerprint(String contactId, String eventId, long[] into) {
        long a = 0x9E3779B97F4A7C15L;
        long b = 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < contactId.length(); i++) {
            char c = contactId.charAt(i);
            a = (a + c) * 0x100000001B3L;
            b = (b + c) * 0x5851F42D4C957F2DL;
        }
        a = (a + 0x10000) * 0x100000001B3L;
        b = (b + 0x10000) * 0x5851F42D4C957F2DL;
        for (int i = 0; i < eventId.length(); i++) {
            char c = eventId.charAt(i);
            a = (a + c) * 0x100000001B3L;
            b = (b + c) * 0x5851F42D4C957F2DL;
        }
        into[0] = mix(a);
        into[1] = mix(b);
        return into;
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** One stripe: a ring of entries in acceptance order, and an open-addressing index into it. */
    private static final class Stripe {
        /** Where a fingerprint is computed, so none allocates: a stripe is used by one thread at a time. */
        private final long[] scratch = new long[2];
        private final int capacity;
        private long[] first = new long[0];
        private long[] second = new long[0];
        private long[] acceptedAt = new long[0];
        private int head;
        private int count;
        /** Ring positions plus one by linear probing on {@code first}; 0 is an empty cell. */
        private int[] index = new int[0];

        Stripe(int capacity) {
            this.capacity = capacity;
        }

        void forgetOlderThan(long cutoffMillis) {
            while (count > 0 && acceptedAt[head] <= cutoffMillis) {
                forgetOldest();
            }
        }

        int indexOf(long a, long b) {
            if (count == 0) {
                return -1;
            }
            int mask = index.length - 1;
            for (int cell = (int) a & mask; index[cell] != 0; cell = (cell + 1) & mask) {
                int at = index[cell] - 1;
                if (first[at] == a && second[at] == b) {
                    return at;
                }
            }
            return -1;
        }

        void add(long a, long b, long atMillis) {
            if (capacity == 0 || indexOf(a, b) >= 0) {
                return;
            }
            if (count == capacity) {
                forgetOldest();
            }
            if (count == first.length) {
                grow();
            }
            int at = (head + count) % first.length;
            first[at] = a;
            second[at] = b;
            acceptedAt[at] = atMillis;
            count++;
            insert(a, at);
        }

        private void forgetOldest() {
            remove(first[head], head);
            head = (head + 1) % first.length;
            count--;
        }

        private void insert(long a, int at) {
            int mask = index.length - 1;
            int cell = (int) a & mask;
            while (index[cell] != 0) {
                cell = (cell + 1) & mask;
            }
            index[cell] = at + 1;
        }

        /** Removes the ring position from the index, shifting back the entries probed past it. */
        private void remove(long a, int at) {
            int mask = index.length - 1;
            int cell = (int) a & mask;
            while (index[cell] != at + 1) {
                cell = (cell + 1) & mask;
            }
            int gap = cell;
            for (int next = (gap + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
                int home = (int) first[index[next] - 1] & mask;
                // move the entry back into the gap if its home is not between the gap and it
                if (((next - home) & mask) >= ((next - gap) & mask)) {
                    index[gap] = index[next];
                    gap = next;
                }
            }
            index[gap] = 0;
        }

        /** Doubles the ring (up to the capacity), oldest first from position 0, and rebuilds the index. */
        private void grow() {
            int size = (int) Math.min(capacity, Math.max(4L, first.length * 2L));
            long[] a = new long[size];
            long[] b = new long[size];
            long[] at = new long[size];
            for (int i = 0; i < count; i++) {
                int from = (head + i) % first.length;
                a[i] = first[from];
                b[i] = second[from];
                at[i] = acceptedAt[from];
            }
            first = a;
            second = b;
            acceptedAt = at;
            head = 0;
            index = new int[Integer.highestOneBit(size * 2 - 1) << 1];
            for (int i = 0; i < count; i++) {
                insert(first[i], i);
            }
        }
    }
}
