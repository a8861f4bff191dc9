package dev.journeys.core.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed array of locks, one chosen per contact by hash, so work for one contact is serialised
 * while different contacts mostly run in parallel, without a lock object per contact. Internal.
 *
 * <p>Thread-safe.
 */
public final class StripedLocks {
    private final ReentrantLock[] locks;

    /**
     * Creates the locks.
     *
     * @param stripes how many locks; rounded up to a power of two
     */
    public StripedLocks(int stripes) {
        int size = Integer.highestOneBit(Math.max(1, stripes - 1)) << 1;
        locks = new ReentrantLock[size];
        for (int i = 0; i < size; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Returns the lock that guards the contact. */
    public ReentrantLock forContact(String contactId) {
        return locks[stripeOf(contactId)];
    }

    /** Returns the number of the contact's lock, for data kept per stripe and guarded by it. */
    public int stripeOf(String contactId) {
        int h = contactId.hashCode();
        h ^= h >>> 16;
        return h & (locks.length - 1);
    }

    /** Returns the lock with this number. */
    public ReentrantLock lock(int stripe) {
        return locks[stripe];
    }

    /** Returns how many locks there are. */
    public int stripes() {
        return locks.length;
    }
}
