package dev.journeys.core.validation;

import dev.journeys.core.Entry;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.internal.Ids;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.MessageAsset;
import dev.journeys.core.Segments;
import dev.journeys.core.ValidationReport;
import dev.journeys.core.engine.JourneyEngine;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a host declares exists, for {@link JourneyValidator#validate(JourneyDefinition, ValidationContext)}
 * to check a journey against: the channels and actions bound, the message assets, the event
 * types the host's application produces, the consent purposes, the segments, the engine's caps,
 * and the event types other journeys enter on.
 *
 * <p>Each catalogue is checked only when it was declared: {@link #none()} declares nothing, so a
 * journey checked against it gets only the checks that need no host (the ones the DSL's
 * {@code build()} runs). {@link JourneyEngine#publish} checks against what its builder was given.
 *
 * <pre>{@code
 * ValidationContext context = ValidationContext.none()
 *         .withChannels(List.of("email", "sms"))
 *         .withMessages(List.of("french-press-guide", "brew-tips"))
 *         .withMessagesOn("sms", List.of("teaser-short"))
 *         .withEventTypes(List.of("form.submitted", "purchase.completed"));
 * ValidationReport report = JourneyValidator.report(journey, context);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param channels the channels bound, or empty if every channel is (a default channel takes the rest)
 * @param actions the actions bound, or empty if not checked
 * @param messages the message assets, or empty if not checked
 * @param eventTypes the event types the host's application produces, or empty if not checked
 * @param consentPurposes the purposes contacts consent to, or empty if not checked
 * @param segments the segments and attribute types, or empty if not checked
 * @param engineCaps the caps that count the sends of every journey
 * @param journeyEntryTypes the event types that start some journey; they are produced by definition
 */
public record ValidationContext(Optional<Set<String>> channels, Optional<Set<String>> actions,
                                Optional<Set<MessageAsset>> messages, Optional<Set<String>> eventTypes,
                                Optional<Set<String>> consentPurposes, Optional<Segments> segments,
                                List<FrequencyCap> engineCaps, Set<String> journeyEntryTypes) {

    private static final ValidationContext NONE = new ValidationContext(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Set.of());

    /** Checks and copies the components, keeping the order the host declared things in. */
    public ValidationContext {
        channels = Objects.requireNonNull(channels, "channels").map(ValidationContext::copy);
        actions = Objects.requireNonNull(actions, "actions").map(ValidationContext::copy);
        messages = Objects.requireNonNull(messages, "messages").map(ValidationContext::copy);
        eventTypes = Objects.requireNonNull(eventTypes, "eventTypes").map(ValidationContext::copy);
        consentPurposes = Objects.requireNonNull(consentPurposes, "consentPurposes").map(ValidationContext::copy);
        Objects.requireNonNull(segments, "segments");
        engineCaps = List.copyOf(engineCaps);
        journeyEntryTypes = copy(journeyEntryTypes);
    }

    /** Returns a context that declares nothing: only the checks that need no host run. */
    public static ValidationContext none() {
        return NONE;
    }

    /** Returns a copy in which only these channels are bound, so a send on another is an error. */
    public ValidationContext withChannels(Collection<String> bound) {
        return new ValidationContext(Optional.of(texts(bound, "channel")), actions, messages, eventTypes,
                consentPurposes, segments, engineCaps, journeyEntryTypes);
    }

    /** Returns a copy in which only these actions are bound, so an action step running another is an error. */
    public ValidationContext withActions(Collection<String> bound) {
        return new ValidationContext(channels, Optional.of(texts(bound, "action")), messages, eventTypes,
                consentPurposes, segments, engineCaps, journeyEntryTypes);
    }

    /** Returns a copy that declares these message assets too, each for every channel. */
    public ValidationContext withMessages(Collection<String> ids) {
        return withAssets(texts(ids, "message").stream().map(MessageAsset::of).toList());
    }

    /** Returns a copy that declares these message assets too, each made for one channel only. */
    public ValidationContext withMessagesOn(String channel, Collection<String> ids) {
        Ids.requireText(channel, "channel");
        return withAssets(texts(ids, "message").stream().map(id -> MessageAsset.on(channel, id)).toList());
    }

    /** Returns a copy that declares these message assets too. */
    public ValidationContext withAssets(Collection<MessageAsset> assets) {
        return new ValidationContext(channels, actions, Optional.of(plus(messages, assets, "message asset")),
                eventTypes, consentPurposes, segments, engineCaps, journeyEntryTypes);
    }

    /** Returns a copy that declares these event types of the host's too. */
    public ValidationContext withEventTypes(Collection<String> types) {
        return new ValidationContext(channels, actions, messages,
                Optional.of(plus(eventTypes, texts(types, "event type"), "event type")), consentPurposes, segments,
                engineCaps, journeyEntryTypes);
    }

    /** Returns a copy that declares these consent purposes too. */
    public ValidationContext withConsentPurposes(Collection<String> purposes) {
        return new ValidationContext(channels, actions, messages, eventTypes,
                Optional.of(plus(consentPurposes, texts(purposes, "purpose"), "purpose")), segments, engineCaps,
                journeyEntryTypes);
    }

    /** Returns a copy with the segments and attribute types conditions and entries are checked against. */
    public ValidationContext withSegments(Segments defined) {
        return new ValidationContext(channels, actions, messages, eventTypes, consentPurposes,
                Optional.of(Objects.requireNonNull(defined, "segments")), engineCaps, journeyEntryTypes);
    }

    /** Returns a copy with the caps that count the sends of every journey. */
    public ValidationContext withEngineCaps(List<FrequencyCap> caps) {
        return new ValidationContext(channels, actions, messages, eventTypes, consentPurposes, segments, caps,
                journeyEntryTypes);
    }

    /** Returns a copy in which the event types these journeys enter on count as produced too. */
    public ValidationContext withJourneys(Collection<JourneyDefinition> journeys) {
        Set<String> types = new LinkedHashSet<>(journeyEntryTypes);
        for (JourneyDefinition journey : journeys) {
            if (journey.entry() instanceof Entry.OnEvent onEvent) {
                types.add(onEvent.trigger().eventType());
            }
        }
        return new ValidationContext(channels, actions, messages, eventTypes, consentPurposes, segments, engineCaps,
                types);
    }

    /** Returns whether a message asset with the id exists for the channel; true if no messages were declared. */
    public boolean hasMessage(String id, String channel) {
        return messages.map(assets -> assets.stream().anyMatch(a -> a.covers(id, channel))).orElse(true);
    }

    private static <T> Set<T> copy(Set<T> set) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    private static Set<String> texts(Collection<String> values, String what) {
        Objects.requireNonNull(values, what + "s");
        Set<String> all = new LinkedHashSet<>();
        values.forEach(value -> all.add(Ids.requireText(value, what)));
        return all;
    }

    private static <T> Set<T> plus(Optional<Set<T>> current, Collection<T> more, String what) {
        Set<T> all = new LinkedHashSet<>(current.orElse(Set.of()));
        more.forEach(item -> all.add(Objects.requireNonNull(item, what)));
        return all;
    }
}
