package dev.journeys.core.spi;

import dev.journeys.core.OutgoingMessage;

/**
 * Delivers messages on one channel (email, SMS, push, or any the host names).
 *
 * <p>The engine calls it for one contact at a time; calls for different contacts may come from
 * several threads at once, so an implementation must be thread-safe. A message may arrive twice
 * after a failure or a crash, always with the same {@linkplain OutgoingMessage#key() idempotency
 * key}: drop the second. Throwing tells the engine the message was not taken; the engine
 * retries it by its {@link dev.journeys.core.RetryPolicy} and finally drops it with a recorded
 * reason. {@link #recording()} is the default.
 */
@FunctionalInterface
public interface MessageChannel {

    /**
     * Delivers (or hands on for delivery) one message.
     *
     * @param message the message; its {@link OutgoingMessage#messageId()} is what interaction
     *     events report back
     * @throws RuntimeException if the message was not taken
     */
    void send(OutgoingMessage message);

    /**
     * Returns a channel that only records what it is given, for tests and examples.
     *
     * @return a new recording channel
     */
    static RecordingChannel recording() {
        return new RecordingChannel();
    }
}
