package dev.journeys.core.engine;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.StatusChange;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationReport;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.validation.ValidationContext;
import dev.journeys.core.kernel.CompiledJourney;
import dev.journeys.core.kernel.Input;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.spi.JourneyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds the journeys: publishes versions into the catalog, keeps drafts, and moves journeys
 * through their statuses (walking the contacts a pause, resume or stop concerns); validates
 * journeys against what the engine was given. Versions, statuses and drafts are written to the
 * store's {@link dev.journeys.core.spi.JourneyDefinitions} first, so they survive a restart and
 * reach the other engines sharing the store, which {@linkplain #refresh() refresh} from it.
 *
 * <p>Thread-safe: changes to the catalog are made under this object's monitor; readers see the
 * catalog through a volatile read.
 */
final class JourneyRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before

    private final EngineContext context;
    private final InstantSource clock;
    private final JourneyStore store;
    private final EngineCounters counters;
    private final ValidationContext validationContext;
    private final ContactPipeline pipeline;
    private final StoredDefinitions stored;
    private final Object monitor = new Object();

    JourneyRegistry(EngineContext context, ValidationContext validationContext, ContactPipeline pipeline,
                    Duration refreshInterval) {
        this.context = context;
        this.clock = context.clock();
        this.store = context.store();
        this.counters = context.counters();
        this.validationContext = validationContext;
        this.pipeline = pipeline;
        this.stored = new StoredDefinitions(store, refreshInterval.toMillis());
    }

    /**
     * Loads every version and status the store records, then publishes the journeys the engine
     * was built with: one recorded already with the same definition is left as it is, whatever
     * its status.
     *
     * @throws IllegalStateException if the store records another definition under the version of
     *     one of them, or one is a new version of a stopped journey
     */
    void start(List<JourneyDefinition> journeys) {
        refresh();
        for (JourneyDefinition journey : journeys) {
            publish(journey, true);
        }
    }

    /** Refreshes from the store if the refresh interval passed since the last one; never throws. */
    void refreshIfDue() {
        if (!stored.refreshDue(clock.millis())) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException failure) {
            LOG.warn("could not refresh the journeys from the store; trying again after the refresh interval",
                    LogText.of(failure));
        }
    }

    /** Merges what the store records (versions and statuses of every engine) into the catalog; see {@link JourneyEngine#refreshDefinitions()}. */
    void refresh() {
        synchronized (monitor) {
            refreshLocked();
        }
    }

    private void refreshLocked() {
        long now = clock.millis();
        context.replaceCatalog(stored.merge(catalog(), this::loaded));
        stored.refreshed(now);
    }

    /** Logs a version another engine published (or one recorded before this engine started). */
    private void loaded(JourneyDefinition journey) {
        List<ValidationProblem> errors = validate(journey).errors();
        if (errors.isEmpty()) {
            LOG.info("loaded {} from the store", journey);
        } else {
            LOG.error("loaded {} from the store, but this engine finds errors in it, so its contacts may fail here: {}",
                    journey, errors);
        }
    }

    /** Publishes a version; see {@link JourneyEngine#publish(JourneyDefinition)}. */
    void publish(JourneyDefinition journey) {
        publish(journey, false);
    }

    /**
     * Publishes a version, checking what the store records under the same lock as the write, so
     * that engines starting at once with the same journey each either publish it or find it.
     *
     * @param atStart whether the engine publishes the journeys it was built with: the same
     *     definition recorded already (by another engine, even one publishing it meanwhile) is
     *     left as it is, whatever its status
     */
    private void publish(JourneyDefinition journey, boolean atStart) {
        Objects.requireNonNull(journey, "journey");
        context.requireOpen();
        ValidationReport report = validate(journey).requireNoErrors();
        synchronized (monitor) {
            refreshLocked();
            String id = journey.id();
            CompiledJourney recorded = catalog().version(id, journey.version());
            if (atStart && recorded != null) {
                if (!recorded.definition().equals(journey)) {
                    store.definitions().recordVersion(journey, clock.instant()); // refuses it, naming both
                    throw new IllegalStateException(journey + " is recorded in the store with another definition");
                }
                return;
            }
            catalog().status(id).filter(status -> status == JourneyStatus.STOPPED).ifPresent(stopped -> {
                throw new IllegalStateException("journey '" + id + "' is STOPPED, which is final; clone it "
                        + "into a new draft (cloneAsDraft) to run it again");
            });
            if (recorded != null) {
                throw new IllegalArgumentException("version " + journey.version() + " of journey '" + id
                        + "' is already published; publish a higher version");
            }
            Instant at = clock.instant();
            store.definitions().recordVersion(journey, at);
            if (catalog().is(id, JourneyStatus.COMPLETED)) { // a new version of a segment journey may have a new schedule
                stored.changeStatus(id, JourneyStatus.COMPLETED, JourneyStatus.LIVE, "published " + journey, at,
                        from -> from == JourneyStatus.COMPLETED);
            }
            context.replaceCatalog(catalog().with(journey));
            store.definitions().deleteDraft(id, journey.version());
        }
        report.warnings().forEach(warning -> LOG.warn("{} has a warning: {}", journey, warning));
        LOG.info("published {}", journey);
    }

    /** Saves a draft; see {@link JourneyEngine#saveDraft}. */
    List<ValidationProblem> saveDraft(JourneyDefinition draft) {
        Objects.requireNonNull(draft, "draft");
        context.requireOpen();
        synchronized (monitor) {
            refreshLocked();
            Optional<JourneyStatus> status = catalog().status(draft.id());
            if (status.isPresent() && status.get() == JourneyStatus.STOPPED) {
                throw new IllegalStateException("journey '" + draft.id() + "' is STOPPED, which is final; clone it "
                        + "into a new draft with another id");
            }
            int newest = catalog().newest(draft.id()).map(CompiledJourney::version).orElse(0);
            if (draft.version() <= newest) {
                throw new IllegalArgumentException("draft of journey '" + draft.id() + "' has version "
                        + draft.version() + ", but v" + newest + " is published; a draft must have a higher version");
            }
            store.definitions().saveDraft(draft);
        }
        return validate(draft).problems();
    }

    /** Returns the saved draft of a journey, if it has one. */
    Optional<JourneyDefinition> draft(String journeyId) {
        return store.definitions().draft(Objects.requireNonNull(journeyId, "journeyId"));
    }

    /** Publishes a saved draft; see {@link JourneyEngine#publishDraft}. */
    void publishDraft(String journeyId) {
        JourneyDefinition draft = draft(journeyId).orElseThrow(() -> new IllegalArgumentException(
                "journey '" + journeyId + "' has no saved draft to publish"));
        publish(draft);
    }

    /** Copies a journey into a new draft; see {@link JourneyEngine#cloneAsDraft}. */
    JourneyDefinition cloneAsDraft(String journeyId, String newId) {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(newId, "newId");
        context.requireOpen();
        synchronized (monitor) {
            refreshLocked();
            JourneyDefinition source = draft(journeyId).or(() -> catalog().newest(journeyId)
                    .map(CompiledJourney::definition)).orElseThrow(() -> new IllegalArgumentException(
                    "no journey '" + journeyId + "' to clone: it is neither published nor a draft"));
            if (catalog().status(newId).isPresent() || draft(newId).isPresent()) {
                throw new IllegalArgumentException("cannot clone '" + journeyId + "' as '" + newId
                        + "': a journey with that id exists");
            }
            JourneyDefinition copy = new JourneyDefinition(newId, 1, source.name(), source.entry(), source.startStep(),
                    source.steps(), source.exitTriggers(), source.goal(), source.policies());
            store.definitions().saveDraft(copy);
            return copy;
        }
    }

    /** Returns where a journey is in its lifecycle; see {@link JourneyEngine#status}. */
    JourneyStatus status(String journeyId) {
        Objects.requireNonNull(journeyId, "journeyId");
        return catalog().status(journeyId).orElseGet(() -> {
            if (draft(journeyId).isPresent()) {
                return JourneyStatus.DRAFT;
            }
            throw new IllegalArgumentException("no journey '" + journeyId + "': it is neither published nor a draft");
        });
    }

    /**
     * Moves a journey to another status, records it in the store (compare-and-set against the
     * other engines), then walks the contacts it concerns if {@code walk}.
     */
    StatusChange changeStatus(String journeyId, JourneyStatus to, String reason, boolean walk) {
        Objects.requireNonNull(journeyId, "journeyId");
        context.requireOpen();
        JourneyStatus from;
        Instant at = clock.instant();
        // Opened first: a store that cannot list its contacts refuses before the status changes.
        try (java.util.stream.Stream<String> ids = walk ? store.contactIds() : java.util.stream.Stream.empty()) {
            synchronized (monitor) {
                refreshLocked();
                JourneyStatus known = status(journeyId);
                if (known == JourneyStatus.DRAFT) {
                    throw new IllegalStateException("journey '" + journeyId + "' cannot go from DRAFT to " + to
                            + "; a draft goes LIVE only by publishDraft");
                }
                from = stored.changeStatus(journeyId, known, to, reason, at, current -> {
                    current.requireCanBecome(journeyId, to);
                    return true;
                }).orElseThrow();
                context.replaceCatalog(catalog().withStatus(journeyId, to, reason));
            }
            long updated = walk ? walkContactsOf(journeyId, ids) : 0;
            StatusChange change = new StatusChange(journeyId, from, to, reason, at, updated);
            LOG.info("{}", change);
            return change;
        }
    }

    /**
     * Moves a live journey to COMPLETED, unless it is no longer live (paused or stopped meanwhile,
     * here or on another engine, or completed by another thread or engine): the engine's own move,
     * which never fails for those reasons.
     */
    void completeIfStillLive(String journeyId, String reason) {
        synchronized (monitor) {
            if (!catalog().is(journeyId, JourneyStatus.LIVE)) {
                return;
            }
            Optional<JourneyStatus> from = stored.changeStatus(journeyId, JourneyStatus.LIVE,
                    JourneyStatus.COMPLETED, reason, clock.instant(), current -> current == JourneyStatus.LIVE);
            if (from.isEmpty()) {
                refreshLocked(); // another engine moved it first: take its status
                return;
            }
            context.replaceCatalog(catalog().withStatus(journeyId, JourneyStatus.COMPLETED, reason));
        }
        LOG.info("journey '{}' LIVE -> COMPLETED: {}", journeyId, reason);
    }

    /** Runs every stored contact with an instance or outbox entry of the journey through its lifecycle change. */
    private long walkContactsOf(String journeyId, java.util.stream.Stream<String> ids) {
        long updated = 0;
        for (java.util.Iterator<String> it = ids.iterator(); it.hasNext(); ) {
            String contactId = it.next();
            Optional<ContactState> state = store.load(contactId);
            if (state.isEmpty() || !concerns(state.get(), journeyId)) {
                continue;
            }
            try {
                pipeline.process(contactId, new Input.LifecycleChanged(), null);
                updated++;
            } catch (RuntimeException failure) {
                counters.processingFailures.increment();
                LOG.error("lifecycle change of '{}' failed for contact '{}'; it applies at the contact's next input",
                        journeyId, contactId, LogText.of(failure));
            }
        }
        return updated;
    }

    private static boolean concerns(ContactState state, String journeyId) {
        return state.instances().stream().anyMatch(i -> i.journeyId().equals(journeyId))
                || state.outbox().stream().anyMatch(e -> e.effect().key().journeyId().equals(journeyId));
    }

    /** Checks a journey without publishing it; see {@link JourneyEngine#validate}. */
    ValidationReport validate(JourneyDefinition journey) {
        Objects.requireNonNull(journey, "journey");
        return JourneyValidator.report(journey, validationContext.withJourneys(journeys()));
    }

    /** Returns the newest published version of every journey. */
    List<JourneyDefinition> journeys() {
        return catalog().journeys().stream().map(j -> j.definition()).toList();
    }

    /** Returns one published version of a journey, if published here. */
    Optional<JourneyDefinition> journey(String journeyId, int version) {
        Objects.requireNonNull(journeyId, "journeyId");
        CompiledJourney published = catalog().version(journeyId, version);
        return published == null ? Optional.empty() : Optional.of(published.definition());
    }

    /** The catalog as of now. */
    private JourneyCatalog catalog() {
        return context.catalog();
    }
}
