package dev.journeys.store.postgres;

import dev.journeys.core.ContactState;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyDefinitions;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A store that hands every call to another, and hands each page of due contacts it claimed to a
 * hook before returning it: the hook may stall the claiming thread there, with the contacts
 * claimed and not yet evaluated or saved, as a node that dies or stops right after its claim would
 * leave them. For {@link CrashNode}.
 *
 * <p>Thread-safe if the other store and the hook are.
 */
final class ClaimStallingStore implements JourneyStore {

    private final JourneyStore inner;
    private final Consumer<List<DueContact>> afterClaim;

    /**
     * @param inner the store every call goes to
     * @param afterClaim called with each page claimed that is not empty, before it is returned
     */
    ClaimStallingStore(JourneyStore inner, Consumer<List<DueContact>> afterClaim) {
        this.inner = inner;
        this.afterClaim = afterClaim;
    }

    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        List<DueContact> page = inner.claimDue(now, limit);
        if (!page.isEmpty()) {
            afterClaim.accept(page);
        }
        return page;
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
        return inner.saveAll(states); // the page's one batch, as without this wrapper
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
    public void release(DueContact claimed) {
        inner.release(claimed);
    }

    @Override
    public Duration lease() {
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
