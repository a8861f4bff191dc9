package dev.journeys.core.engine;

import dev.journeys.core.ContactState;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Migration;
import dev.journeys.core.MigrationResult;
import dev.journeys.core.Step;
import dev.journeys.core.kernel.CompiledJourney;
import dev.journeys.core.kernel.Input;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.spi.JourneyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes a new version of a journey with a {@link Migration}: checks that every step stored
 * contacts wait at is mapped to a step where they can wait, publishes, then moves each contact
 * and counts who moved and who stayed.
 *
 * <p>Thread-safe as the registry and the contact pipeline it calls; two migrations of one journey
 * at once are not kept apart.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before

    private final EngineContext context;
    private final JourneyStore store;
    private final EngineCounters counters;
    private final JourneyRegistry registry;
    private final ContactPipeline pipeline;

    Migrations(EngineContext context, JourneyRegistry registry, ContactPipeline pipeline) {
        this.context = context;
        this.store = context.store();
        this.counters = context.counters();
        this.registry = registry;
        this.pipeline = pipeline;
    }

    /** Publishes and migrates; see {@link JourneyEngine#publish(JourneyDefinition, Migration)}. */
    MigrationResult publish(JourneyDefinition journey, Migration migration) {
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(migration, "migration");
        context.requireOpen();
        registry.validate(journey).requireNoErrors();
        String id = journey.id();
        CompiledJourney newest = catalog().newest(id).orElseThrow(() -> new IllegalArgumentException(
                "journey '" + id + "' is not published, so it has no contacts to migrate; publish it without a migration"));
        if (journey.version() <= newest.version()) {
            throw new IllegalArgumentException("cannot migrate journey '" + id + "' to v" + journey.version()
                    + ": v" + newest.version() + " is published; the new version must be higher");
        }
        List<String> refusals = new ArrayList<>();
        Map<String, Step> steps = new LinkedHashMap<>();
        journey.steps().forEach(step -> steps.put(step.id(), step));
        migration.steps().forEach((from, to) -> {
            Step target = steps.get(to);
            if (target == null) {
                refusals.add("step '" + from + "' is mapped to '" + to + "', which v" + journey.version() + " does not have");
            } else if (!(target instanceof Step.Wait || target instanceof Step.WaitForEvent || target instanceof Step.Send)) {
                refusals.add("step '" + from + "' is mapped to '" + to + "', a " + target.getClass().getSimpleName()
                        + " step where no contact waits; map it to a wait, a wait for an event or a send");
            }
        });
        Map<String, Long> occupied = stepsOfOlderVersions(id, journey.version());
        occupied.forEach((step, count) -> {
            if (!step.equals(MigrationResult.QUEUED) && migration.target(step).isEmpty()) {
                refusals.add("step '" + step + "' holds " + count + (count == 1 ? " contact" : " contacts")
                        + " and is not mapped");
            }
        });
        if (!refusals.isEmpty()) {
            throw new IllegalArgumentException("cannot migrate journey '" + id + "' to v" + journey.version()
                    + "; nothing changed: " + String.join("; ", refusals));
        }
        registry.publish(journey);
        Map<String, Long> moved = new java.util.TreeMap<>();
        try (java.util.stream.Stream<String> ids = store.contactIds()) {
            for (java.util.Iterator<String> it = ids.iterator(); it.hasNext(); ) {
                String contactId = it.next();
                Map<String, Long> before = olderSteps(store.load(contactId), id, journey.version());
                if (before.isEmpty()) {
                    continue;
                }
                try {
                    pipeline.process(contactId, new Input.Migrate(id, journey.version(), migration), null);
                } catch (RuntimeException failure) {
                    counters.processingFailures.increment();
                    LOG.error("migration of contact '{}' to {} v{} failed; it stays on its version", contactId, id,
                            journey.version(), LogText.of(failure));
                }
                Map<String, Long> after = olderSteps(store.load(contactId), id, journey.version());
                before.forEach((step, count) -> {
                    long gone = count - after.getOrDefault(step, 0L);
                    if (gone > 0) {
                        moved.merge(step, gone, Long::sum);
                    }
                });
            }
        }
        MigrationResult result = new MigrationResult(id, journey.version(), moved,
                stepsOfOlderVersions(id, journey.version()));
        LOG.info("migrated journey '{}' to v{}: moved {}, stayed {}", id, journey.version(), result.moved(),
                result.stayed());
        return result;
    }

    /** Counts the steps stored contacts wait at in versions of the journey older than {@code version}. */
    private Map<String, Long> stepsOfOlderVersions(String journeyId, int version) {
        Map<String, Long> occupied = new java.util.TreeMap<>();
        try (java.util.stream.Stream<String> ids = store.contactIds()) {
            ids.forEach(contactId -> olderSteps(store.load(contactId), journeyId, version)
                    .forEach((step, count) -> occupied.merge(step, count, Long::sum)));
        }
        return occupied;
    }

    /**
     * Counts the steps a contact's instances of older versions wait at; instances queued by an
     * entry rate limit, which move to the new start, count as {@link MigrationResult#QUEUED}.
     */
    private static Map<String, Long> olderSteps(Optional<ContactState> state, String journeyId, int version) {
        Map<String, Long> steps = new java.util.TreeMap<>();
        state.ifPresent(s -> s.instances().stream()
                .filter(i -> i.journeyId().equals(journeyId) && i.version() < version)
                .forEach(i -> steps.merge(i.isQueued() ? MigrationResult.QUEUED : i.stepId(), 1L, Long::sum)));
        return steps;
    }

    /** The catalog as of now. */
    private JourneyCatalog catalog() {
        return context.catalog();
    }
}
