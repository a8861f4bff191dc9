package dev.journeys.flink;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.validation.JourneyValidator;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeutils.base.StringSerializer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journeys a job runs, kept in Flink broadcast state (so every parallel part of the job holds
 * the same, and a restore brings them back): each published version under
 * {@code version/<journey>/<version>}, each journey's last lifecycle change under
 * {@code status/<journey>}. A change is checked before it is kept: a version must be valid and new,
 * a status change must be one the journey's lifecycle allows.
 */
final class JourneyCatalogState {

    /** The broadcast state's descriptor: the job broadcasts its definitions stream with it. */
    static final MapStateDescriptor<String, DefinitionChange> DESCRIPTOR = new MapStateDescriptor<>(
            "journey-definitions", StringSerializer.INSTANCE, DefinitionChangeSerializer.INSTANCE);

    private static final String VERSION = "version/";
    private static final String STATUS = "status/";

    private JourneyCatalogState() {
    }

    /**
     * Checks a change against the journeys kept and keeps it.
     *
     * @return why it was refused, or empty if it was kept
     */
    static Optional<String> apply(BroadcastState<String, DefinitionChange> state, DefinitionChange change)
            throws Exception {
        JourneyCatalog current = read(state);
        if (change.document().isPresent()) {
            JourneyDefinition journey = change.definition();
            List<String> problems = JourneyValidator.validate(journey).stream()
                    .filter(ValidationProblem::isError).map(ValidationProblem::message).toList();
            if (!problems.isEmpty()) {
                return Optional.of("version " + journey.version() + " of journey '" + journey.id() + "' is not valid: "
                        + String.join("; ", problems));
            }
            if (journey.policies().entryRateLimit().isPresent()) {
                return Optional.of("journey '" + journey.id() + "' has an entry rate limit, which the Flink host does"
                        + " not run: the limit is shared by all contacts, and the job's parts each see only theirs");
            }
            if (current.status(journey.id()).filter(status -> status == JourneyStatus.STOPPED).isPresent()) {
                return Optional.of("journey '" + journey.id() + "' is STOPPED, which is final; publish it under another"
                        + " id to run it again");
            }
            if (current.version(journey.id(), journey.version()) != null) {
                return Optional.of("version " + journey.version() + " of journey '" + journey.id()
                        + "' is already published; publish a higher version");
            }
            state.put(VERSION + journey.id() + "/" + journey.version(), change);
            if (current.is(journey.id(), JourneyStatus.COMPLETED)) {
                state.remove(STATUS + journey.id()); // a new version of a completed journey is live again
            }
            return Optional.empty();
        }
        JourneyStatus next = change.status().orElseThrow();
        Optional<JourneyStatus> now = current.status(change.journeyId());
        if (now.isEmpty()) {
            return Optional.of("no journey '" + change.journeyId() + "' is published");
        }
        if (!now.get().next().contains(next)) {
            return Optional.of("journey '" + change.journeyId() + "' cannot go from " + now.get() + " to " + next);
        }
        state.put(STATUS + change.journeyId(), change);
        return Optional.empty();
    }

    /** Returns the catalog of the journeys kept: every version published, each journey's status. */
    static JourneyCatalog read(ReadOnlyBroadcastState<String, DefinitionChange> state) throws Exception {
        List<DefinitionChange> versions = new ArrayList<>();
        List<DefinitionChange> statuses = new ArrayList<>();
        for (Map.Entry<String, DefinitionChange> entry : state.immutableEntries()) {
            (entry.getKey().startsWith(VERSION) ? versions : statuses).add(entry.getValue());
        }
        List<JourneyDefinition> definitions = new ArrayList<>(versions.size());
        for (DefinitionChange version : versions) {
            definitions.add(version.definition());
        }
        definitions.sort(Comparator.comparing(JourneyDefinition::id).thenComparingInt(JourneyDefinition::version));
        JourneyCatalog catalog = JourneyCatalog.empty();
        for (JourneyDefinition definition : definitions) {
            catalog = catalog.with(definition);
        }
        for (DefinitionChange status : statuses) {
            catalog = catalog.withStatus(status.journeyId(), status.status().orElseThrow(), status.reason());
        }
        return catalog;
    }
}
