package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.time.Instant;
import java.util.Objects;

/**
 * A request to an {@link dev.journeys.core.spi.ActionHandler} to run a named action.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the effect's idempotency key
 * @param action the action's name
 * @param parameters what the journey tells the action
 * @param data the payload of the event that started the instance (such as the lead's details),
 *     empty if an enrolment started it
 * @param decidedAt when the journey decided to run it
 */
public record ActionRequest(IdempotencyKey key, String action, Attributes parameters, Attributes data,
                            Instant decidedAt)
        implements Effect {

    /** Checks the components. */
    public ActionRequest {
        Objects.requireNonNull(key, "key");
        Ids.requireText(action, "action");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    /** Returns the contact the action is about. */
    public String contactId() {
        return key.contactId();
    }
}
