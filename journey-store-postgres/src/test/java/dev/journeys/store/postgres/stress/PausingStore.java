package dev.journeys.store.postgres.stress;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A store that hands every call to another, except that, once, right after a save of a state
 * the test chose, it waits until the test resumes it before returning: as if the engine's thread
 * were descheduled right after that write. For {@link StopBetweenCheckAndCallTest}.
 *
 * <p>Thread-safe; pauses once.
 */
final class PausingStore implements JourneyStore {

    private static final Duration PATIENCE = Duration.ofSeconds(30); // only against a hang; nothing waits it out

    private final JourneyStore inner;
    private final Predicate<ContactState> pauseAfter;
    private final CountDownLatch written = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);
    private final AtomicBoolean paused = new AtomicBoolean();

    /**
     * @param inner the store every call goes to
     * @param pauseAfter which saved state the first pause follows
     */
    PausingStore(JourneyStore inner, Predicate<ContactState> pauseAfter) {
        this.inner = inner;
        this.pauseAfter = pauseAfter;
    }

    /** Waits until a save was made and is paused, up to the patience; returns whether it is. */
    boolean awaitPaused() throws InterruptedException {
        return written.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Lets the paused save return. */
    void resume() {
        resumed.countDown();
    }

    @Override
    public Optional<ContactState> load(String contactId) {
        return inner.load(contactId);
    }

    @Override
    public void save(ContactState state) {
        inner.save(state);
        pauseIfChosen(state);
    }

    @Override
    public void save(ContactState state, ProcessedEvent event) {
        inner.save(state, event);
        pauseIfChosen(state);
    }

    private void pauseIfChosen(ContactState state) {
        if (!pauseAfter.test(state) || !paused.compareAndSet(false, true)) {
            return;
        }
        written.countDown();
        try {
            if (!resumed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never resumed the paused save of '" + state.contactId() + "'");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the paused save of '" + state.contactId() + "'", interrupted);
        }
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
    public JourneyDefinitions definitions() {
        return inner.definitions();
    }
}
