package dev.journeys.store.postgres.stress;

import dev.journeys.core.ContactState;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.store.ForwardingJourneyStore;
import dev.journeys.core.spi.ProcessedEvent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A store that hands every call to another, except that, once, right after a save of a state
 * the test chose, it waits until the test resumes it before returning: as if the engine's thread
 * were descheduled right after that write. For {@link StopBetweenCheckAndCallTest}.
 *
 * <p>Thread-safe; pauses once.
 */
final class PausingStore extends ForwardingJourneyStore {

    private static final Duration PATIENCE = Duration.ofSeconds(30); // only against a hang; nothing waits it out

    private final Predicate<ContactState> pauseAfter;
    private final CountDownLatch written = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);
    private final AtomicBoolean paused = new AtomicBoolean();

    /**
     * @param inner the store every call goes to
     * @param pauseAfter which saved state the first pause follows
     */
    PausingStore(JourneyStore inner, Predicate<ContactState> pauseAfter) {
        super(inner);
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
}
