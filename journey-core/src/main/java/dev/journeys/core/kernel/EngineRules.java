package dev.journeys.core.kernel;

import dev.journeys.core.Condition;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Segments;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is set on the engine for every journey: caps that count all sends, quiet hours for
 * journeys that set none, suppression conditions, and the segments conditions may refer to.
 * Part of the kernel.
 *
 * <p>Immutable and thread-safe.
 *
 * @param caps the caps that count the sends of every journey
 * @param quietHours the quiet hours of every journey that has none of its own
 * @param suppression conditions on the contact; a contact for whom any holds receives nothing
 * @param segments the segments
 * @param dispatchHold how long an effect just decided is held for the engine that decided it:
 *     its store's lease
 */
public record EngineRules(List<FrequencyCap> caps, Optional<QuietHours> quietHours, List<Condition> suppression,
                          Segments segments, java.time.Duration dispatchHold) {

    /** No caps, no quiet hours, no suppression, no segments; effects held for {@link dev.journeys.core.OutboxEntry#DISPATCH_LEASE}. */
    public static final EngineRules NONE = new EngineRules(List.of(), Optional.empty(), List.of(), Segments.none(),
            dev.journeys.core.OutboxEntry.DISPATCH_LEASE);

    /** Checks and copies the components. */
    public EngineRules {
        caps = List.copyOf(caps);
        Objects.requireNonNull(quietHours, "quietHours");
        suppression = List.copyOf(suppression);
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(dispatchHold, "dispatchHold");
    }
}
