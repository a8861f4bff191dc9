package dev.journeys.core.internal;

import dev.journeys.core.Condition;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.QuietHours;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The governance set on the engine, which applies to every journey: caps that count all sends,
 * quiet hours for journeys that set none, and suppression conditions. Internal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param caps the caps that count the sends of every journey
 * @param quietHours the quiet hours of every journey that has none of its own
 * @param suppression conditions on the contact; a contact for whom any holds receives nothing
 */
public record EngineRules(List<FrequencyCap> caps, Optional<QuietHours> quietHours, List<Condition> suppression) {

    /** No caps, no quiet hours, no suppression. */
    public static final EngineRules NONE = new EngineRules(List.of(), Optional.empty(), List.of());

    /** Checks and copies the components. */
    public EngineRules {
        caps = List.copyOf(caps);
        Objects.requireNonNull(quietHours, "quietHours");
        suppression = List.copyOf(suppression);
    }
}
