package dev.journeys.core.spi;

import dev.journeys.core.ContactState;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.IdRules;
import dev.journeys.core.internal.RecentEvents;

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
 * <p>The ids of the events its saves applied ({@link #save(ContactState, ProcessedEvent)}) are
 * kept as 128-bit fingerprints of contact and event id (the first half of their SHA-256) with the
 * time applied, 24 bytes each in
 * primitive arrays, split by contact the same way as the due index, until
 * {@link #forgetProcessedEvents} forgets them.
 *
 * <p>Published versions, statuses and drafts ({@link JourneyDefinitions}) are kept in maps, so
 * engines sharing one instance share them too.
 *
 * <p>Thread-safe. Nothing survives the process.
 */
public final class InMemoryJourneyStore implements JourneyStore {

    /** How many heaps the due index is split into; a power of two. */
    static final int SHARDS = 64;

    /**
     * One contact's place in the store: its state, and the due time the index holds for it. The
     * state is written under the slot's monitor; {@code indexedDue} under its shard's.
     */
    static final class Slot {
        volatile ContactState state;
        long indexedDue = DueShard.NOT_DUE;
    }

    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    /**
     * The last claim token handed out; each claim's fencing token is unique in this store. The
     * claims handed out and not yet saved or released are kept by each shard for its contacts
     * ({@link ShardClaims}); a claimed contact is indexed at the instant its lease ends, so it is
     * claimable again then.
     */
    private final java.util.concurrent.atomic.AtomicLong claimTokens = new java.util.concurrent.atomic.AtomicLong();
    private final ConcurrentMap<String, EnrolmentProgress> enrolments = new ConcurrentHashMap<>();
    private final InMemoryDefinitions definitions = new InMemoryDefinitions();
    private final DueShard[] shards = new DueShard[SHARDS];
    /** The ids of the events saves applied, one stripe per shard; a stripe is touched under its monitor. */
    private final RecentEvents processed = RecentEvents.untilForgotten(SHARDS);
    private final Object[] processedMonitors = new Object[SHARDS];
    /** Where the next forgetting starts, so that each stripe gets its turn when the limit is small. */
    private final AtomicInteger nextForget = new AtomicInteger();
    /** Where the next claim starts, so that claims from several threads start on different shards. */
    private final AtomicInteger nextClaim = new AtomicInteger();

    private final java.time.Duration lease;

    /** Creates an empty store whose lease is {@link OutboxEntry#DISPATCH_LEASE}; see {@link JourneyStore#inMemory()}. */
    public InMemoryJourneyStore() {
        this(OutboxEntry.DISPATCH_LEASE);
    }

    /**
     * Creates an empty store with a lease: how long an effect is held for the engine that decided
     * it before another engine sharing this store may dispatch it.
     *
     * @param lease the lease; positive, at most {@link dev.journeys.core.TimeBounds#LONGEST}
     * @throws IllegalArgumentException if the lease is not positive
     */
    public InMemoryJourneyStore(java.time.Duration lease) {
        dev.journeys.core.TimeBounds.requireDuration(lease, "lease");
        if (lease.isZero() || lease.isNegative()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
        this.lease = lease;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new DueShard();
            processedMonitors[i] = new Object();
        }
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        Slot slot = slots.get(IdRules.requireContactId(contactId, "contactId"));
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.state);
    }

    @Override
    public void save(ContactState state) {
        write(Objects.requireNonNull(state, "state"), null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The id is checked and recorded under the contact's monitor, which every save of the
     * contact holds, so of two saves carrying one id at most one is made.
     */
    @Override
    public void save(ContactState state, ProcessedEvent event) {
        write(Objects.requireNonNull(state, "state"), Objects.requireNonNull(event, "event"));
    }

    /** Saves the state, recording the event's id unless it is null. */
    private void write(ContactState state, ProcessedEvent event) {
        String id = state.contactId();
        Slot slot = state.version() == 1 ? slots.computeIfAbsent(id, key -> new Slot()) : slots.get(id);
        if (slot == null) { // never saved, so no id recorded for it either
            throw new ConcurrentUpdateException(id, state.version() - 1, 0);
        }
        int stripe = shardIndex(id);
        synchronized (slot) { // saves of one contact reach the index one at a time, in version order
            if (event != null && hasProcessed(id, event.eventId())) {
                throw new DuplicateEventException(id, event.eventId());
            }
            ContactState stored = slot.state;
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != state.version() - 1) {
                throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion);
            }
            if (event != null) {
                synchronized (processedMonitors[stripe]) {
                    processed.remember(stripe, id, event.eventId(), event.processedAt().toEpochMilli());
                }
            }
            slot.state = state;
            DueShard shard = shards[stripe];
            synchronized (shard) {
                shard.endClaim(slot, id.hashCode()); // a save ends the contact's claim
                shard.index(slot, state.nextDueAtMillis().orElse(DueShard.NOT_DUE));
            }
        }
    }

    @Override
    public boolean hasProcessed(String contactId, String eventId) {
        IdRules.requireContactId(contactId, "contactId");
        IdRules.requireEventId(eventId, "eventId");
        int stripe = shardIndex(contactId);
        synchronized (processedMonitors[stripe]) {
            return processed.contains(stripe, contactId, eventId, 0);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each part forgets in the order its ids were recorded, and stops at the first recorded at
     * or after {@code before}; so an id recorded with an earlier time than one before it (by
     * engines whose clocks disagree) is forgotten when that one is.
     */
    @Override
    public int forgetProcessedEvents(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        long beforeMillis = before.toEpochMilli();
        int forgotten = 0;
        int start = nextForget.getAndIncrement();
        for (int i = 0; i < SHARDS && forgotten < limit; i++) {
            int stripe = (start + i) & (SHARDS - 1);
            synchronized (processedMonitors[stripe]) {
                forgotten += processed.forgetBefore(stripe, beforeMillis, limit - forgotten);
            }
        }
        return forgotten;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Claims start at a different shard each call and take each shard's earliest first, so the
     * order is earliest first within a shard, not across the whole store. A claim lasts the
     * {@linkplain #lease() lease} from {@code now}; each carries a token of its own.
     */
    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        long nowMillis = now.toEpochMilli();
        long untilMillis = saturatedAdd(nowMillis, lease.toMillis());
        List<DueContact> claimed = new ArrayList<>(Math.min(limit, 1024));
        int start = nextClaim.getAndIncrement();
        for (int i = 0; i < SHARDS && claimed.size() < limit; i++) {
            DueShard shard = shards[(start + i) & (SHARDS - 1)];
            if (shard.top() > nowMillis) {
                continue; // nothing due there: no need to take its monitor
            }
            synchronized (shard) {
                shard.claim(nowMillis, untilMillis, limit - claimed.size(), claimed, claimTokens);
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
                if (!shard.endClaim(slot, claimed.contactId().hashCode(), claimed.claim())) {
                    return; // saved since, or claimed by another since its lease ran out
                }
                shard.index(slot, slot.state.nextDueAtMillis().orElse(DueShard.NOT_DUE));
            }
        }
    }

    /** Returns {@code a + b}, or {@link DueShard#NOT_DUE} - 1 if that would overflow. */
    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 || sum >= DueShard.NOT_DUE ? DueShard.NOT_DUE - 1 : sum;
    }

    @Override
    public Optional<Instant> nextDueAt() {
        long earliest = DueShard.NOT_DUE;
        for (DueShard shard : shards) {
            if (shard.top() < earliest) { // else nothing there comes sooner
                synchronized (shard) {
                    earliest = Math.min(earliest, shard.earliest());
                }
            }
        }
        return earliest == DueShard.NOT_DUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(earliest));
    }

    private DueShard shardOf(String contactId) {
        return shards[shardIndex(contactId)];
    }

    private static int shardIndex(String contactId) {
        int h = contactId.hashCode();
        return (h ^ (h >>> 16)) & (SHARDS - 1);
    }

    @Override
    public java.time.Duration lease() {
        return lease;
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

    @Override
    public JourneyDefinitions definitions() {
        return definitions;
    }
}
