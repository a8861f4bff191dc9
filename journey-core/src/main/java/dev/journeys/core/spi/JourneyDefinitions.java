package dev.journeys.core.spi;

import dev.journeys.core.JourneyDefinition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The definition capability of a store: the published journey versions, each journey's status and
 * the saved drafts, so that a publish, pause, resume, stop or draft made on one engine survives a
 * restart and is seen by every engine sharing the store. The engine records what it publishes and
 * changes here first and loads everything from here when it is built and when it refreshes
 * ({@code JourneyEngine.refreshDefinitions}).
 *
 * <ul>
 *   <li>A recorded version is frozen: another definition under the same journey id and version is
 *       refused; the same definition again does nothing.</li>
 *   <li>A status write is compare-and-set on its {@linkplain RecordedStatus#revision() revision},
 *       so of two engines changing one journey's status at once, one wins and the other sees the
 *       winner's status before trying again.</li>
 *   <li>A journey has at most one draft; saving one replaces it.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public interface JourneyDefinitions {

    /**
     * Records a published journey version, unless the same definition is recorded already.
     *
     * @param journey the version, valid
     * @param publishedAt when it was published, on the publishing engine's clock
     * @return true if this call recorded it, false if the same definition was recorded before
     * @throws IllegalStateException if another definition is recorded under the journey's id and
     *     version, naming the journey and version
     * @throws IllegalArgumentException if the store cannot hold the definition, saying why
     */
    boolean recordVersion(JourneyDefinition journey, Instant publishedAt);

    /**
     * Returns every recorded version, by journey id and then version, oldest first.
     *
     * @return the versions
     */
    List<JourneyDefinition> versions();

    /**
     * Returns a journey's recorded status, if one was recorded.
     *
     * @param journeyId the journey
     * @return the status; empty for a journey never paused, stopped or completed (then it is live
     *     if published)
     */
    Optional<RecordedStatus> status(String journeyId);

    /**
     * Returns the recorded status of every journey that has one, by journey id.
     *
     * @return the statuses
     */
    List<RecordedStatus> statuses();

    /**
     * Records a journey's status if its revision follows the stored one: revision 1 when none is
     * stored, else the stored revision plus one (compare-and-set).
     *
     * @param status the new status
     * @return true if it was written, false if the stored revision was another (nothing changed)
     */
    boolean saveStatus(RecordedStatus status);

    /**
     * Saves a draft, replacing the journey's draft if it has one. A draft may have problems.
     *
     * @param draft the draft
     * @throws IllegalArgumentException if the store cannot hold the definition, saying why
     */
    void saveDraft(JourneyDefinition draft);

    /**
     * Returns a journey's saved draft.
     *
     * @param journeyId the journey
     * @return the draft, or empty if it has none
     */
    Optional<JourneyDefinition> draft(String journeyId);

    /**
     * Deletes a journey's draft if its version is at most the one given: the draft of that version
     * was published, or an older one became pointless. A draft of a higher version is kept.
     *
     * @param journeyId the journey
     * @param upToVersion the highest version to delete
     */
    void deleteDraft(String journeyId, int upToVersion);
}
