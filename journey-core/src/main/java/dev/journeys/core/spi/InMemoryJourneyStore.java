package dev.journeys.core.spi;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link JourneyStore}: contact states in a concurrent map, due contacts in
 * {@value #SHARDS} binary heaps split by contact, so scheduling a timer costs O(log n) in the
 * number pending, with no object per timer, and two threads claiming due work rarely meet.
 *
 * <p>Thread-safe. Nothing survives the process.
 */
public final class InMemoryJourneyStore implements JourneyStore {

    /** How many heaps the due index is split into; a power of two. */
    static final int SHARDS = 64;
    /** {@link Slot#indexedDue} of a contact handed out by {@link #claimDue} and not yet saved or released. */
    static final long CLAIMED = Long.MIN_VALUE;

    /**
     * One contact's place in the store: its state, and the due time the index holds for it. The
     * state is written under the slot's monitor; {@code indexedDue} under its shard's.
     */
    static final class Slot {
        volatile ContactState state;
        long indexedDue = JourneyInstance.NOT_DUE;
    }

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, EnrolmentProgress> enrolments = new ConcurrentHashMap<>();
    private final DueShard[] shards = new DueShard[SHARDS];
    /** Where the next claim starts, so that claims from several threads start on different shards. */
    private final AtomicInteger nextClaim = new AtomicInteger();

    /** Creates an empty store; see {@link JourneyStore#inMemory()}. */
    public InMemoryJourneyStore() {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new DueShard();
        }
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        Slot slot = slots.get(Objects.requireNonNull(contactId, "contactId"));
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.state);
    }

    @Override
    public void save(ContactState state) {
        Objects.requireNonNull(state, "state");
        String id = state.contactId();
        Slot slot = state.version() == 1 ? slots.computeIfAbsent(id, key -> new Slot()) : slots.get(id);
        if (slot == null) {
            throw new ConcurrentUpdateException(id, state.version() - 1, 0);
        }
        synchronized (slot) { // saves of one contact reach the index one at a time, in version order
            ContactState stored = slot.state;
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != state.version() - 1) {
                throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion);
            }
            slot.state = state;
            DueShard shard = shardOf(id);
            synchronized (shard) {
                shard.index(slot, state.nextDueAtMillis()); // a claimed contact is released by its save
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Claims start at a different shard each call and take each shard's earliest first, so the
     * order is earliest first within a shard, not across the whole store.
     */
    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        long nowMillis = now.toEpochMilli();
        List<DueContact> claimed = new ArrayList<>(Math.min(limit, 1024));
        int start = nextClaim.getAndIncrement();
        for (int i = 0; i < SHARDS && claimed.size() < limit; i++) {
            DueShard shard = shards[(start + i) & (SHARDS - 1)];
            if (shard.top() > nowMillis) {
                continue; // nothing due there: no need to take its monitor
            }
            synchronized (shard) {
                shard.claim(nowMillis, limit - claimed.size(), claimed);
            }
        }
        return claimed;
    }

    @Override
    public void release(DueContact claimed) {
        Objects.requireNonNull(claimed, "claimed");
        Slot slot = slots.get(claimed.contactId());
        if (slot == null) {
            return;
        }
        synchronized (slot) {
            DueShard shard = shardOf(claimed.contactId());
            synchronized (shard) {
                if (slot.indexedDue == CLAIMED) {
                    shard.index(slot, slot.state.nextDueAtMillis());
                }
            }
        }
    }

    @Override
    public Optional<Instant> nextDueAt() {
        long earliest = JourneyInstance.NOT_DUE;
        for (DueShard shard : shards) {
            if (shard.top() < earliest) { // else nothing there comes sooner
                synchronized (shard) {
                    earliest = Math.min(earliest, shard.earliest());
                }
            }
        }
        return earliest == JourneyInstance.NOT_DUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(earliest));
    }

    private DueShard shardOf(String contactId) {
        int h = contactId.hashCode();
        return shards[(h ^ (h >>> 16)) & (SHARDS - 1)];
    }

    @Override
    public long size() {
        return slots.size();
    }

    @Override
    public java.util.stream.Stream<String> contactIds() {
        return slots.keySet().stream();
    }

    @Override
    public Optional<EnrolmentProgress> enrolmentProgress(String journeyId) {
        return Optional.ofNullable(enrolments.get(Objects.requireNonNull(journeyId, "journeyId")));
    }

    @Override
    public void saveEnrolmentProgress(EnrolmentProgress progress) {
        enrolments.put(progress.journeyId(), progress);
    }
}
