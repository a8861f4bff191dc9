package dev.journeys.core.engine;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Condition;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.QuietHours;
import dev.journeys.core.RetryPolicy;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.kernel.CompiledJourney;
import dev.journeys.core.kernel.JourneyCatalog;
import dev.journeys.core.kernel.Subject;
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
 * each right before the channel or action handler is called (the journey paused or stopped,
 * consent withdrawn, a suppression, quiet hours), calls it, schedules retries by the
 * {@link RetryPolicy}, and records what was dispatched with a save that survives another engine
 * saving the contact meanwhile.
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
            if (catalog().is(entry.effect().key().journeyId(), JourneyStatus.PAUSED)) {
                remaining.add(entry.dueAt(JourneyInstance.HELD)); // goes out when the journey is resumed
                continue;
            }
            if (catalog().is(entry.effect().key().journeyId(), JourneyStatus.STOPPED)) {
                events.add(new JourneyEvent.EffectCancelled(entry.effect(), "its journey was stopped", now));
                continue;
            }
            if (entry.effect() instanceof OutgoingMessage message) {
                boolean held;
                try {
                    held = heldBack(entry, message, state, contact, now, remaining, events);
                } catch (RuntimeException | Error failure) {
                    // Host code in a check (a custom suppression, the directory's history) failed: this
                    // entry counts a failed attempt and the others, and what was sent, are saved as usual.
                    fatal = failed(entry, failure, now, remaining, events);
                    continue;
                }
                if (held) {
                    continue;
                }
            }
            try {
                Optional<String> superseded = superseded(entry, state);
                if (superseded.isPresent()) {
                    // Another engine saved the contact since this one did, and its save cancelled or
                    // sent this effect, or withdrew the consent it needs: it is that engine's to report.
                    counters.dispatchesSuperseded.increment();
                    LOG.debug("did not dispatch {}: {}", entry.effect().key(), superseded.get());
                    continue;
                }
                events.add(dispatch(entry.effect(), now));
                if (clock.millis() > entry.nextAttemptAtMillis()) {
                    // The call outlived this engine's hold: another engine may have sent the effect too.
                    counters.dispatchesOverran.increment();
                    LOG.warn("the provider call for {} took longer than the store's lease ({} ms) it was held for; "
                            + "another engine sharing the store may have made it too", LogText.of(entry.effect()),
                            leaseMillis);
                }
            } catch (RuntimeException | Error failure) {
                fatal = failed(entry, failure, now, remaining, events);
            }
        }
        if (fatal != null) {
            return new Dispatch(attempted, fatal);
        }
        return attempted ? Dispatch.ATTEMPTED : Dispatch.NONE;
    }

    /**
     * Reads the contact's latest committed state right before a provider call and returns why the
     * effect must not go out after all, if another engine sharing the store saved the contact
     * since this one's state: the effect is no longer in its outbox (that save cancelled it, as an
     * exit or unsubscribe does, or that engine sent it), or the consent it needs was withdrawn.
     * A provider call that has already started cannot be taken back; this narrows the window to
     * the call itself.
     */
    private Optional<String> superseded(OutboxEntry entry, ContactState state) {
        Optional<ContactState> latest = store.load(state.contactId());
        if (latest.isEmpty() || latest.get().version() == state.version()) {
            return latest.isEmpty() ? Optional.of("the contact's state is gone") : Optional.empty();
        }
        IdempotencyKey key = entry.effect().key();
        boolean pending = false;
        for (OutboxEntry candidate : latest.get().outbox()) {
            pending |= candidate.effect().key().equals(key);
        }
        if (!pending) {
            return Optional.of("another engine's save since took it out of the outbox");
        }
        if (entry.effect() instanceof OutgoingMessage message) {
            for (Consent withdrawn : latest.get().withdrawnConsents()) {
                if (withdrawn.covers(message.channel(), message.purpose())) {
                    return Optional.of("another engine's save since withdrew the consent to " + withdrawn);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns whether a message decided earlier is held back now: cancelled because a veto holds,
     * or deferred or cancelled by quiet hours; adds what stays and what happened.
     */
    private boolean heldBack(OutboxEntry entry, OutgoingMessage message, ContactState state, Contact contact,
                             Instant now, List<OutboxEntry> remaining, List<JourneyEvent> events) {
        Optional<String> veto = veto(message, state, contact, now);
        if (veto.isPresent()) {
            events.add(new JourneyEvent.EffectCancelled(message, veto.get(), now));
            return true;
        }
        Optional<QuietHours> quiet = quietHoursAt(message, contact, now);
        if (quiet.isEmpty()) {
            return false;
        }
        IdempotencyKey key = message.key();
        Instant end = quiet.get().endAfter(now, contact.zone());
        if (end.isAfter(message.decidedAt().plus(quiet.get().maxDeferral()))) {
            events.add(new JourneyEvent.EffectCancelled(message, quiet.get() + " would hold it until "
                    + end + ", longer than " + quiet.get().maxDeferral() + " after it was decided", now));
        } else {
            remaining.add(entry.dueAt(end.toEpochMilli()));
            events.add(new JourneyEvent.SendDeferred(new InstanceRef(key.contactId(), key.journeyId(),
                    key.version(), key.instance()), key.stepId(), quiet.get().toString(), end, now));
        }
        return true;
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

    /**
     * Returns why a message decided earlier must not go out now: consent to its channel and purpose
     * withdrawn (in the directory or by an unsubscribe), or a suppression that holds now.
     */
    private Optional<String> veto(OutgoingMessage message, ContactState state, Contact listed, Instant now) {
        Contact contact = listed.withWithdrawn(state.withdrawnConsents());
        if (!contact.hasConsented(message.channel(), message.purpose())) {
            return Optional.of("consent to " + message.channel() + " for " + message.purpose()
                    + " was withdrawn before the message went out");
        }
        IdempotencyKey key = message.key();
        CompiledJourney journey = catalog().version(key.journeyId(), key.version());
        if (journey != null) {
            Optional<Condition> suppression = catalog().suppressionOf(journey.definition(),
                    new Subject(contact, context.history(contact.id(), now), now, catalog().segments()));
            if (suppression.isPresent()) {
                return Optional.of("the contact is suppressed (" + suppression.get()
                        + ") since the message was decided");
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the quiet hours a message decided earlier (a retry) would go out in now, if any: it
     * is then held until they end, like a send reached inside them.
     */
    private Optional<QuietHours> quietHoursAt(OutgoingMessage message, Contact contact, Instant now) {
        IdempotencyKey key = message.key();
        CompiledJourney journey = catalog().version(key.journeyId(), key.version());
        return journey == null ? Optional.empty()
                : catalog().quietHoursOf(journey.definition()).filter(q -> q.contains(now, contact.zone()));
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
