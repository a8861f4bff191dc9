package dev.journeys.core.engine;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.RetryPolicy;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.kernel.DispatchCheck;
import dev.journeys.core.spi.ActionHandler;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dispatches a contact's outbox: claims the entries due with a lease saved to the store, checks
 * each on the contact's latest committed state right before the channel or action handler is
 * called ({@link DispatchCheck}: still pending as held, the journey live, a suppression, consent
 * and quiet hours as a send step checks them), calls it, schedules retries by the
 * {@link RetryPolicy}, and records what was dispatched with a save that survives another engine
 * saving the contact meanwhile (fenced: an entry another engine changed since is left as it is).
 *
 * <p>Thread-safe; each contact's outbox is dispatched by one thread at a time, under that
 * contact's lock held by the caller.
 */
final class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before

    private final EngineContext context;
    private final InstantSource clock;
    private final JourneyStore store;
    private final EngineCounters counters;
    private final ListenerFanOut listeners;
    private final Map<String, MessageChannel> channels;
    private final MessageChannel defaultChannel;
    private final Map<String, ActionHandler> actions;
    private final RetryPolicy retryPolicy;
    /**
     * How long an outbox entry is held for the engine dispatching it, the store's lease: another
     * engine sharing the store sends it only once this has passed (the first engine died, or
     * stalled, mid-dispatch).
     */
    private final long leaseMillis;

    OutboxDispatcher(EngineContext context, Map<String, MessageChannel> channels, MessageChannel defaultChannel,
                     Map<String, ActionHandler> actions, RetryPolicy retryPolicy) {
        this.context = context;
        this.clock = context.clock();
        this.store = context.store();
        this.counters = context.counters();
        this.listeners = context.listeners();
        this.channels = Map.copyOf(channels);
        this.defaultChannel = defaultChannel;
        this.actions = Map.copyOf(actions);
        this.retryPolicy = retryPolicy;
        this.leaseMillis = store.lease().toMillis();
    }

    /**
     * Dispatches the outbox entries this engine decided in this input ({@code mine}) and those due
     * by now. Due entries decided earlier (retries, held sends) are first claimed by a save that
     * leases them to this engine; if another engine sharing the store saved the contact since,
     * they are left to it.
     *
     * @param decidedWith the catalog the kernel decided {@code mine} with on the contact as
     *     {@code state} holds them (the same withdrawals), at {@code now}; null if not so
     */
    ContactState dispatchOutbox(ContactState state, Contact contact, Instant now, List<Effect> mine,
                                JourneyCatalog decidedWith) {
        if (state.outbox().isEmpty()) {
            return state;
        }
        long nowMillis = now.toEpochMilli();
        Set<IdempotencyKey> due = null;
        for (OutboxEntry entry : state.outbox()) {
            if (entry.isDueBy(nowMillis) && !isAmong(entry.effect().key(), mine)) {
                (due == null ? due = new HashSet<>() : due).add(entry.effect().key());
            }
        }
        if (due != null) {
            ContactState claimed = leased(state, due, nowMillis + leaseMillis);
            try {
                store.save(claimed);
                state = claimed;
            } catch (ConcurrentUpdateException conflict) {
                counters.conflictsRetried.increment();
                LOG.debug("the due outbox of contact '{}' is another engine's now; left to it", state.contactId());
                due = null;
                decidedWith = null; // checked in full, though the confirmation would catch the newer state
            }
        }
        if (due == null && mine.isEmpty()) {
            return state;
        }
        return dispatchEntries(state, contact, now, mine, due, decidedWith);
    }

    /**
     * Dispatches the entries of the state's outbox that are among {@code mine} or {@code due}
     * (null for none). For each: the kernel's {@link DispatchCheck} on the state this engine last
     * knows to be committed; if it says go, a write that marks the entry as being called (the
     * confirmation: compare-and-set, so if another engine saved the contact since, the newer state
     * is read and checked again), then the provider call. What happened is written with the next
     * write, the last one after the loop, fenced ({@link HeldOutbox}); listeners are told once it
     * is. Returns the state written last; throws an Error a provider threw once the outbox is
     * written.
     */
    private ContactState dispatchEntries(ContactState state, Contact contact, Instant now, List<Effect> mine,
                                         Set<IdempotencyKey> due, JourneyCatalog decidedWith) {
        HeldOutbox outbox = new HeldOutbox(store, state);
        List<JourneyEvent> events = new ArrayList<>(state.outbox().size());
        Error fatal = null;
        for (OutboxEntry original : state.outbox()) {
            IdempotencyKey key = original.effect().key();
            if (fatal != null || !(isAmong(key, mine) || due != null && due.contains(key))) {
                continue;
            }
            if (clock.millis() >= original.nextAttemptAtMillis()) {
                // Saved held for this engine until then; the hold ran out before the send (this
                // engine stalled, or dispatched a long page), so another engine may be sending it
                // now: left as it is, due, for whichever engine claims the contact.
                LOG.warn("the dispatch hold of {} ran out before this engine sent it; left to the engine that"
                        + " claims it next", LogText.of(original.effect()));
                continue;
            }
            fatal = dispatchOne(outbox, key, contact, now, events, isAmong(key, mine) ? decidedWith : null);
        }
        ContactState written = outbox.hasPending()
                ? outbox.writeOutcomes(EngineContext.MAX_CONFLICT_ATTEMPTS) : outbox.committed();
        listeners.publish(events);
        if (fatal != null) {
            throw fatal;
        }
        return written;
    }

    /**
     * Checks one held entry, confirms and calls it, or settles it as the check says; returns the
     * Error the call threw, to be thrown once the outbox is written, or null.
     *
     * @param decidedWith the catalog the kernel just decided the entry with, on the state the
     *     outbox started from, at {@code now}; null if it was decided otherwise. The message rules
     *     are checked again unless the clock still reads {@code now}.
     */
    private Error dispatchOne(HeldOutbox outbox, IdempotencyKey key, Contact contact, Instant now,
                              List<JourneyEvent> events, JourneyCatalog decidedWith) {
        for (int attempt = 1; ; attempt++) {
            Optional<OutboxEntry> held = outbox.stillHeld(key);
            if (held.isEmpty()) {
                // Another engine's save since this one's sent, cancelled or claimed it: that engine's to report.
                counters.dispatchesSuperseded.increment();
                LOG.debug("did not dispatch {}: another engine's save since took it", key);
                return null;
            }
            OutboxEntry entry = held.get();
            DispatchCheck.Verdict verdict;
            JourneyCatalog catalog = catalog();
            try {
                // Decided at this very instant on this contact, with this catalog, and no save but this
                // engine's own since (the confirmation below proves it): the message rules stand as decided.
                verdict = decidedWith == catalog && !outbox.readSince() && clock.millis() == now.toEpochMilli()
                        ? DispatchCheck.checkJustDecided(catalog, outbox.committed(), entry, now)
                        : DispatchCheck.check(catalog, outbox.committed(), entry, contact,
                        context.history(contact.id(), now), now);
            } catch (RuntimeException | Error failure) {
                // Host code in a check (a custom suppression, the directory's history) failed: this entry
                // counts a failed attempt; the others, and what was sent, are written as usual.
                return failed(outbox, entry, failure, now, events);
            }
            if (!(verdict instanceof DispatchCheck.Go)) {
                settle(outbox, entry, verdict, events);
                return null;
            }
            try {
                outbox.writeCalling(entry);
            } catch (ConcurrentUpdateException conflict) {
                counters.conflictsRetried.increment();
                if (attempt == EngineContext.MAX_CONFLICT_ATTEMPTS) {
                    LOG.warn("could not confirm {} in {} attempts: other engines kept saving the contact; it goes out"
                            + " once its hold ends", LogText.of(entry.effect()), attempt);
                    return null;
                }
                outbox.reload(conflict); // and check again, on the newer state
                continue;
            }
            try {
                events.add(dispatch(entry.effect(), now));
            } catch (RuntimeException | Error failure) {
                noteOverrun(entry);
                return failed(outbox, entry, failure, now, events);
            }
            noteOverrun(entry);
            outbox.settle(key, Optional.empty());
            return null;
        }
    }

    /**
     * Counts and logs a provider call, successful or not, that returned after the hold it was
     * made under had ended: another engine may have claimed and made the same call meanwhile, and
     * the record of this one lands only if no other engine changed the entry since.
     */
    private void noteOverrun(OutboxEntry entry) {
        if (clock.millis() > entry.nextAttemptAtMillis()) {
            counters.dispatchesOverran.increment();
            LOG.warn("the provider call for {} took longer than the store's lease ({} ms) it was held for; "
                    + "another engine sharing the store may have made it too", LogText.of(entry.effect()), leaseMillis);
        }
    }

    /** Settles an entry the check stopped or held: kept held while paused, deferred, skipped or cancelled. */
    private static void settle(HeldOutbox outbox, OutboxEntry entry, DispatchCheck.Verdict verdict,
                               List<JourneyEvent> events) {
        IdempotencyKey key = entry.effect().key();
        if (verdict instanceof DispatchCheck.Held) {
            outbox.settle(key, Optional.of(entry.heldBy(OutboxEntry.Hold.JOURNEY_PAUSED))); // goes out on resume
        } else if (verdict instanceof DispatchCheck.Deferred deferred) {
            outbox.settle(key, Optional.of(entry.dueAt(deferred.until().toEpochMilli())));
            events.add(deferred.event());
        } else if (verdict instanceof DispatchCheck.Skipped skipped) {
            outbox.settle(key, Optional.empty());
            events.add(skipped.event());
        } else if (verdict instanceof DispatchCheck.Cancelled cancelled) {
            outbox.settle(key, Optional.empty());
            events.add(cancelled.event());
        } else if (verdict instanceof DispatchCheck.Superseded superseded) {
            LOG.debug("did not dispatch {}: {}", key, superseded.why());
        }
    }

    /**
     * Records a failed attempt at an entry: it stays for a retry by the policy, or is dropped after
     * the last; returns the Error to throw once the outbox is written, or null.
     */
    private Error failed(HeldOutbox outbox, OutboxEntry entry, Throwable failure, Instant now,
                         List<JourneyEvent> events) {
        int attempt = entry.attempts() + 1;
        String reason = failure.toString();
        Optional<Instant> retryAt = retryPolicy.retryAt(attempt, now);
        outbox.settle(entry.effect().key(), retryAt.map(at -> entry.withFailure(reason, at)));
        if (retryAt.isEmpty()) {
            LOG.warn("dropped {} for contact '{}' after {} failed attempts: {}", LogText.of(entry.effect()),
                    entry.effect().key().contactId(), attempt, LogText.summary(failure));
        } else {
            LOG.debug("dispatch of {} failed (attempt {}), retrying at {}: {}",
                    entry.effect().key(), attempt, retryAt.get(), LogText.summary(failure));
        }
        events.add(new JourneyEvent.DispatchFailed(entry.effect(), attempt, reason, retryAt.isPresent(), now));
        return failure instanceof Error error ? error : null; // written first, so nothing is dispatched twice
    }

    /** Returns the state at its next version, with the outbox entries of these keys held until the lease ends. */
    private static ContactState leased(ContactState state, Set<IdempotencyKey> keys, long untilMillis) {
        List<OutboxEntry> outbox = new ArrayList<>(state.outbox().size());
        for (OutboxEntry entry : state.outbox()) {
            outbox.add(keys.contains(entry.effect().key()) ? entry.dueAt(untilMillis) : entry);
        }
        return state.withOutbox(outbox);
    }

    static boolean isAmong(IdempotencyKey key, List<Effect> effects) {
        for (int i = 0; i < effects.size(); i++) { // one or two: no set
            if (effects.get(i).key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private JourneyEvent dispatch(Effect effect, Instant now) {
        if (effect instanceof OutgoingMessage message) {
            MessageChannel channel = channels.getOrDefault(message.channel(), defaultChannel);
            if (channel == null) {
                throw new IllegalStateException("no channel is bound for '" + message.channel() + "'");
            }
            channel.send(message);
            return new JourneyEvent.MessageSent(message, now);
        }
        if (effect instanceof ActionRequest request) {
            ActionHandler handler = actions.get(request.action());
            if (handler == null) {
                throw new IllegalStateException("no handler is registered for action '" + request.action() + "'");
            }
            handler.run(request);
            return new JourneyEvent.ActionCompleted(request, now);
        }
        throw new AssertionError(effect);
    }

    /** The catalog as of now. */
    private JourneyCatalog catalog() {
        return context.catalog();
    }
}
