package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message for a {@link dev.journeys.core.spi.MessageChannel} to deliver.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the effect's idempotency key
 * @param channel the channel's name, such as {@code email}
 * @param message the message (asset) to send, after conditional content was resolved
 * @param purpose what the message is for; the contact consented to the channel for it
 * @param data fields for personalising the message: the fields the journey keeps from the event
 *     that started the instance (such as the cart items of a {@code checkout.abandoned} event),
 *     then the contact attributes the send step names (such as {@code nearestStore})
 * @param decidedAt when the journey decided to send it
 * @param reachedAt when the contact reached the send step: {@code decidedAt}, or earlier if quiet
 *     hours or a cap held the send first; a retry that falls in quiet hours is held at most their
 *     maximum deferral after it, as the send step was
 */
public record OutgoingMessage(IdempotencyKey key, String channel, String message, String purpose, Attributes data,
                              Instant decidedAt, Instant reachedAt) implements Effect {

    /** What separates the key from the decision time in a {@linkplain #messageId() message id}. */
    private static final char SENT_AT = '@';

    /** Checks the components. */
    public OutgoingMessage {
        Objects.requireNonNull(key, "key");
        Ids.requireText(channel, "channel");
        Ids.requireText(message, "message");
        Ids.requireText(purpose, "purpose");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(reachedAt, "reachedAt");
        if (reachedAt.isAfter(decidedAt)) {
            throw new IllegalArgumentException("reachedAt " + reachedAt + " is after decidedAt " + decidedAt);
        }
    }

    /**
     * A message decided when the contact reached its send step.
     *
     * @param key the effect's idempotency key
     * @param channel the channel's name
     * @param message the message (asset) to send
     * @param purpose what the message is for
     * @param data fields for personalising the message
     * @param decidedAt when the journey decided to send it, and the contact reached the step
     */
    public OutgoingMessage(IdempotencyKey key, String channel, String message, String purpose, Attributes data,
                           Instant decidedAt) {
        this(key, channel, message, purpose, data, decidedAt, decidedAt);
    }

    /**
     * Returns the message id: the text the channel reports interactions with
     * ({@link Event#interaction}) so the engine can correlate them. It is the key's text, then
     * {@code '@'} and the epoch milliseconds of {@link #decidedAt()}, such as
     * {@code ana:brew-better:1:1:guide:1@1772442000000}: the engine counts no interaction dated
     * before the send it is about.
     */
    public String messageId() {
        return key.toString() + SENT_AT + decidedAt.toEpochMilli();
    }

    /**
     * Reads when a message was decided from its message id.
     *
     * @param messageId a message id, as {@link #messageId()} gives it
     * @return the instant, or empty if the id carries none (it is a bare key, or not a message id)
     */
    public static Optional<Instant> decidedAtOf(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        int at = messageId.lastIndexOf(SENT_AT);
        int colon = messageId.lastIndexOf(':');
        if (colon < 0 || at < colon || at == messageId.length() - 1) {
            return Optional.empty(); // an '@' before the key's last ':' is part of the key
        }
        long millis = 0;
        for (int i = at + 1; i < messageId.length(); i++) {
            char c = messageId.charAt(i);
            if (c < '0' || c > '9' || millis > (Long.MAX_VALUE - (c - '0')) / 10) {
                return Optional.empty();
            }
            millis = millis * 10 + (c - '0');
        }
        return Optional.of(Instant.ofEpochMilli(millis));
    }

    /** Returns the contact the message is for. */
    public String contactId() {
        return key.contactId();
    }
}
