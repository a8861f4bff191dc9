package dev.journeys.testkit.store;

import dev.journeys.core.ContactState;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store that hands every call to another, for tests that change what one or two calls do (a
 * race with another engine, a stall, a failure): extend it and override those.
 *
 * <pre>{@code
 * JourneyStore failing = new ForwardingJourneyStore(JourneyStore.inMemory()) {
 *     public void save(ContactState state) {
 *         throw new IllegalStateException("the database is away");
 *     }
 * };
 * }</pre>
 *
 * <p>{@link #saveAll} goes to the other store too, as one call: override it as well if an
 * override of {@code save} must see the states a page of due work saves together. Thread-safe if
 * the other store and the overrides are.
 */
public class ForwardingJourneyStore implements JourneyStore {

    /** The store the calls go to. */
    protected final JourneyStore inner;

    /**
     * Creates a store that hands every call to {@code inner}.
     *
     * @param inner the store the calls go to
     */
    public ForwardingJourneyStore(JourneyStore inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        return inner.load(contactId);
    }

    @Override
    public void save(ContactState state) {
        inner.save(state);
    }

    @Override
    public void save(ContactState state, ProcessedEvent event) {
        inner.save(state, event);
    }

    @Override
    public List<ContactState> saveAll(List<ContactState> states) {
        return inner.saveAll(states);
    }

    @Override
    public boolean hasProcessed(String contactId, String eventId) {
        return inner.hasProcessed(contactId, eventId);
    }

    @Override
    public int forgetProcessedEvents(Instant before, int limit) {
        return inner.forgetProcessedEvents(before, limit);
    }

    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        return inner.claimDue(now, limit);
    }

    @Override
    public void release(DueContact claimed) {
        inner.release(claimed);
    }

    @Override
    public java.time.Duration lease() {
        return inner.lease();
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return inner.nextDueAt();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public Stream<String> contactIds() {
        return inner.contactIds();
    }

    @Override
    public Optional<EnrolmentProgress> enrolmentProgress(String journeyId) {
        return inner.enrolmentProgress(journeyId);
    }

    @Override
    public void saveEnrolmentProgress(EnrolmentProgress progress) {
        inner.saveEnrolmentProgress(progress);
    }

    @Override
    public JourneyDefinitions definitions() {
        return inner.definitions();
    }
}
