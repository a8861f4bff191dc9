package dev.journeys.flink;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.dsl.json.JourneyJson;

import java.util.Objects;
import java.util.Optional;

/**
 * A change to the journeys a running job runs, sent on its definitions stream: a journey version
 * published, or a journey's lifecycle changed (paused, resumed, stopped). The stream is broadcast
 * to every parallel part of the job, so the change reaches every contact; contacts already in a
 * journey finish on the version they entered, as in the in-process engine.
 *
 * <pre>{@code
 * definitions.add(DefinitionChange.publish(brewBetterAtHome));              // or publish(jsonText)
 * definitions.add(DefinitionChange.status("brew-better", JourneyStatus.PAUSED, "stock check"));
 * }</pre>
 *
 * <p>A version is kept as its JSON document (the library's journey format), so a definition that
 * JSON cannot express (a {@code Condition.custom}, Java code) cannot be sent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param document for a publication, the version's JSON document
 * @param status for a lifecycle change, the journey's new state
 * @param reason for a lifecycle change, why (kept for a stop, as the detail of the exits it causes)
 */
public record DefinitionChange(String journeyId, Optional<String> document, Optional<JourneyStatus> status,
                               String reason) {

    /** Checks that it is either a publication or a lifecycle change, and reads a publication's document. */
    public DefinitionChange {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (document.isPresent() == status.isPresent()) {
            throw new IllegalArgumentException("a definition change of journey '" + journeyId
                    + "' is either a document to publish or a new status, not " + (document.isPresent() ? "both"
                    : "neither"));
        }
        String documented = document.map(text -> definition(text).id()).orElse(journeyId);
        if (!documented.equals(journeyId)) {
            throw new IllegalArgumentException("the document published as journey '" + journeyId + "' is of journey '"
                    + documented + "'");
        }
    }

    /**
     * Returns the publication of a journey version.
     *
     * @param journey the version
     * @return the change
     * @throws IllegalArgumentException if JSON cannot express the journey (a custom condition)
     */
    public static DefinitionChange publish(JourneyDefinition journey) {
        return publish(JourneyJson.write(journey));
    }

    /**
     * Returns the publication of a journey version given as its JSON document.
     *
     * @param document the version in the library's JSON format
     * @return the change
     * @throws dev.journeys.dsl.json.JourneyJsonException if the document is not a journey
     */
    public static DefinitionChange publish(String document) {
        return new DefinitionChange(definition(document).id(), Optional.of(document), Optional.empty(), "published");
    }

    /**
     * Returns a lifecycle change.
     *
     * @param journeyId the journey
     * @param status its new state: {@link JourneyStatus#PAUSED}, {@link JourneyStatus#LIVE} (resumed) or
     *     {@link JourneyStatus#STOPPED}
     * @param reason why
     * @return the change
     */
    public static DefinitionChange status(String journeyId, JourneyStatus status, String reason) {
        return new DefinitionChange(journeyId, Optional.empty(), Optional.of(status), reason);
    }

    /** Returns the published version, read from its document. */
    JourneyDefinition definition() {
        return definition(document.orElseThrow(() -> new IllegalStateException("a status change has no document")));
    }

    private static JourneyDefinition definition(String document) {
        return JourneyJson.read(document);
    }
}
