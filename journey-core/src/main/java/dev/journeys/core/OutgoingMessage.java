package dev.journeys.core;

import java.time.Instant;
import java.util.Objects;

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
 */
public record OutgoingMessage(IdempotencyKey key, String channel, String message, String purpose, Attributes data,
                              Instant decidedAt) implements Effect {

    /** Checks the components. */
    public OutgoingMessage {
        Objects.requireNonNull(key, "key");
        Ids.requireText(channel, "channel");
        Ids.requireText(message, "message");
        Ids.requireText(purpose, "purpose");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /**
     * Returns the message id: the text the channel reports interactions with
     * ({@link Event#interaction}) so the engine can correlate them.
     */
    public String messageId() {
        return key.toString();
    }

    /** Returns the contact the message is for. */
    public String contactId() {
        return key.contactId();
    }
}
