package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a send step would do for one contact if it ran now, and why: the message after conditional
 * content, the channel, the personalisation fields, and whether consent, suppression, quiet hours
 * and frequency caps would let it go. Made by {@link JourneyEngine#preview}; nothing is sent or
 * changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contactId the contact
 * @param journeyId the journey
 * @param stepId the send step
 * @param message the message that would be sent, after conditional content
 * @param variant the condition of the content variant chosen, or empty for the step's own message
 * @param channel the channel it would go on
 * @param purpose the purpose consent is needed for
 * @param fields the personalisation fields passed to the channel: the trigger fields the
 *     contact's instance kept (none if the contact is not in the journey), then the contact
 *     attributes the send names with {@code withFields}
 * @param checks every rule checked, in the order the engine applies them
 * @param outcome what would happen
 * @param skipReason why it would be skipped, for {@link Outcome#SKIP}
 * @param heldUntil until when it would be held, for {@link Outcome#DEFER}
 * @param at the engine time the preview was made for
 */
public record SendPreview(String contactId, String journeyId, String stepId, String message,
                          Optional<Condition> variant, String channel, String purpose, Attributes fields,
                          List<Check> checks, Outcome outcome, Optional<SkipReason> skipReason,
                          Optional<Instant> heldUntil, Instant at) {

    /** What would happen to the send. */
    public enum Outcome {
        /** It would go out now. */
        SEND,
        /** It would be skipped and the contact would go on. */
        SKIP,
        /** The contact would wait at the send until {@link #heldUntil()}. */
        DEFER,
        /** The instance would end (a cap whose rule is to exit). */
        EXIT
    }

    /**
     * One rule checked for the send.
     *
     * @param rule the rule: {@code consent}, {@code suppression}, {@code quiet hours} or {@code frequency caps}
     * @param passes whether it lets the send go now
     * @param detail why, in words
     */
    public record Check(String rule, boolean passes, String detail) {
        /** Checks the components. */
        public Check {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Checks and copies the components. */
    public SendPreview {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(fields, "fields");
        checks = List.copyOf(checks);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(skipReason, "skipReason");
        Objects.requireNonNull(heldUntil, "heldUntil");
        Objects.requireNonNull(at, "at");
    }

    /** Returns the preview as a few lines of text, for a reviewer. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(journeyId).append(" [").append(stepId).append("] for ").append(contactId).append(" at ").append(at)
                .append(": ").append(outcome).append(skipReason.map(r -> " (" + r + ")").orElse(""))
                .append(heldUntil.map(t -> " until " + t).orElse("")).append('\n')
                .append("  message '").append(message).append("'")
                .append(variant.map(v -> " (variant for " + v + ")").orElse(" (default content)"))
                .append(" on ").append(channel).append(" for ").append(purpose).append('\n');
        if (!fields.asMap().isEmpty()) {
            text.append("  fields ").append(fields.asMap()).append('\n');
        }
        for (Check check : checks) {
            text.append("  ").append(check.passes() ? "ok   " : "stop ").append(check.rule()).append(": ")
                    .append(check.detail()).append('\n');
        }
        return text.toString();
    }
}
