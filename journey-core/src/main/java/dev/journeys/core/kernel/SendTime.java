package dev.journeys.core.kernel;

import dev.journeys.core.Event;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutgoingMessage;

import java.time.Instant;

/**
 * When a send can have been made, for the rule that an interaction with a send counts only if it
 * is not dated before the send. Package-private.
 */
final class SendTime {

    private SendTime() {
    }

    /**
     * Returns the earliest instant the message an interaction is about can have been sent: when
     * it was decided, as its message id says ({@link OutgoingMessage#decidedAtOf}), and never
     * before the instance that sent it began (a message id without a time, made by hand or
     * before message ids carried one, is bounded by that alone).
     *
     * @param interaction an event about a message of the instance
     * @param instance the instance that sent the message
     * @return the instant
     */
    static Instant earliest(Event interaction, JourneyInstance instance) {
        Instant began = instance.enteredAt();
        return interaction.messageId().flatMap(OutgoingMessage::decidedAtOf)
                .filter(began::isBefore).orElse(began);
    }
}
