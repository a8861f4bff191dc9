package dev.journeys.core.kernel;

import dev.journeys.core.Condition;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Segments;
import dev.journeys.core.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every published journey version, indexed for the evaluator: the newest version of each journey
 * (which new entries go to), every version by id and number (which in-flight instances finish
 * on), the journeys each event type can start, and the event types any journey reads at all.
 * Part of the kernel.
 *
 * <p>Immutable and thread-safe; publishing makes a new catalog.
 */
public final class JourneyCatalog {

    private static final JourneyCatalog EMPTY = new JourneyCatalog(Map.of(), EngineRules.NONE, Map.of());

    private final Map<String, Map<Integer, CompiledJourney>> versions;
    private final EngineRules engineRules;
    private final Map<String, JourneyStatus> statuses;
    private final Map<String, String> stopReasons = new HashMap<>();
    private boolean anyStopped;
    private final Set<String> historyTypes = new HashSet<>();
    private Duration historyWindow = Duration.ZERO;
    private boolean wholeHistory;
    private long longestCapWindowMillis;
    private final Map<String, CompiledJourney> newest = new LinkedHashMap<>();
    private final Map<String, List<CompiledJourney>> entriesByType = new HashMap<>();
    private final Set<String> eventTypes = new HashSet<>();

    private JourneyCatalog(Map<String, Map<Integer, CompiledJourney>> versions, EngineRules engineRules,
                           Map<String, JourneyStatus> statuses) {
        this.versions = versions;
        this.engineRules = engineRules;
        this.statuses = statuses;
        statuses.forEach((id, status) -> anyStopped |= status == JourneyStatus.STOPPED);
        engineRules.suppression().forEach(this::collectHistory);
        engineRules.segments().all().forEach(segment -> collectHistory(segment.definition()));
        eventTypes.add(InteractionTypes.UNSUBSCRIBED);
        eventTypes.add(InteractionTypes.CONSENT_GIVEN);
        engineRules.caps().forEach(cap -> longestCapWindowMillis = Math.max(longestCapWindowMillis, cap.window().toMillis()));
        versions.forEach((id, byVersion) -> {
            CompiledJourney latest = byVersion.values().stream()
                    .max((a, b) -> Integer.compare(a.version(), b.version())).orElseThrow();
            newest.put(id, latest);
            if (latest.definition().entry() instanceof dev.journeys.core.Entry.OnEvent onEvent) {
                entriesByType.computeIfAbsent(onEvent.trigger().eventType(), t -> new ArrayList<>()).add(latest);
            }
            byVersion.values().forEach(journey -> {
                collectEventTypes(journey.definition());
                ConditionWalk.of(journey.definition()).forEach(this::collectHistory);
                journey.definition().caps().forEach(cap ->
                        longestCapWindowMillis = Math.max(longestCapWindowMillis, cap.window().toMillis()));
            });
        });
        eventTypes.addAll(historyTypes); // recorded for history conditions even if no journey reacts to them
    }

    private void collectHistory(Condition condition) {
        ConditionWalk.walk(condition, part -> {
            if (part instanceof Condition.HadEvent had) {
                historyTypes.add(had.eventType());
                had.within().ifPresentOrElse(w -> historyWindow = w.compareTo(historyWindow) > 0 ? w : historyWindow,
                        () -> wholeHistory = true);
            }
        });
    }

    private void collectEventTypes(JourneyDefinition definition) {
        if (definition.entry() instanceof dev.journeys.core.Entry.OnEvent onEvent) {
            eventTypes.add(onEvent.trigger().eventType());
        }
        definition.exitTriggers().forEach(trigger -> eventTypes.add(trigger.eventType()));
        definition.goal().ifPresent(goal -> eventTypes.add(goal.trigger().eventType()));
        definition.pausing().pauseWhen().forEach(trigger -> eventTypes.add(trigger.eventType()));
        definition.pausing().resumeWhen().forEach(trigger -> eventTypes.add(trigger.eventType()));
        for (Step step : definition.steps()) {
            if (step instanceof Step.WaitForEvent wait) {
                eventTypes.add(wait.trigger().eventType());
            }
        }
        TrackedFact.of(definition).forEach(fact -> eventTypes.add(fact.eventType()));
    }

    /** Returns the catalog with no journeys. */
    public static JourneyCatalog empty() {
        return EMPTY;
    }

    /**
     * Returns a catalog with one more journey version; the definition must be valid.
     *
     * @param definition the version to add
     * @return the new catalog
     * @throws IllegalArgumentException if that version of the journey is already published
     */
    public JourneyCatalog with(JourneyDefinition definition) {
        Map<String, Map<Integer, CompiledJourney>> copy = new LinkedHashMap<>();
        versions.forEach((id, byVersion) -> copy.put(id, new LinkedHashMap<>(byVersion)));
        Map<Integer, CompiledJourney> byVersion = copy.computeIfAbsent(definition.id(), id -> new LinkedHashMap<>());
        if (byVersion.containsKey(definition.version())) {
            throw new IllegalArgumentException("version " + definition.version() + " of journey '"
                    + definition.id() + "' is already published; publish a higher version");
        }
        byVersion.put(definition.version(), new CompiledJourney(definition));
        Map<String, JourneyStatus> nextStatuses = new HashMap<>(statuses);
        // A new version of a completed segment journey may have a new schedule: it is live again.
        nextStatuses.merge(definition.id(), JourneyStatus.LIVE,
                (was, live) -> was == JourneyStatus.COMPLETED ? JourneyStatus.LIVE : was);
        JourneyCatalog next = new JourneyCatalog(copy, engineRules, Map.copyOf(nextStatuses));
        next.stopReasons.putAll(stopReasons);
        return next;
    }

    /**
     * Returns a catalog with this engine-wide governance.
     *
     * @param rules the engine's caps, quiet hours and suppression
     * @return the new catalog
     */
    public JourneyCatalog withEngineRules(EngineRules rules) {
        JourneyCatalog next = new JourneyCatalog(versions, Objects.requireNonNull(rules, "rules"), statuses);
        next.stopReasons.putAll(stopReasons);
        return next;
    }

    /**
     * Returns a catalog in which a published journey has another lifecycle state; the caller
     * checked the transition.
     *
     * @param journeyId a published journey
     * @param status its new state
     * @param detail why: kept for a stop, as the detail of the exits it causes
     * @return the new catalog
     */
    public JourneyCatalog withStatus(String journeyId, JourneyStatus status, String detail) {
        if (!versions.containsKey(journeyId)) {
            throw new IllegalArgumentException("no journey '" + journeyId + "' is published");
        }
        Map<String, JourneyStatus> nextStatuses = new HashMap<>(statuses);
        nextStatuses.put(journeyId, Objects.requireNonNull(status, "status"));
        JourneyCatalog next = new JourneyCatalog(versions, engineRules, Map.copyOf(nextStatuses));
        next.stopReasons.putAll(stopReasons);
        if (status == JourneyStatus.STOPPED) {
            next.stopReasons.put(journeyId, Objects.requireNonNull(detail, "detail"));
        }
        return next;
    }

    /** Returns whether any journey is stopped, so instances may have to be ended. */
    public boolean anyStopped() {
        return anyStopped;
    }

    /** Returns the reason a stopped journey was stopped with. */
    public String stopReason(String journeyId) {
        return stopReasons.getOrDefault(journeyId, "");
    }

    /** Returns the lifecycle state of a published journey, or empty if it is not published. */
    public Optional<JourneyStatus> status(String journeyId) {
        return Optional.ofNullable(statuses.get(journeyId));
    }

    /** Returns whether a published journey is in this state. */
    public boolean is(String journeyId, JourneyStatus status) {
        return statuses.get(journeyId) == status;
    }

    /** Returns the quiet hours a journey's sends keep: its own, else the engine's, if any. */
    public Optional<QuietHours> quietHoursOf(JourneyDefinition journey) {
        return journey.quietHours().or(engineRules::quietHours);
    }

    /**
     * Returns the suppression condition that holds for the contact, the engine's first, then the
     * journey's; empty if the contact may receive the journey's messages.
     */
    public Optional<Condition> suppressionOf(JourneyDefinition journey, Subject subject) {
        for (Condition condition : engineRules.suppression()) {
            if (Conditions.test(condition, subject, null, null, 0L)) {
                return Optional.of(condition);
            }
        }
        for (Condition condition : journey.policies().suppression()) {
            if (Conditions.test(condition, subject, null, null, 0L)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** Returns the segments conditions may refer to. */
    public Segments segments() {
        return engineRules.segments();
    }

    /** Returns the event types history conditions ask about; empty if none does. */
    public Set<String> historyTypes() {
        return historyTypes;
    }

    /**
     * Returns the earliest instant a history condition may look at, for a contact's events
     * loaded at {@code now}: {@link Instant#MIN} if one looks at the whole history.
     */
    public Instant historySince(Instant now) {
        return wholeHistory ? Instant.MIN : now.minus(historyWindow);
    }

    /** Returns the caps that count the sends of every journey. */
    public List<FrequencyCap> engineCaps() {
        return engineRules.caps();
    }

    /**
     * Returns the longest window of any cap, engine or journey, in milliseconds; 0 when there is
     * no cap, and then no send log is kept.
     */
    public long longestCapWindowMillis() {
        return longestCapWindowMillis;
    }

    /** Returns how long an effect just decided is held for the engine that decided it: its store's lease. */
    public java.time.Duration dispatchHold() {
        return engineRules.dispatchHold();
    }

    /** Returns the newest version of the journey, if it is published. */
    public Optional<CompiledJourney> newest(String journeyId) {
        return Optional.ofNullable(newest.get(journeyId));
    }

    /** Returns one version of a journey, or {@code null} if it is not published. */
    public CompiledJourney version(String journeyId, int version) {
        Map<Integer, CompiledJourney> byVersion = versions.get(journeyId);
        return byVersion == null ? null : byVersion.get(version);
    }

    /** Returns the journeys an event of the type may start. */
    public List<CompiledJourney> enteredBy(String eventType) {
        return entriesByType.getOrDefault(eventType, List.of());
    }

    /** Returns whether any journey reads events of the type. */
    public boolean reads(String eventType) {
        return eventTypes.contains(eventType);
    }

    /** Returns the newest version of every journey. */
    public Collection<CompiledJourney> journeys() {
        return newest.values();
    }
}
