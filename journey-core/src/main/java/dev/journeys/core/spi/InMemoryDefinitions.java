package dev.journeys.core.spi;

import dev.journeys.core.JourneyDefinition;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@link JourneyDefinitions} of the {@link InMemoryJourneyStore}: versions, statuses and
 * drafts in concurrent maps. Thread-safe; status writes are compare-and-set through the map's
 * atomic {@code compute}.
 */
final class InMemoryDefinitions implements JourneyDefinitions {

    private static final Comparator<JourneyDefinition> BY_ID_THEN_VERSION =
            Comparator.comparing(JourneyDefinition::id).thenComparingInt(JourneyDefinition::version);

    private final ConcurrentMap<String, JourneyDefinition> versions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RecordedStatus> statuses = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, JourneyDefinition> drafts = new ConcurrentHashMap<>();

    @Override
    public boolean recordVersion(JourneyDefinition journey, Instant publishedAt) {
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(publishedAt, "publishedAt");
        JourneyDefinition recorded = versions.putIfAbsent(journey.id() + "\0" + journey.version(), journey);
        if (recorded == null) {
            return true;
        }
        if (!recorded.equals(journey)) {
            throw frozen(journey, "this store");
        }
        return false;
    }

    /** The refusal of another definition under a recorded version; {@code where} names the store. */
    static IllegalStateException frozen(JourneyDefinition journey, String where) {
        return new IllegalStateException("journey '" + journey.id() + "' version " + journey.version()
                + " is already published in " + where + " with another definition; a published version is frozen:"
                + " publish the change as a higher version");
    }

    @Override
    public List<JourneyDefinition> versions() {
        return versions.values().stream().sorted(BY_ID_THEN_VERSION).toList();
    }

    @Override
    public Optional<RecordedStatus> status(String journeyId) {
        return Optional.ofNullable(statuses.get(Objects.requireNonNull(journeyId, "journeyId")));
    }

    @Override
    public List<RecordedStatus> statuses() {
        return statuses.values().stream().sorted(Comparator.comparing(RecordedStatus::journeyId)).toList();
    }

    @Override
    public boolean saveStatus(RecordedStatus status) {
        Objects.requireNonNull(status, "status");
        boolean[] written = {false};
        statuses.compute(status.journeyId(), (id, stored) -> {
            long storedRevision = stored == null ? 0 : stored.revision();
            if (storedRevision != status.revision() - 1) {
                return stored;
            }
            written[0] = true;
            return status;
        });
        return written[0];
    }

    @Override
    public void saveDraft(JourneyDefinition draft) {
        drafts.put(Objects.requireNonNull(draft, "draft").id(), draft);
    }

    @Override
    public Optional<JourneyDefinition> draft(String journeyId) {
        return Optional.ofNullable(drafts.get(Objects.requireNonNull(journeyId, "journeyId")));
    }

    @Override
    public void deleteDraft(String journeyId, int upToVersion) {
        drafts.computeIfPresent(Objects.requireNonNull(journeyId, "journeyId"),
                (id, draft) -> draft.version() <= upToVersion ? null : draft);
    }
}
