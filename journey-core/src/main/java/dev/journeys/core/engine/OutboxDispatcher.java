package dev.journeys.core.engine;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyInstance;
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
import java.util.HashMap;
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
     */
    ContactState dispatchOutbox(ContactState state, Contact contact, Instant now, List<Effect> mine) {
        if (state.outbox().isEmpty()) {
            return state;
        }
        long nowMillis = now.toEpochMilli();
        Set<IdempotencyKey> due = null;
        for (OutboxEntry entry : state.outbox()) {
            if (entry.nextAttemptAtMillis() <= nowMillis && !isAmong(entry.effect().key(), mine)) {
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
            }
        }
        if (due == null && mine.isEmpty()) {
            return state;
        }
        List<OutboxEntry> remaining = new ArrayList<>(0); // most often none remains
        List<JourneyEvent> events = new ArrayList<>(state.outbox().size());
        Dispatch dispatch = dispatchEntries(state, contact, now, mine, due, remaining, events);
        if (!dispatch.attempted()) {
            return state;
        }
        ContactState next = saveDispatched(state, remaining);
        listeners.publish(events);
        if (dispatch.fatal() != null) {
            throw dispatch.fatal();
        }
        return next;
    }

    /**
     * What {@link #dispatchEntries} did: whether it attempted any entry, and the Error a dispatch
     * threw, to be thrown once the outbox is saved, or null.
     */
    record Dispatch(boolean attempted, Error fatal) {
        private static final Dispatch NONE = new Dispatch(false, null);
        private static final Dispatch ATTEMPTED = new Dispatch(true, null);
    }

    /**
     * Dispatches the entries of the state's outbox that are among {@code mine} or {@code due}
     * (null for none), each unless its journey is paused or stopped, a veto holds or quiet hours
     * defer it; adds the entries that stay to {@code remaining} and what happened to {@code events}.
     */
    private Dispatch dispatchEntries(ContactState state, Contact contact, Instant now, List<Effect> mine,
                                     Set<IdempotencyKey> due, List<OutboxEntry> remaining, List<JourneyEvent> events) {
        boolean attempted = false;
        Error fatal = null;
        for (OutboxEntry entry : state.outbox()) {
            IdempotencyKey key = entry.effect().key();
            if (fatal != null || !(isAmong(key, mine) || due != null && due.contains(key))) {
                remaining.add(entry);
                continue;
            }
            if (clock.millis() >= entry.nextAttemptAtMillis()) {
                // Saved held for this engine until then; the hold ran out before the send (this
                // engine stalled, or dispatched a long page), so another engine may be sending it
                // now: left as it is, due, for whichever engine claims the contact.
                LOG.warn("the dispatch hold of {} ran out before this engine sent it; left to the engine that"
                        + " claims it next", LogText.of(entry.effect()));
                remaining.add(entry);
                continue;
            }
            attempted = true;
            DispatchCheck.Verdict verdict;
            try {
                verdict = check(entry, state, contact, now);
            } catch (RuntimeException | Error failure) {
                // Reading the state or host code in a check (a custom suppression, the directory's history)
                // failed: this entry counts a failed attempt; the others, and what was sent, are saved as usual.
                fatal = failed(entry, failure, now, remaining, events);
                continue;
            }
            if (verdict instanceof DispatchCheck.Go) {
                try {
                    events.add(dispatch(entry.effect(), now));
                } catch (RuntimeException | Error failure) {
                    fatal = failed(entry, failure, now, remaining, events);
                    continue;
                }
                if (clock.millis() > entry.nextAttemptAtMillis()) {
                    // The call outlived this engine's hold: another engine may have sent the effect too.
                    counters.dispatchesOverran.increment();
                    LOG.warn("the provider call for {} took longer than the store's lease ({} ms) it was held for; "
                            + "another engine sharing the store may have made it too", LogText.of(entry.effect()),
                            leaseMillis);
                }
            } else if (verdict instanceof DispatchCheck.Superseded superseded) {
                // Another engine's save since this one's sent or cancelled it, or claimed it: that engine's to report.
                counters.dispatchesSuperseded.increment();
                LOG.debug("did not dispatch {}: {}", entry.effect().key(), superseded.why());
            } else if (verdict instanceof DispatchCheck.Held) {
                remaining.add(entry.dueAt(JourneyInstance.HELD)); // goes out when the journey is resumed
            } else if (verdict instanceof DispatchCheck.Deferred deferred) {
                remaining.add(entry.dueAt(deferred.until().toEpochMilli()));
                events.add(deferred.event());
            } else if (verdict instanceof DispatchCheck.Skipped skipped) {
                events.add(skipped.event());
            } else if (verdict instanceof DispatchCheck.Cancelled cancelled) {
                events.add(cancelled.event());
            }
        }
        if (fatal != null) {
            return new Dispatch(attempted, fatal);
        }
        return attempted ? Dispatch.ATTEMPTED : Dispatch.NONE;
    }

    /**
     * Reads the contact's latest committed state right before a provider call and checks the
     * entry against it with the kernel's {@link DispatchCheck}: still pending as this engine holds
     * it, its journey live, and for a message a suppression, consent and quiet hours as a send
     * step checks them. A provider call that has already started cannot be taken back; this
     * narrows the window to the call itself.
     */
    private DispatchCheck.Verdict check(OutboxEntry entry, ContactState state, Contact contact, Instant now) {
        Optional<ContactState> latest = store.load(state.contactId());
        if (latest.isEmpty()) {
            return new DispatchCheck.Superseded("the contact's state is gone");
        }
        return DispatchCheck.check(catalog(), latest.get(), entry, contact, context.history(contact.id(), now), now);
    }

    /**
     * Records a failed attempt at an entry: it stays for a retry by the policy, or is dropped after
     * the last; returns the Error to throw once the outbox is saved, or null.
     */
    private Error failed(OutboxEntry entry, Throwable failure, Instant now, List<OutboxEntry> remaining,
                         List<JourneyEvent> events) {
        int attempt = entry.attempts() + 1;
        String reason = failure.toString();
        Optional<Instant> retryAt = retryPolicy.retryAt(attempt, now);
        retryAt.ifPresent(at -> remaining.add(entry.withFailure(reason, at)));
        if (retryAt.isEmpty()) {
            LOG.warn("dropped {} for contact '{}' after {} failed attempts: {}", LogText.of(entry.effect()),
                    entry.effect().key().contactId(), attempt, LogText.summary(failure));
        } else {
            LOG.debug("dispatch of {} failed (attempt {}), retrying at {}: {}",
                    entry.effect().key(), attempt, retryAt.get(), LogText.summary(failure));
        }
        events.add(new JourneyEvent.DispatchFailed(entry.effect(), attempt, reason, retryAt.isPresent(), now));
        return failure instanceof Error error ? error : null; // saved first, so nothing is dispatched twice
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

    /**
     * Saves the outbox after a dispatch. If another engine sharing the store saved the contact
     * since, the dispatch is recorded on that newer state instead: the entries dispatched or
     * cancelled here are taken out, those rescheduled here are replaced if the newer state still
     * holds them as they were. The evaluation is not done again: its effects already went out.
     */
    private ContactState saveDispatched(ContactState state, List<OutboxEntry> remaining) {
        ContactState next = state.withOutbox(remaining);
        for (int attempt = 1; ; attempt++) {
            try {
                store.save(next);
                return next;
            } catch (ConcurrentUpdateException conflict) {
                if (attempt == EngineContext.MAX_CONFLICT_ATTEMPTS) {
                    throw new IllegalStateException("could not record what was dispatched for contact '"
                            + state.contactId() + "' in " + attempt + " attempts: other engines kept saving it first;"
                            + " its outbox stays and may go out again, under the same idempotency keys", conflict);
                }
                counters.conflictsRetried.increment();
                ContactState latest = store.load(state.contactId()).orElseThrow(() -> conflict);
                next = latest.withOutbox(reconcile(state.outbox(), remaining, latest.outbox()));
            }
        }
    }

    /** The newer outbox, less what was dispatched or cancelled here, with what was rescheduled here. */
    static List<OutboxEntry> reconcile(List<OutboxEntry> before, List<OutboxEntry> after, List<OutboxEntry> latest) {
        Map<IdempotencyKey, OutboxEntry> seen = new HashMap<>();
        before.forEach(entry -> seen.put(entry.effect().key(), entry));
        Map<IdempotencyKey, OutboxEntry> kept = new HashMap<>();
        after.forEach(entry -> kept.put(entry.effect().key(), entry));
        List<OutboxEntry> merged = new ArrayList<>(latest.size());
        for (OutboxEntry entry : latest) {
            IdempotencyKey key = entry.effect().key();
            OutboxEntry original = seen.get(key);
            if (original == null || !original.equals(entry)) {
                merged.add(entry); // decided, or changed, by the other engine: its to keep
            } else if (kept.containsKey(key)) {
                merged.add(kept.get(key)); // rescheduled here
            } // else dispatched or cancelled here
        }
        return merged;
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
