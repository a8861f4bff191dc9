package dev.journeys.core.spi;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    private record Due(long atMillis, String contactId) {
    }

    private static final Comparator<Due> ORDER =
            Comparator.comparingLong(Due::atMillis).thenComparing(Due::contactId);

    private final ConcurrentMap<String, ContactState> states = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Due> due = new ConcurrentSkipListSet<>(ORDER);

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
        long[] before = {JourneyInstance.NOT_DUE};
        states.compute(id, (key, stored) -> {
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != state.version() - 1) {
                throw new ConcurrentUpdateException(id, state.version() - 1, storedVersion);
            }
            before[0] = stored == null ? JourneyInstance.NOT_DUE : stored.nextDueAtMillis();
            return state;
        });
        long after = state.nextDueAtMillis();
        if (before[0] != after) {
            if (before[0] != JourneyInstance.NOT_DUE) {
                due.remove(new Due(before[0], id));
            }
            if (after != JourneyInstance.NOT_DUE) {
                due.add(new Due(after, id));
            }
        }
    }

    @Override
    public List<String> dueContacts(Instant now, int limit) {
        long nowMillis = now.toEpochMilli();
        List<String> ids = new ArrayList<>(Math.min(limit, 1024));
        for (Due entry : due) {
            if (entry.atMillis() > nowMillis || ids.size() >= limit) {
                break;
            }
            ids.add(entry.contactId());
        }
        return ids;
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
}
