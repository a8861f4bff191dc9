package dev.journeys.core;

import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store that hands every call to another, for tests that change what one or two calls do (a
 * race with another engine, a count, a failure): override those. {@link #saveAll} is left to the
 * interface's default, which calls {@link #save} once per state, so an override of {@code save}
 * applies to it too.
 */
class ForwardingJourneyStore implements JourneyStore {

    /** The store the calls go to. */
    final JourneyStore inner;

    ForwardingJourneyStore(JourneyStore inner) {
        this.inner = inner;
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
