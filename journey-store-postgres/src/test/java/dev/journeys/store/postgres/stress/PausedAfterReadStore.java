package dev.journeys.store.postgres.stress;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.spi.RecordedStatus;
import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.ProcessedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A store that hands every call to another, except that the first {@code load} after a save of a
 * state with something in its outbox reads the state, then waits for {@link #resume()} before it
 * returns it: as if the engine's thread were descheduled right after that read. For
 * {@link StopBetweenCheckAndCallTest}.
 *
 * <p>Thread-safe; pauses once.
 */
final class PausedAfterReadStore implements JourneyStore {

    private static final Duration PATIENCE = Duration.ofSeconds(30); // only against a hang; nothing waits it out

    private final JourneyStore inner;
    private final CountDownLatch read = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);
    private volatile boolean armed;
    private volatile boolean paused;

    PausedAfterReadStore(JourneyStore inner) {
        this.inner = inner;
    }

    /** Waits until a load has read the state and is paused, up to the patience; returns whether it is. */
    boolean awaitPaused() throws InterruptedException {
        return read.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Lets the paused load return what it read. */
    void resume() {
        resumed.countDown();
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        Optional<ContactState> state = inner.load(contactId);
        if (armed && !paused) {
            paused = true;
            read.countDown();
            try {
                if (!resumed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never resumed the paused load of '" + contactId + "'");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in the paused load of '" + contactId + "'", interrupted);
            }
        }
        return state;
    }

    @Override
    public void save(ContactState state) {
        inner.save(state);
        armed |= !state.outbox().isEmpty();
    }

    @Override
    public void save(ContactState state, ProcessedEvent event) {
        inner.save(state, event);
        armed |= !state.outbox().isEmpty();
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
    public boolean recordVersion(JourneyDefinition journey, Instant publishedAt) {
        return inner.recordVersion(journey, publishedAt);
    }

    @Override
    public List<JourneyDefinition> versions() {
        return inner.versions();
    }

    @Override
    public Optional<RecordedStatus> status(String journeyId) {
        return inner.status(journeyId);
    }

    @Override
    public List<RecordedStatus> statuses() {
        return inner.statuses();
    }

    @Override
    public boolean saveStatus(RecordedStatus status) {
        return inner.saveStatus(status);
    }

    @Override
    public void saveDraft(JourneyDefinition draft) {
        inner.saveDraft(draft);
    }

    @Override
    public Optional<JourneyDefinition> draft(String journeyId) {
        return inner.draft(journeyId);
    }

    @Override
    public void deleteDraft(String journeyId, int upToVersion) {
        inner.deleteDraft(journeyId, upToVersion);
    }
}
