package dev.journeys.store.postgres.stress;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.JourneyListener;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.store.postgres.stress.StressViolations.Invariant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * What the {@link TwoEngineStressTest} harness knows happened in one seed, and the invariants checked
 * against it on every channel call.
 *
 * <p>Every moment that matters takes a number from one global sequence, under the lock of the
 * contact it concerns: the start and the end of each channel call, and the return of each
 * {@code accept}. An exit or unsubscribe counts as accepted when the {@code accept} that reported
 * its {@code Exited} or {@code ConsentChanged} event (to the listener, on the feeding thread)
 * returned; a channel call that started after that number, for a stopped instance, is a violation,
 * unless that {@code accept} reported the effect cancelled with a provider call under way (the
 * engine sending it had confirmed the call before the stop was saved); that one, and one that had
 * started before it and was still running, are counted as already started. A consent
 * given back counts from the moment its {@code accept} began, so a send the other engine makes
 * while that call saves is not blamed. Email consent is the only consent in play.
 *
 * <p>The channel refuses the first attempt of about one key in forty (a provider error), so the
 * engines' retries run too.
 *
 * <p>Thread-safe.
 */
final class StressLedger {

    /** What the harness knows of one contact; guarded by its own monitor. */
    private static final class ContactTrack {
        final boolean consentListed;
        long withdrawnSince = -1; // the number at which an accepted unsubscribe returned, or -1
        String withdrawnBy;
        boolean giving; // a consent event is being accepted
        final Map<String, String> stops = new HashMap<>(); // "journey#instance" -> how it was stopped
        final Map<String, Long> stoppedAt = new HashMap<>();
        /** Keys whose cancellation the engine reported as meeting a provider call under way. */
        final java.util.Set<IdempotencyKey> calledAtStop = new java.util.HashSet<>();
        final Map<IdempotencyKey, KeyTrack> keys = new HashMap<>();
        final Map<IdempotencyKey, Instant> capLog = new HashMap<>(); // delivered or delivering, by decision time
        final List<Call> inFlight = new ArrayList<>();
        String lastMessageId;

        ContactTrack(boolean consentListed) {
            this.consentListed = consentListed;
        }
    }

    /** The channel calls of one key. */
    private static final class KeyTrack {
        int attempts;
        int inFlight;
        int delivered;
        int reported; // MessageSent events
        String firstBy;
    }

    /** A channel call under way. */
    private record Call(IdempotencyKey key, long startedAt, String engine) {
    }

    /** What a feeding thread is accepting. */
    private static final class Feeding {
        final List<JourneyEvent> told = new ArrayList<>();
    }

    private final long seed;
    private final FrequencyCap cap;
    private final ContactTrack[] contacts;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadLocal<Feeding> feeding = new ThreadLocal<>();
    private final StressViolations violations = new StressViolations();
    private final Map<String, Integer> appliedBy = new ConcurrentHashMap<>();
    private final EnumMap<Acceptance, LongAdder> acceptances = new EnumMap<>(Acceptance.class);
    private final LongAdder acceptsThrown = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder startedBeforeStop = new LongAdder();
    private final LongAccumulator mostStartedBeforeOneStop = new LongAccumulator(Math::max, 0);
    private final LongAdder stops = new LongAdder();
    private final long latencyNanos;
    private volatile String firstThrown;

    /**
     * Makes the ledger of one seed.
     *
     * @param seed the seed, which also picks the keys whose first attempt fails
     * @param plan the seed's plan, which says who has consent in the directory
     * @param contactCount how many contacts
     * @param latencyNanos how long each channel call takes, 0 for no pause
     */
    StressLedger(long seed, StressPlan plan, int contactCount, long latencyNanos) {
        this.seed = seed;
        this.cap = StressJourneys.CAP;
        this.latencyNanos = latencyNanos;
        this.contacts = new ContactTrack[contactCount];
        for (int c = 0; c < contactCount; c++) {
            contacts[c] = new ContactTrack(plan.consentListed(c));
        }
        for (Acceptance acceptance : Acceptance.values()) {
            acceptances.put(acceptance, new LongAdder());
        }
    }

    /** Returns the channel one engine calls; each call is checked when it starts. */
    MessageChannel channel(String engine) {
        return message -> send(engine, message);
    }

    /** Returns the listener of both engines. */
    JourneyListener listener() {
        return this::told;
    }

    /** Returns the violations found so far. */
    StressViolations violations() {
        return violations;
    }

    private ContactTrack track(String contactId) {
        return contacts[StressPlan.indexOf(contactId)];
    }

    private static String instanceOf(IdempotencyKey key) {
        return key.journeyId() + "#" + key.instance();
    }

    private void send(String engine, OutgoingMessage message) {
        ContactTrack track = track(message.contactId());
        IdempotencyKey key = message.key();
        Call call;
        KeyTrack keyTrack;
        boolean refuse;
        synchronized (track) {
            long now = sequence.incrementAndGet();
            String who = "engine " + engine + " on thread '" + Thread.currentThread().getName() + "' at #" + now;
            keyTrack = track.keys.computeIfAbsent(key, k -> new KeyTrack());
            if (keyTrack.delivered > 0 || keyTrack.inFlight > 0) {
                violations.add(Invariant.KEY_SENT_TWICE, "key " + key + " sent by " + who + ", already "
                        + (keyTrack.delivered > 0 ? "delivered" : "being delivered") + " by " + keyTrack.firstBy);
            }
            String instance = instanceOf(key);
            Long stoppedAt = track.stoppedAt.get(instance);
            boolean reportedUnderWay = track.calledAtStop.contains(key);
            if (reportedUnderWay && stoppedAt != null && stoppedAt < now) {
                startedBeforeStop.add(1); // confirmed before the stop, which said so: a call already started
            }
            if (stoppedAt != null && stoppedAt < now && !reportedUnderWay) {
                violations.add(Invariant.SEND_AFTER_STOP, "'" + message.message() + "' (key " + key + ") sent by "
                        + who + ", after " + track.stops.get(instance));
            }
            if (!track.consentListed) {
                violations.add(Invariant.SEND_WITHOUT_CONSENT, "'" + message.message() + "' (key " + key + ") sent by "
                        + who + " to a contact the directory lists without email consent");
            } else if (track.withdrawnSince >= 0 && track.withdrawnSince < now && !track.giving && !reportedUnderWay) {
                violations.add(Invariant.SEND_WITHOUT_CONSENT, "'" + message.message() + "' (key " + key + ") sent by "
                        + who + ", after " + track.withdrawnBy + " and before any consent given back");
            }
            if (track.capLog.putIfAbsent(key, message.decidedAt()) == null) {
                checkCap(track, key, message.decidedAt(), who);
            }
            keyTrack.attempts++;
            keyTrack.inFlight++;
            if (keyTrack.firstBy == null) {
                keyTrack.firstBy = who;
            }
            refuse = keyTrack.attempts == 1 && refusedFirst(key);
            call = new Call(key, now, engine);
            track.inFlight.add(call);
        }
        if (latencyNanos > 0) {
            LockSupport.parkNanos(latencyNanos);
        }
        synchronized (track) {
            sequence.incrementAndGet();
            track.inFlight.remove(call);
            keyTrack.inFlight--;
            if (refuse) {
                if (keyTrack.delivered == 0 && keyTrack.inFlight == 0) {
                    track.capLog.remove(key);
                }
            } else {
                keyTrack.delivered++;
                track.lastMessageId = message.messageId();
            }
        }
        if (refuse) {
            refused.increment();
            throw new IllegalStateException("the provider refused the message (simulated), key " + key);
        }
        delivered.increment();
    }

    /** Counts a violation if the send decided at {@code decided} makes a window hold more than the cap. */
    private void checkCap(ContactTrack track, IdempotencyKey key, Instant decided, String who) {
        for (Instant end : track.capLog.values()) {
            if (end.isBefore(decided) || !end.isBefore(decided.plus(cap.window()))) {
                continue; // a window ending there would not hold this send
            }
            Instant start = end.minus(cap.window());
            long inWindow = track.capLog.values().stream().filter(at -> at.isAfter(start) && !at.isAfter(end)).count();
            if (inWindow > cap.maxSends()) {
                violations.add(Invariant.CAP_EXCEEDED, "key " + key + " decided at " + decided + ", sent by " + who
                        + ", makes " + inWindow + " sends decided in the window (" + start + ", " + end + "] of "
                        + cap);
                return;
            }
        }
    }

    private boolean refusedFirst(IdempotencyKey key) {
        long h = key.toString().hashCode() * 0x9E3779B97F4A7C15L ^ seed;
        return Math.floorMod(h ^ (h >>> 29), 40) == 0;
    }

    private void told(JourneyEvent event) {
        Feeding current = feeding.get();
        if (current != null) {
            current.told.add(event);
        }
        if (event instanceof JourneyEvent.MessageSent sent) {
            ContactTrack track = track(sent.message().contactId());
            synchronized (track) {
                track.keys.computeIfAbsent(sent.message().key(), k -> new KeyTrack()).reported++;
            }
        }
    }

    /**
     * Feeds one event to an engine on this thread and records what its {@code accept} reported.
     *
     * @param engine the engine
     * @param name the engine's name, for the examples
     * @param event the event
     * @param kind what the event is
     * @param callId a number unique to this call
     */
    void feed(JourneyEngine engine, String name, Event event, StressPlan.Kind kind, int callId) {
        ContactTrack track = track(event.contactId());
        if (kind == StressPlan.Kind.CONSENT_GIVEN) {
            synchronized (track) {
                track.giving = true;
            }
        }
        Feeding current = new Feeding();
        feeding.set(current);
        try {
            acceptances.get(engine.accept(event)).increment();
        } catch (RuntimeException failure) {
            acceptsThrown.increment();
            if (firstThrown == null) {
                firstThrown = "engine " + name + " threw on event '" + event.id() + "': " + failure;
            }
        } finally {
            feeding.remove();
            stamp(track, name, event, current.told, callId);
        }
    }

    /** Records, under one number, the stops and consent changes one {@code accept} reported as it returned. */
    private void stamp(ContactTrack track, String engine, Event event, List<JourneyEvent> told, int callId) {
        boolean applied = false;
        synchronized (track) {
            long now = sequence.incrementAndGet();
            String by = "event '" + event.id() + "' (" + event.type() + ") accepted by engine " + engine + " at #" + now;
            for (JourneyEvent e : told) {
                if (e instanceof JourneyEvent.Exited exited && (exited.cause() == ExitCause.EXIT_TRIGGER
                        || exited.cause() == ExitCause.UNSUBSCRIBED)) {
                    String instance = exited.instance().journeyId() + "#" + exited.instance().instance();
                    applied |= exited.detail().contains("event '" + event.id() + "'");
                    if (track.stoppedAt.putIfAbsent(instance, now) == null) {
                        track.stops.put(instance, exited.cause() + " of " + instance + " by " + by);
                        stops.increment();
                        countStarted(track, call -> instanceOf(call.key).equals(instance));
                    }
                } else if (e instanceof JourneyEvent.ConsentChanged changed
                        && changed.consent().channel().equals(StressJourneys.CHANNEL)) {
                    applied |= changed.cause().equals(event.id());
                    if (changed.withdrawn() && changed.consent().purpose().isEmpty()) {
                        if (track.withdrawnSince < 0) {
                            track.withdrawnSince = now;
                            track.withdrawnBy = "the unsubscribe " + by;
                            countStarted(track, call -> true);
                        }
                    } else if (!changed.withdrawn()) {
                        track.withdrawnSince = -1;
                    }
                } else if (e instanceof JourneyEvent.EffectCancelled cancelled && cancelled.callUnderWay()) {
                    track.calledAtStop.add(cancelled.effect().key());
                } else if (e instanceof JourneyEvent.Entered entered) {
                    applied |= entered.cause().equals(event.id());
                }
            }
            if (event.type().equals(InteractionTypes.CONSENT_GIVEN)) {
                track.giving = false;
            }
        }
        if (applied) {
            Integer first = appliedBy.putIfAbsent(event.contactId() + "/" + event.id(), callId);
            if (first != null && first != callId) {
                violations.add(Invariant.EVENT_APPLIED_TWICE, "event '" + event.id() + "' (" + event.type()
                        + ") of contact " + event.contactId() + " applied by two accepts, the second on engine "
                        + engine);
            }
        }
    }

    private void countStarted(ContactTrack track, Predicate<Call> concerned) {
        long started = track.inFlight.stream().filter(concerned).count();
        if (started > 0) {
            startedBeforeStop.add(started);
            mostStartedBeforeOneStop.accumulate(started);
        }
    }

    /** Returns the message id of the last message delivered to the contact, if any. */
    String lastMessageId(int contact) {
        ContactTrack track = contacts[contact];
        synchronized (track) {
            return track.lastMessageId;
        }
    }

    /** Returns how many {@code accept} calls returned the acceptance. */
    long accepted(Acceptance acceptance) {
        return acceptances.get(acceptance).sum();
    }

    /** Returns how many {@code accept} calls threw. */
    long acceptsThrown() {
        return acceptsThrown.sum();
    }

    /** Returns the first {@code accept} that threw, in words, or null. */
    String firstThrown() {
        return firstThrown;
    }

    /** Returns how many channel calls delivered. */
    long delivered() {
        return delivered.sum();
    }

    /** Returns how many channel calls the simulated provider refused. */
    long refused() {
        return refused.sum();
    }

    /** Returns how many stops (exits by purchase, unsubscribes) were accepted. */
    long stops() {
        return stops.sum();
    }

    /** Returns how many channel calls had started, and not ended, when a stop of theirs was accepted. */
    long startedBeforeStop() {
        return startedBeforeStop.sum();
    }

    /** Returns the most channel calls under way at one accepted stop. */
    long mostStartedBeforeOneStop() {
        return mostStartedBeforeOneStop.get();
    }

    /**
     * Keys whose deliveries and {@code MessageSent} reports differ.
     *
     * @param count how many keys
     * @param first the first one found, in words, or null
     */
    record Unreported(long count, String first) {
    }

    /** Returns the keys whose deliveries and {@code MessageSent} reports differ. */
    Unreported unreportedDeliveries() {
        long count = 0;
        String first = null;
        for (ContactTrack track : contacts) {
            synchronized (track) {
                for (Map.Entry<IdempotencyKey, KeyTrack> entry : track.keys.entrySet()) {
                    KeyTrack k = entry.getValue();
                    if (k.delivered != k.reported) {
                        count++;
                        if (first == null) {
                            first = "key " + entry.getKey() + " delivered " + k.delivered + " times, reported sent "
                                    + k.reported + " times";
                        }
                    }
                }
            }
        }
        return new Unreported(count, first);
    }
}
