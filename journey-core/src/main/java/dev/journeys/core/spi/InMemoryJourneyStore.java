package dev.journeys.core.spi;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The default {@link JourneyStore}: contact states in a concurrent map, due contacts in a
 * skip list ordered by due time, so finding due work costs O(log n) in the number pending.
 *
 * <p>Thread-safe. Nothing survives the process.
 */
public final class InMemoryJourneyStore implements JourneyStore {

    private final ConcurrentMap<String, ContactState> states = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, EnrolmentProgress> enrolments = new ConcurrentHashMap<>();
    /** The due index's entry: a long, not an {@link Instant}, since there is one per waiting contact. */
    private record Due(long atMillis, String contactId) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            int byTime = Long.compare(atMillis, other.atMillis);
            return byTime != 0 ? byTime : contactId.compareTo(other.contactId);
        }
    }

    private final ConcurrentSkipListSet<Due> due = new ConcurrentSkipListSet<>();

    /** Creates an empty store; see {@link JourneyStore#inMemory()}. */
    public InMemoryJourneyStore() {
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        return Optional.ofNullable(states.get(Objects.requireNonNull(contactId, "contactId")));
    }

    @Override
    public void save(ContactState state) {
        Objects.requireNonNull(state, "state");
        String id = state.contactId();
        states.compute(id, (key, stored) -> {
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != state.version() - 1) {
                throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion);
            }
            // Inside compute, so saves of one contact update the due index one at a time.
            long before = stored == null ? JourneyInstance.NOT_DUE : stored.nextDueAtMillis();
            long after = state.nextDueAtMillis();
            if (before != after) {
                if (before != JourneyInstance.NOT_DUE) {
                    due.remove(new Due(before, id));
                }
                if (after != JourneyInstance.NOT_DUE) {
                    due.add(new Due(after, id));
                }
            }
            return state;
        });
    }

    @Override
    public List<DueContact> dueContacts(Instant now, Optional<DueContact> after, int limit) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(after, "after");
        List<DueContact> page = new ArrayList<>(Math.min(limit, 1024));
        long nowMillis = now.toEpochMilli();
        Iterable<Due> from = after.isPresent()
                ? due.tailSet(new Due(after.get().dueAt().toEpochMilli(), after.get().contactId()), false) : due;
        for (Due entry : from) {
            if (entry.atMillis() > nowMillis || page.size() >= limit) {
                break;
            }
            page.add(new DueContact(Instant.ofEpochMilli(entry.atMillis()), entry.contactId()));
        }
        return page;
    }

    @Override
    public Optional<Instant> nextDueAt() {
        Iterator<Due> first = due.iterator();
        return first.hasNext() ? Optional.of(Instant.ofEpochMilli(first.next().atMillis())) : Optional.empty();
    }

    @Override
    public long size() {
        return states.size();
    }

    @Override
    public java.util.stream.Stream<String> contactIds() {
        return states.keySet().stream();
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
