package dev.journeys.core;

import java.time.Instant;

/**
 * Something the engine does outside itself: a message to send or an action to run. Effects are
 * recorded in the contact's outbox before they are dispatched, so none is lost, and each carries
 * an {@link IdempotencyKey}, so a host can drop one that arrives twice.
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface Effect permits OutgoingMessage, ActionRequest {

    /** Returns the key that names this effect exactly. */
    IdempotencyKey key();

    /** Returns when the evaluator decided on it. */
    Instant decidedAt();
}
