package dev.journeys.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An effect decided but not yet dispatched, kept with the contact's state so that it survives a
 * crash: the engine dispatches it after saving, and again (with the same idempotency key) if a
 * dispatch failed or never happened.
 *
 * <p>Immutable and thread-safe.
 *
 * @param effect the effect
 * @param attempts how many dispatches failed so far
 * @param hold whether a pause holds it back; while one does, it has no time to be dispatched
 * @param nextAttemptAtMillis when to dispatch it next, epoch milliseconds, if no pause holds it;
 *     0 while one does
 * @param lastFailure why the last attempt failed, if one did
 * @param calling whether the engine holding it saved that it is calling the provider now: written
 *     right before the call, so that another engine whose save cancels the effect meanwhile knows
 *     the call is under way (while the hold lasts)
 */
public record OutboxEntry(Effect effect, int attempts, Hold hold, long nextAttemptAtMillis,
                          Optional<String> lastFailure, boolean calling) {

    /** Whether a pause holds an outbox entry back, and whose. */
    public enum Hold {
        /** Nothing holds it: it is dispatched at its {@link #nextAttemptAtMillis()}. */
        NONE,
        /** Its instance is paused: it goes out (at once) when the instance resumes. */
        INSTANCE_PAUSED,
        /** Its journey was paused when it was to go out: it goes out (at once) when the journey resumes. */
        JOURNEY_PAUSED
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if the attempts are negative, or a held entry has a time
     */
    public OutboxEntry {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(lastFailure, "lastFailure");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
        if (hold != Hold.NONE && nextAttemptAtMillis != 0) {
            throw new IllegalArgumentException("an entry held by " + hold + " has no time to be dispatched, was given "
                    + nextAttemptAtMillis);
        }
    }

    /**
     * An entry no pause holds and no engine is calling the provider for.
     *
     * @param effect the effect
     * @param attempts how many dispatches failed so far
     * @param nextAttemptAtMillis when to dispatch it next, epoch milliseconds
     * @param lastFailure why the last attempt failed, if one did
     */
    public OutboxEntry(Effect effect, int attempts, long nextAttemptAtMillis, Optional<String> lastFailure) {
        this(effect, attempts, Hold.NONE, nextAttemptAtMillis, lastFailure, false);
    }

    /**
     * The default lease of the in-memory store, one minute: how long an effect just decided is held
     * for the engine that decided it (that engine sends it right after saving it, and another
     * engine sharing the store sends it only once this has passed: the first one died, or
     * stalled, mid-dispatch). An engine holds effects for its store's
     * {@linkplain dev.journeys.core.spi.DueWorkClaims#lease() lease}.
     */
    public static final java.time.Duration DISPATCH_LEASE = java.time.Duration.ofMinutes(1);

    /**
     * Returns the entry of an effect just decided, held for the engine deciding it for the
     * {@link #DISPATCH_LEASE}; no attempts yet.
     *
     * @param effect the effect
     * @return the entry
     */
    public static OutboxEntry decided(Effect effect) {
        return decided(effect, DISPATCH_LEASE);
    }

    /**
     * Returns the entry of an effect just decided, held for the engine deciding it for a lease;
     * no attempts yet.
     *
     * @param effect the effect
     * @param hold how long it is held for that engine: its store's lease
     * @return the entry
     */
    public static OutboxEntry decided(Effect effect, java.time.Duration hold) {
        return new OutboxEntry(effect, 0, effect.decidedAt().toEpochMilli() + hold.toMillis(), Optional.empty());
    }

    /** Returns a new entry, due at once. */
    public static OutboxEntry of(Effect effect) {
        return new OutboxEntry(effect, 0, effect.decidedAt().toEpochMilli(), Optional.empty());
    }

    /**
     * Returns the entry due at another time, its attempts unchanged and no pause holding it:
     * released on resume, put off past quiet hours, or held for the engine dispatching it.
     */
    public OutboxEntry dueAt(long nextAttemptAtMillis) {
        return new OutboxEntry(effect, attempts, Hold.NONE, nextAttemptAtMillis, lastFailure, false);
    }

    /** Returns the entry held back by a pause until it ends. */
    public OutboxEntry heldBy(Hold pause) {
        return new OutboxEntry(effect, attempts, pause, 0, lastFailure, false);
    }

    /** Returns whether it is due by an instant: no pause holds it, and its time has come. */
    public boolean isDueBy(long nowMillis) {
        return hold == Hold.NONE && nextAttemptAtMillis <= nowMillis;
    }

    /** Returns the entry marked as being called now by the engine holding it. */
    public OutboxEntry asCalling() {
        return new OutboxEntry(effect, attempts, hold, nextAttemptAtMillis, lastFailure, true);
    }

    /**
     * Returns whether a provider call for it may be under way at an instant: an engine marked it
     * {@linkplain #calling() calling} and its hold has not run out.
     */
    public boolean callUnderWayAt(long nowMillis) {
        return calling && hold == Hold.NONE && nowMillis < nextAttemptAtMillis;
    }

    /** Returns the entry after a failed attempt, due again at the given time. */
    public OutboxEntry withFailure(String reason, Instant retryAt) {
        return new OutboxEntry(effect, attempts + 1, Hold.NONE, retryAt.toEpochMilli(), Optional.of(reason), false);
    }
}
