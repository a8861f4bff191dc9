package dev.journeys.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The governance of one journey: who may enter (again, and how fast), how often it may message a
 * contact, when it stays quiet, what pauses it, whom it leaves out and whom it must not message.
 *
 * <pre>{@code
 * JourneyPolicies.defaults()
 *         .withReentry(ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24)))
 *         .withCap(FrequencyCap.of(1, Duration.ofDays(1)))
 *         .withExclusion(Condition.attribute("employee").is(true))
 *         .withSuppression(Condition.attribute("complaintOpen").is(true))
 *         .withEntryRateLimit(EntryRateLimit.of(100, Duration.ofMinutes(1)));
 * }</pre>
 *
 * <p>Exclusions and suppressions are conditions on the contact (attributes, or a
 * {@link Condition.Custom} predicate backed by the host's own segment): an <em>excluded</em>
 * contact cannot enter, and one who becomes excluded leaves at the next step it reaches
 * ({@link ExitCause#EXCLUDED}); a <em>suppressed</em> contact goes along the path but is sent
 * nothing ({@link SkipReason#SUPPRESSED}), checked when the send step is reached and again right
 * before the channel is called.
 *
 * <p>Immutable and thread-safe.
 *
 * @param reentry when a contact may enter again
 * @param caps frequency caps that count only this journey's sends
 * @param quietHours this journey's quiet hours, which replace the engine's; empty to use the engine's
 * @param pausing the triggers that pause and resume instances
 * @param exclusions conditions on the contact; a contact for whom any holds cannot enter, or leaves
 * @param suppression conditions on the contact; a contact for whom any holds is sent nothing
 * @param entryRateLimit how many contacts may enter per unit of time, if limited
 * @param triggerFields the fields of the entry event's payload an instance keeps, to pass to its
 *     messages and actions ({@link OutgoingMessage#data()}); none by default, so a waiting contact
 *     costs no more than its position
 */
public record JourneyPolicies(ReentryRule reentry, List<FrequencyCap> caps, Optional<QuietHours> quietHours,
                              Pausing pausing, List<Condition> exclusions, List<Condition> suppression,
                              Optional<EntryRateLimit> entryRateLimit, List<String> triggerFields) {

    /** Checks and copies the components. */
    public JourneyPolicies {
        Objects.requireNonNull(reentry, "reentry");
        caps = List.copyOf(caps);
        Objects.requireNonNull(quietHours, "quietHours");
        Objects.requireNonNull(pausing, "pausing");
        exclusions = List.copyOf(exclusions);
        suppression = List.copyOf(suppression);
        Objects.requireNonNull(entryRateLimit, "entryRateLimit");
        triggerFields = List.copyOf(triggerFields);
    }

    /**
     * Returns the defaults: re-entry after exit, no caps, the engine's quiet hours, no pausing, no
     * exclusion, no suppression, no entry rate limit, no trigger fields kept.
     */
    public static JourneyPolicies defaults() {
        return new JourneyPolicies(ReentryRule.afterExit(), List.of(), Optional.empty(), Pausing.none(), List.of(),
                List.of(), Optional.empty(), List.of());
    }

    /** Returns a copy with this re-entry rule. */
    public JourneyPolicies withReentry(ReentryRule rule) {
        return new JourneyPolicies(rule, caps, quietHours, pausing, exclusions, suppression, entryRateLimit,
                triggerFields);
    }

    /** Returns a copy with one more cap. */
    public JourneyPolicies withCap(FrequencyCap cap) {
        return new JourneyPolicies(reentry, plus(caps, cap, "cap"), quietHours, pausing, exclusions, suppression,
                entryRateLimit, triggerFields);
    }

    /** Returns a copy with these caps added. */
    public JourneyPolicies withCaps(List<FrequencyCap> more) {
        JourneyPolicies policies = this;
        for (FrequencyCap cap : more) {
            policies = policies.withCap(cap);
        }
        return policies;
    }

    /** Returns a copy with these quiet hours. */
    public JourneyPolicies withQuietHours(QuietHours hours) {
        return new JourneyPolicies(reentry, caps, Optional.of(Objects.requireNonNull(hours, "quietHours")), pausing,
                exclusions, suppression, entryRateLimit, triggerFields);
    }

    /** Returns a copy with this pausing. */
    public JourneyPolicies withPausing(Pausing pausing) {
        return new JourneyPolicies(reentry, caps, quietHours, pausing, exclusions, suppression, entryRateLimit,
                triggerFields);
    }

    /** Returns a copy with one more exclusion: contacts for whom it holds cannot enter, and leave. */
    public JourneyPolicies withExclusion(Condition exclusion) {
        return new JourneyPolicies(reentry, caps, quietHours, pausing, plus(exclusions, exclusion, "exclusion"),
                suppression, entryRateLimit, triggerFields);
    }

    /** Returns a copy with one more suppression: contacts for whom it holds are sent nothing. */
    public JourneyPolicies withSuppression(Condition suppressed) {
        return new JourneyPolicies(reentry, caps, quietHours, pausing, exclusions,
                plus(suppression, suppressed, "suppression"), entryRateLimit, triggerFields);
    }

    /** Returns a copy with this entry rate limit. */
    public JourneyPolicies withEntryRateLimit(EntryRateLimit limit) {
        return new JourneyPolicies(reentry, caps, quietHours, pausing, exclusions, suppression,
                Optional.of(Objects.requireNonNull(limit, "entryRateLimit")), triggerFields);
    }

    /**
     * Returns a copy that keeps these fields of the entry event's payload for the instance's
     * messages and actions, such as the {@code items} of a {@code checkout.abandoned} event.
     */
    public JourneyPolicies withTriggerFields(List<String> fields) {
        return new JourneyPolicies(reentry, caps, quietHours, pausing, exclusions, suppression, entryRateLimit,
                fields);
    }

    private static <T> List<T> plus(List<T> list, T item, String what) {
        List<T> all = new ArrayList<>(list);
        all.add(Objects.requireNonNull(item, what));
        return all;
    }
}
