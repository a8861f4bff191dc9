package dev.journeys.core.engine;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.kernel.CompiledJourney;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.RecordedStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The engine's side of its store's definitions ({@link dev.journeys.core.spi.JourneyDefinitions}):
 * merges the versions and statuses recorded by any engine sharing the store into a catalog, says
 * when the next refresh is due, and writes a status change with compare-and-set, reading the
 * stored status again when another engine changed it first.
 *
 * <p>Thread-safe: the refresh deadline is atomic; the merge and the status write are called by
 * {@link JourneyRegistry} under its monitor.
 */
final class StoredDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before

    /** How many times a status change reads the stored status again after another engine changed it first. */
    private static final int MAX_STATUS_ATTEMPTS = 100;

    private final JourneyStore store;
    private final long intervalMillis;
    private final AtomicLong nextRefreshMillis = new AtomicLong(Long.MIN_VALUE);

    StoredDefinitions(JourneyStore store, long intervalMillis) {
        this.store = store;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Returns whether a refresh is due at {@code nowMillis}, and if so books the next one an
     * interval later, so that of several threads asking at once one refreshes.
     */
    boolean refreshDue(long nowMillis) {
        long next = nextRefreshMillis.get();
        return nowMillis >= next && nextRefreshMillis.compareAndSet(next, nowMillis + intervalMillis);
    }

    /** Books the next refresh an interval after a refresh made at {@code nowMillis}. */
    void refreshed(long nowMillis) {
        nextRefreshMillis.set(nowMillis + intervalMillis);
    }

    /**
     * Returns the catalog with every version the store records that it lacks, and with the
     * statuses the store records; statuses are read first, so each one's journey is among the
     * versions read after it.
     *
     * @param catalog the engine's catalog
     * @param loaded told of each version added
     * @return the merged catalog; {@code catalog} itself if nothing changed
     */
    JourneyCatalog merge(JourneyCatalog catalog, Consumer<JourneyDefinition> loaded) {
        List<RecordedStatus> statuses = store.definitions().statuses();
        List<JourneyDefinition> versions = store.definitions().versions();
        JourneyCatalog next = catalog;
        List<JourneyDefinition> added = new ArrayList<>();
        for (JourneyDefinition version : versions) {
            CompiledJourney known = next.version(version.id(), version.version());
            if (known == null) {
                next = next.with(version);
                added.add(version);
            }
        }
        for (RecordedStatus status : statuses) {
            next = withStatus(next, status);
        }
        added.forEach(loaded);
        return next;
    }

    /** Returns the catalog with a recorded status, unless it holds that already or lacks the journey. */
    static JourneyCatalog withStatus(JourneyCatalog catalog, RecordedStatus recorded) {
        Optional<JourneyStatus> current = catalog.status(recorded.journeyId());
        if (current.isEmpty()) {
            return catalog; // recorded for a journey whose versions this store lost: nothing to apply it to
        }
        boolean same = current.get() == recorded.status() && (recorded.status() != JourneyStatus.STOPPED
                || catalog.stopReason(recorded.journeyId()).equals(recorded.reason()));
        if (same) {
            return catalog;
        }
        if (current.get() != recorded.status()) {
            LOG.info("journey '{}' is {} as recorded in the store at {}: {}", recorded.journeyId(), recorded.status(),
                    recorded.changedAt(), recorded.reason());
        }
        return catalog.withStatus(recorded.journeyId(), recorded.status(), recorded.reason());
    }

    /**
     * Records a journey's move to another status with compare-and-set, reading the stored status
     * again whenever another engine changed it first.
     *
     * @param journeyId a published journey
     * @param unrecorded its status when the store records none: the catalog's
     * @param to the new status
     * @param reason why
     * @param at when
     * @param allowed whether the move is allowed from a status; throws if it must not happen,
     *     returns false if it need not
     * @return the status the journey left, or empty if {@code allowed} said the move need not happen
     * @throws IllegalStateException if other engines kept changing the status
     */
    Optional<JourneyStatus> changeStatus(String journeyId, JourneyStatus unrecorded, JourneyStatus to, String reason,
                                         Instant at, StatusCheck allowed) {
        for (int attempt = 1; attempt <= MAX_STATUS_ATTEMPTS; attempt++) {
            Optional<RecordedStatus> stored = store.definitions().status(journeyId);
            JourneyStatus from = stored.map(RecordedStatus::status).orElse(unrecorded);
            if (!allowed.test(from)) {
                return Optional.empty();
            }
            RecordedStatus next = stored.map(current -> current.next(to, reason, at))
                    .orElseGet(() -> RecordedStatus.first(journeyId, to, reason, at));
            if (store.definitions().saveStatus(next)) {
                return Optional.of(from);
            }
        }
        throw new IllegalStateException("the status of journey '" + journeyId + "' was changed by other engines "
                + MAX_STATUS_ATTEMPTS + " times while this one tried to make it " + to + "; try again");
    }

    /** Whether a status move may happen from a status. */
    @FunctionalInterface
    interface StatusCheck {
        /**
         * @param from the status the journey is in
         * @return true to make the move, false if it need not happen
         * @throws IllegalStateException if the move is not allowed
         */
        boolean test(JourneyStatus from);
    }
}
