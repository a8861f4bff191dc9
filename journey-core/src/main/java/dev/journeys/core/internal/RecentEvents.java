package dev.journeys.core.internal;

/**
 * The ids of the events an engine accepted lately, so a copy delivered again within the
 * duplicate window is dropped. Internal.
 *
 * <p>Each (contact, event id) pair is kept as a 128-bit fingerprint (the first half of its SHA-256,
 * see {@link Fingerprinter}: two different pairs share one with a probability of about
 * 2<sup>-128</sup>, and none can be made to on purpose short of about 2<sup>64</sup> tries) and
 * the time it was accepted: 24 bytes in primitive arrays, no object per event. The memory is split
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
        Fingerprinter fingerprint = memory.fingerprint(contactId, eventId);
        return memory.indexOf(fingerprint.first(), fingerprint.second()) >= 0;
    }

    /** Remembers that the contact's event was accepted at {@code nowMillis}. */
    public void remember(int stripe, String contactId, String eventId, long nowMillis) {
        Stripe memory = stripes[stripe];
        memory.forgetOlderThan(cutoff(nowMillis));
        if (memory.capacity > 0) {
            Fingerprinter fingerprint = memory.fingerprint(contactId, eventId);
            memory.add(fingerprint.first(), fingerprint.second(), nowMillis);
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

    /** One stripe: a ring of entries in acceptance order, and an open-addressing index into it. */
    private static final class Stripe {
        /** Made on the stripe's first use, so an engine with many stripes and few contacts makes few. */
        private Fingerprinter fingerprinter;
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

        Fingerprinter fingerprint(String contactId, String eventId) {
            if (fingerprinter == null) {
                fingerprinter = new Fingerprinter();
            }
            fingerprinter.fingerprint(contactId, eventId);
            return fingerprinter;
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
