package dev.journeys.core.engine;

import dev.journeys.core.DeclineReason;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.ExitCause;
import dev.journeys.core.Incident;
import dev.journeys.core.SkipReason;

/**
 * Counters of what an engine has done since it was built.
 *
 * <p>Immutable and thread-safe: a snapshot, taken by {@link JourneyEngine#stats()}.
 *
 * @param eventsAccepted events that reached the evaluator
 * @param eventsIgnored events of a type no published journey reads, dropped before any work
 * @param duplicateEvents events dropped because an event with the same id was seen for the contact,
 *     by this engine or, through the store's record of applied events, by another
 * @param unknownContacts events dropped because the directory does not know the contact
 * @param entries instances started
 * @param entriesDeclined entries refused, for any {@link DeclineReason}
 * @param messagesSent messages a channel accepted
 * @param messagesSkipped sends skipped, for any {@link SkipReason}
 * @param actionsRun actions a handler ran
 * @param dispatchFailures attempts at a send or action that threw
 * @param effectsDropped sends or actions given up after the last attempt failed
 * @param goals goals reached
 * @param exits instances ended, for any {@link ExitCause}
 * @param effectsCancelled sends or actions cancelled before dispatch (the instance was stopped,
 *     the contact left the directory, consent was revoked)
 * @param processingFailures times work for a contact failed because the directory or the store threw
 * @param sendsDeferred sends held back by quiet hours or a deferring cap
 * @param entriesQueued entries held back by an {@link EntryRateLimit} until their turn
 * @param conflictsRetried saves refused because another engine sharing the store saved the
 *     contact first ({@link dev.journeys.core.spi.ConcurrentUpdateException}), after which the
 *     work was done again on the newer state; not failures
 * @param instancesParked journey instances parked because their evaluation failed (see
 *     {@link Incident}); each waits for the host to retry or end it
 * @param eventsTooLate events refused because they happened longer ago than the engine's
 *     {@linkplain JourneyEngineBuilder#maxEventLateness maximum lateness} ({@link Acceptance#TOO_LATE})
 * @param interactionsBeforeSend interactions dated before the send they are about, not counted as
 *     interactions with it ({@link dev.journeys.core.event.JourneyEvent.InteractionBeforeSend})
 * @param dispatchesSuperseded sends and actions this engine did not make after all because, right
 *     before the provider call, the contact's latest state (saved by another engine sharing the
 *     store) no longer held them as this engine did: that engine sent, cancelled or claimed them
 * @param dispatchesOverran provider calls that returned after the store's lease they were held
 *     for had ended, so another engine sharing the store may have made the same call
 * @param stopsDuringCalls effects this engine cancelled (an exit, an unsubscribe, a stop) while
 *     another engine sharing the store was calling the provider for them, so the call may still
 *     deliver ({@link dev.journeys.core.event.JourneyEvent.EffectCancelled#callUnderWay()})
 */
public record EngineStats(long eventsAccepted, long eventsIgnored, long duplicateEvents, long unknownContacts,
                          long entries, long entriesDeclined, long messagesSent, long messagesSkipped,
                          long actionsRun, long dispatchFailures, long effectsDropped, long goals, long exits, long effectsCancelled,
                          long processingFailures,
                          long sendsDeferred, long entriesQueued, long conflictsRetried, long instancesParked,
                          long eventsTooLate, long interactionsBeforeSend, long dispatchesSuperseded,
                          long dispatchesOverran, long stopsDuringCalls) {
}
