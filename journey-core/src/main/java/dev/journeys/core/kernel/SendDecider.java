package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.QuietHours;
import dev.journeys.core.SendPreview;
import dev.journeys.core.SendPreview.Check;
import dev.journeys.core.SendPreview.Outcome;
import dev.journeys.core.SentRecord;
import dev.journeys.core.SkipReason;
import dev.journeys.core.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a send step does for a contact now: the content, the channel, and whether
 * suppression, consent, quiet hours and frequency caps let it go, in that order. Used by the
 * evaluator to run the step and by previews to explain it, so both always agree. Pure. Package-private.
 */
final class SendDecider {

    private SendDecider() {
    }

    /**
     * What a send step does.
     *
     * @param outcome send, skip, defer or exit
     * @param skipReason why it is skipped, or {@code null}
     * @param message the message after conditional content
     * @param variant the condition of the variant chosen, or {@code null}
     * @param channel the channel
     * @param until until when it is held, or {@code null}
     * @param why the rule that stopped or held it, in words; {@code null} when it is sent or when
     *     a skip is not explained
     * @param checks every rule with its verdict, when explained; else empty
     */
    record Decision(Outcome outcome, SkipReason skipReason, String message, Condition variant, String channel,
                    Instant until, String why, List<Check> checks) {
    }

    /**
     * A cap and the sends it counts: those of one journey, or of all ({@code journeyId} null).
     *
     * @param cap the cap
     * @param journeyId the journey whose sends it counts, or {@code null} for all
     */
    private record CapHit(FrequencyCap cap, String journeyId) {
        boolean counts(SentRecord sent, long nowMillis) {
            return sent.atMillis() > nowMillis - cap.window().toMillis() && cap.counts(sent.channel(), sent.category())
                    && (journeyId == null || journeyId.equals(sent.journeyId()));
        }
    }

    /**
     * Decides a send.
     *
     * @param catalog the published journeys and the engine's rules
     * @param journey the journey of the step
     * @param send the step
     * @param subject the contact, with the withdrawals the engine recorded, and what conditions ask about
     * @param facts the instance's fact bits
     * @param entryData the fields the instance kept of its entry trigger, read by payload tests of content variants
     * @param sendLog the contact's send log, oldest first
     * @param now the engine's time
     * @param reachedAt when the contact first reached the step (earlier than now for a held send)
     * @param explain whether to explain every rule (a preview, or a listener wants step outcomes)
     * @return the decision
     */
    static Decision decide(JourneyCatalog catalog, CompiledJourney journey, Step.Send send, Subject subject,
                           long facts, Attributes entryData, List<SentRecord> sendLog, Instant now, Instant reachedAt,
                           boolean explain) {
        Contact contact = subject.contact();
        String message = send.message();
        Condition variant = null;
        for (ContentVariant candidate : send.variants()) {
            if (Conditions.test(candidate.when(), subject, entryData, journey, facts)) {
                message = candidate.message();
                variant = candidate.when();
                break;
            }
        }
        String channel = send.channel().channelFor(contact, send.purpose());
        List<Check> checks = explain ? new ArrayList<>(4) : List.of();
        Decision first = governance(catalog, journey, subject, channel, send.purpose(), message, variant, now, reachedAt,
                checks, explain);
        if (first != null && !explain) {
            return first;
        }

        Optional<CapHit> hit = reachedCap(catalog, journey, channel, send.category(), sendLog, now.toEpochMilli());
        if (hit.isPresent()) {
            FrequencyCap cap = hit.get().cap();
            Decision capped = switch (cap.whenReached()) {
                case EXIT -> new Decision(Outcome.EXIT, null, message, variant, channel, null,
                        "cap reached at '" + message + "': " + cap, checks);
                case DEFER -> {
                    Instant room = roomAt(hit.get(), sendLog, now.toEpochMilli());
                    yield room.isAfter(reachedAt.plus(cap.maxDeferral()))
                            ? new Decision(Outcome.SKIP, SkipReason.CAPPED, message, variant, channel, null,
                            "cap reached, " + cap + "; room only at " + room, checks)
                            : new Decision(Outcome.DEFER, null, message, variant, channel, room, cap.toString(), checks);
                }
                case SKIP -> new Decision(Outcome.SKIP, SkipReason.CAPPED, message, variant, channel, null,
                        "cap reached, " + cap, checks);
            };
            if (first == null) {
                first = capped;
            }
            if (explain) {
                checks.add(new Check("frequency caps", false, capped.why()));
            }
        } else if (explain) {
            checks.add(new Check("frequency caps", true, "within every cap"));
        }
        return first != null ? first
                : new Decision(Outcome.SEND, null, message, variant, channel, null, null, checks);
    }

    /**
     * The rules that may change between a send's decision and its provider call, in the order a
     * send step applies them: a suppression, consent to the channel for the purpose, quiet hours
     * (held until they end, or skipped if that is later than their maximum deferral after
     * {@code reachedAt}). Returns the decision of the first that stops or holds the message, or
     * null if none does; when explaining, adds every rule's verdict to {@code checks}.
     */
    static Decision governance(JourneyCatalog catalog, CompiledJourney journey, Subject subject, String channel,
                               String purpose, String message, Condition variant, Instant now, Instant reachedAt,
                               List<Check> checks, boolean explain) {
        Contact contact = subject.contact();
        Decision first = null;
        Optional<Condition> suppression = catalog.suppressionOf(journey.definition(), subject);
        if (suppression.isPresent()) {
            first = new Decision(Outcome.SKIP, SkipReason.SUPPRESSED, message, variant, channel, null,
                    explain ? "suppressed: " + suppression.get() : null, checks);
        }
        if (explain) {
            checks.add(new Check("suppression", suppression.isEmpty(), suppression.map(c -> "suppressed: " + c)
                    .orElse("no suppression holds")));
        }
        if (first != null && !explain) {
            return first;
        }

        boolean consented = contact.hasConsented(channel, purpose);
        String consent = explain || !consented ? "consent to " + channel + " for " + purpose : null;
        if (!consented && first == null) {
            first = new Decision(Outcome.SKIP, SkipReason.NO_CONSENT, message, variant, channel, null,
                    "no " + consent, checks);
        }
        if (explain) {
            checks.add(new Check("consent", consented, (consented ? "has " : "no ") + consent));
        }
        if (first != null && !explain) {
            return first;
        }

        Optional<QuietHours> quiet = catalog.quietHoursOf(journey.definition());
        if (quiet.isPresent() && quiet.get().contains(now, contact.zone())) {
            Instant end = quiet.get().endAfter(now, contact.zone());
            boolean tooLong = end.isAfter(reachedAt.plus(quiet.get().maxDeferral()));
            String why = tooLong ? quiet.get() + " would hold it until " + end + ", longer than "
                    + quiet.get().maxDeferral() : quiet.get().toString();
            if (first == null) {
                first = tooLong
                        ? new Decision(Outcome.SKIP, SkipReason.QUIET_HOURS, message, variant, channel, null, why, checks)
                        : new Decision(Outcome.DEFER, null, message, variant, channel, end, why, checks);
            }
            if (explain) {
                checks.add(new Check("quiet hours", false, tooLong ? why : "inside " + why + ", held until " + end));
            }
        } else if (explain) {
            checks.add(new Check("quiet hours", true, quiet.map(q -> "outside " + q).orElse("no quiet hours")));
        }
        return first;
    }

    /** Returns the first cap, engine-wide then the journey's own, that a send would exceed. */
    private static Optional<CapHit> reachedCap(JourneyCatalog catalog, CompiledJourney journey, String channel,
                                               MessageCategory category, List<SentRecord> sendLog, long nowMillis) {
        for (FrequencyCap cap : catalog.engineCaps()) {
            CapHit hit = new CapHit(cap, null);
            if (cap.counts(channel, category) && sentWithin(hit, sendLog, nowMillis) >= cap.maxSends()) {
                return Optional.of(hit);
            }
        }
        for (FrequencyCap cap : journey.definition().caps()) {
            CapHit hit = new CapHit(cap, journey.id());
            if (cap.counts(channel, category) && sentWithin(hit, sendLog, nowMillis) >= cap.maxSends()) {
                return Optional.of(hit);
            }
        }
        return Optional.empty();
    }

    /** Counts the logged sends a cap sees in its window (now - window, now]. */
    private static int sentWithin(CapHit cap, List<SentRecord> sendLog, long nowMillis) {
        int count = 0;
        for (SentRecord sent : sendLog) {
            if (cap.counts(sent, nowMillis)) {
                count++;
            }
        }
        return count;
    }

    /** Returns the first instant at which a reached cap's window has room for one more send. */
    private static Instant roomAt(CapHit hit, List<SentRecord> sendLog, long nowMillis) {
        List<Long> counted = new ArrayList<>();
        for (SentRecord sent : sendLog) {
            if (hit.counts(sent, nowMillis)) {
                counted.add(sent.atMillis());
            }
        }
        // The window has room once all but maxSends - 1 of these left it; the log is oldest first.
        return Instant.ofEpochMilli(counted.get(counted.size() - hit.cap().maxSends()) + hit.cap().window().toMillis());
    }

    /** Turns a decision into a preview for a reviewer. */
    static SendPreview preview(Decision decision, String contactId, String journeyId, Step.Send send,
                               dev.journeys.core.Attributes fields, Instant now) {
        return new SendPreview(contactId, journeyId, send.id(), decision.message(), Optional.ofNullable(decision.variant()),
                decision.channel(), send.purpose(), fields, decision.checks(), decision.outcome(),
                Optional.ofNullable(decision.skipReason()), Optional.ofNullable(decision.until()), now);
    }
}
