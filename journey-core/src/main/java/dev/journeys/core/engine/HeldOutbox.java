package dev.journeys.core.engine;

import dev.journeys.core.ContactState;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.JourneyStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox entries one engine holds while it dispatches a contact's outbox, and the writes that
 * record what it does with them: the state it last knew to be committed, each entry as it holds
 * it there, and the outcomes (sent, failed, skipped, deferred) not yet written.
 *
 * <p>Every write is fenced twice: compare-and-set on the state's version, and, when the write
 * is made on a newer state another engine saved, an outcome is applied only to an entry that is
 * still exactly as this engine holds it (same effect, attempts and hold, the hold's end being the
 * token another engine's claim changes). An entry another engine sent, cancelled or claimed since
 * is left as that engine left it.
 *
 * <p>An outbox most often holds a few entries, so they are kept in arrays by their place in the
 * outbox the engine started from, found by that place first and else by a scan: no map, no object
 * per entry. A longer outbox also gets a map of the places, so a look-up does not scan it.
 *
 * <p>Not thread-safe: used by one thread, under the contact's lock.
 */
final class HeldOutbox {

    /** The longest outbox whose entries are found by a scan; a longer one gets a map of its places. */
    private static final int SCANNED = 8;

    private final JourneyStore store;
    private final String contactId;
    private ContactState committed;
    /** The keys of the entries held, by their place in the outbox this engine started from. */
    private final IdempotencyKey[] keys;
    /** Each entry as this engine holds it, by the same place. */
    private final OutboxEntry[] held;
    /**
     * Outcomes not yet written, by the same place: the entry that replaces the held one, or empty
     * to take it out; null where there is none.
     */
    private final Optional<OutboxEntry>[] pending;
    private int pendingCount;
    private boolean readSince;
    /** The places by key, for an outbox too long to scan for each look-up; null for a short one. */
    private final Map<IdempotencyKey, Integer> places;

    /**
     * @param store the store the writes go to
     * @param committed a state of the contact this engine saved or read, holding the entries it dispatches
     */
    HeldOutbox(JourneyStore store, ContactState committed) {
        this.store = store;
        this.contactId = committed.contactId();
        this.committed = committed;
        List<OutboxEntry> outbox = committed.outbox();
        int size = outbox.size();
        keys = new IdempotencyKey[size];
        held = new OutboxEntry[size];
        @SuppressWarnings("unchecked")
        Optional<OutboxEntry>[] outcomes = new Optional[size];
        pending = outcomes;
        places = size > SCANNED ? new HashMap<>(size * 2) : null;
        for (int i = 0; i < size; i++) {
            held[i] = outbox.get(i);
            keys[i] = held[i].effect().key();
            if (places != null) {
                places.put(keys[i], i); // the last of a key, as a scan finds it
            }
        }
    }

    /** The state this engine last knew to be committed; pending outcomes are not in it. */
    ContactState committed() {
        return committed;
    }

    /**
     * Returns the entry of this key in the committed state if it is still as this engine holds it,
     * or empty if another engine's save since sent, cancelled or claimed it (or it is gone).
     */
    Optional<OutboxEntry> stillHeld(IdempotencyKey key) {
        int place = placeOf(key, -1);
        if (place < 0) {
            return Optional.empty();
        }
        OutboxEntry mine = held[place];
        List<OutboxEntry> outbox = committed.outbox();
        for (int i = 0; i < outbox.size(); i++) {
            OutboxEntry entry = outbox.get(i);
            if (entry == mine || entry.equals(mine)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Notes an outcome, written with the next write: the entry replaced, or taken out if empty. */
    void settle(IdempotencyKey key, Optional<OutboxEntry> outcome) {
        int place = placeOf(key, -1);
        if (place < 0) {
            return; // not held here, so no write would apply it
        }
        if (pending[place] == null) {
            pendingCount++;
        }
        pending[place] = outcome;
    }

    /** Returns whether outcomes wait to be written. */
    boolean hasPending() {
        return pendingCount > 0;
    }

    /**
     * Writes, with the pending outcomes, that this engine is calling the provider for an entry it
     * holds: the confirmation right before the call.
     *
     * @throws ConcurrentUpdateException if another engine saved the contact since the committed
     *     state; nothing was written, and the caller {@linkplain #reload() reloads} and checks again
     */
    void writeCalling(OutboxEntry entry) {
        IdempotencyKey key = entry.effect().key();
        OutboxEntry calling = entry.asCalling();
        ContactState next = committed.withOutbox(apply(committed.outbox(), key, calling));
        store.save(next);
        committed = next;
        int place = placeOf(key, -1);
        if (place >= 0) {
            held[place] = calling;
        }
        clearPending();
    }

    /**
     * Writes the pending outcomes, on the newer state if another engine saved the contact since,
     * up to {@code attempts} times; returns the state written.
     *
     * @throws IllegalStateException if other engines kept saving first
     */
    ContactState writeOutcomes(int attempts) {
        for (int attempt = 1; ; attempt++) {
            ContactState next = committed.withOutbox(apply(committed.outbox(), null, null));
            try {
                store.save(next);
                committed = next;
                clearPending();
                return next;
            } catch (ConcurrentUpdateException conflict) {
                if (attempt == attempts) {
                    throw new IllegalStateException("could not record what was dispatched for contact '" + contactId
                            + "' in " + attempt + " attempts: other engines kept saving it first; its outbox stays and"
                            + " may go out again, under the same idempotency keys", conflict);
                }
                reload(conflict);
            }
        }
    }

    /** Reads the contact's latest committed state after another engine's save overtook a write. */
    void reload(ConcurrentUpdateException conflict) {
        committed = store.load(contactId).orElseThrow(() -> conflict);
        readSince = true;
    }

    /**
     * Returns whether the committed state was read from the store after another save overtook a
     * write; false while it is the state this engine started from, or one it wrote on top of it.
     */
    boolean readSince() {
        return readSince;
    }

    /**
     * The outbox with the pending outcomes applied to the entries still as held, and the entry of
     * {@code markedKey} (if not null) replaced by {@code marked}.
     */
    private List<OutboxEntry> apply(List<OutboxEntry> outbox, IdempotencyKey markedKey, OutboxEntry marked) {
        List<OutboxEntry> next = new ArrayList<>(outbox.size());
        for (int i = 0; i < outbox.size(); i++) {
            OutboxEntry entry = outbox.get(i);
            IdempotencyKey key = entry.effect().key();
            int place = placeOf(key, i);
            OutboxEntry mine = place < 0 ? null : held[place];
            boolean asHeld = mine != null && (entry == mine || entry.equals(mine));
            if (!asHeld) {
                next.add(entry); // decided, sent, cancelled or claimed by another engine: its to keep
            } else if (key.equals(markedKey)) {
                next.add(marked);
            } else if (pending[place] != null) {
                pending[place].ifPresent(next::add); // else dispatched or dropped here
            } else {
                next.add(entry);
            }
        }
        return next;
    }

    /** Returns the place of the key's held entry, trying {@code hint} first (-1 for none), or -1 if none is held. */
    private int placeOf(IdempotencyKey key, int hint) {
        if (hint >= 0 && hint < keys.length && (keys[hint] == key || keys[hint].equals(key))) {
            return hint;
        }
        if (places != null) {
            Integer place = places.get(key);
            return place == null ? -1 : place;
        }
        for (int i = keys.length - 1; i >= 0; i--) { // the last of a key, as a map would keep it
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private void clearPending() {
        if (pendingCount > 0) {
            Arrays.fill(pending, null);
            pendingCount = 0;
        }
    }
}
