package dev.journeys.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The governance of one journey: who may enter again, how often it may message a contact, when
 * it stays quiet, and what pauses it.
 *
 * <pre>{@code
 * JourneyPolicies.defaults()
 *         .withReentry(ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24)))
 *         .withCap(FrequencyCap.of(1, Duration.ofDays(1)));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param reentry when a contact may enter again
 * @param caps frequency caps that count only this journey's sends
 * @param quietHours this journey's quiet hours, which replace the engine's; empty to use the engine's
 * @param pausing the triggers that pause and resume instances
 */
public record JourneyPolicies(ReentryRule reentry, List<FrequencyCap> caps, Optional<QuietHours> quietHours,
                              Pausing pausing) {

    /** Checks and copies the components. */
    public JourneyPolicies {
        Objects.requireNonNull(reentry, "reentry");
        caps = List.copyOf(caps);
        Objects.requireNonNull(quietHours, "quietHours");
        Objects.requireNonNull(pausing, "pausing");
    }

    /** Returns the defaults: re-entry after exit, no caps, the engine's quiet hours, no pausing. */
    public static JourneyPolicies defaults() {
        return new JourneyPolicies(ReentryRule.afterExit(), List.of(), Optional.empty(), Pausing.none());
    }

    /** Returns a copy with this re-entry rule. */
    public JourneyPolicies withReentry(ReentryRule rule) {
        return new JourneyPolicies(rule, caps, quietHours, pausing);
    }

    /** Returns a copy with one more cap. */
    public JourneyPolicies withCap(FrequencyCap cap) {
        List<FrequencyCap> all = new java.util.ArrayList<>(caps);
        all.add(Objects.requireNonNull(cap, "cap"));
        return new JourneyPolicies(reentry, all, quietHours, pausing);
    }

    /** Returns a copy with these quiet hours. */
    public JourneyPolicies withQuietHours(QuietHours hours) {
        return new JourneyPolicies(reentry, caps, Optional.of(Objects.requireNonNull(hours, "quietHours")), pausing);
    }

    /** Returns a copy with this pausing. */
    public JourneyPolicies withPausing(Pausing pausing) {
        return new JourneyPolicies(reentry, caps, quietHours, pausing);
    }
}
