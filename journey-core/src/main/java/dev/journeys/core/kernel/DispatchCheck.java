package dev.journeys.core.kernel;

import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.EventHistory;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SendPreview.Outcome;
import dev.journeys.core.SkipReason;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.kernel.SendDecider.Decision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The check a host makes right before a provider call, on the contact's latest committed state:
 * the effect is still pending as this host holds it (no other save since sent it, cancelled it or
 * claimed it after the hold ran out), its journey is neither paused nor stopped, and, for a
 * message, a suppression, consent and quiet hours still let it go. The rules are the ones a send
 * step applies when it decides ({@code SendDecider}), with the same reasons, so a message stopped
 * here is reported as a send step would report it: {@link JourneyEvent.MessageSkipped} with its
 * {@link SkipReason}, or {@link JourneyEvent.SendDeferred} past quiet hours. Frequency caps are not
 * checked again: they counted the message when it was decided.
 *
 * <p>Pure: no clock, no I/O; the host reads the state, the contact and their history.
 */
public final class DispatchCheck {

    private DispatchCheck() {
    }

    /** What the host does with an effect it was about to dispatch. */
    public sealed interface Verdict {
    }

    /** Dispatch it now. */
    public record Go() implements Verdict {
    }

    /**
     * Do not dispatch it, and report nothing: a save by another engine since this one's took it
     * out of the outbox (sent or cancelled it) or claimed it after this engine's hold ran out.
     *
     * @param why what was found, in words, for the log
     */
    public record Superseded(String why) implements Verdict {
        /** Checks the components. */
        public Superseded {
            Objects.requireNonNull(why, "why");
        }
    }

    /** Keep it, not due: its journey is paused, and it goes out when the journey is resumed. */
    public record Held() implements Verdict {
    }

    /**
     * Drop it and report it: its journey was stopped.
     *
     * @param event what to report
     */
    public record Cancelled(JourneyEvent.EffectCancelled event) implements Verdict {
        /** Checks the components. */
        public Cancelled {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * Drop it and report it: a suppression, missing consent or quiet hours longer than their
     * maximum deferral stop the message.
     *
     * @param event what to report
     */
    public record Skipped(JourneyEvent.MessageSkipped event) implements Verdict {
        /** Checks the components. */
        public Skipped {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * Keep it, due when quiet hours end, and report it.
     *
     * @param until when it is due again
     * @param event what to report
     */
    public record Deferred(Instant until, JourneyEvent.SendDeferred event) implements Verdict {
        /** Checks the components. */
        public Deferred {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(event, "event");
        }
    }

    private static final Go GO = new Go();
    private static final Held HELD = new Held();

    /**
     * Checks an effect right before its provider call.
     *
     * @param catalog the published journeys and the engine's rules
     * @param latest the contact's latest committed state
     * @param held the outbox entry as the host holds it (its hold's end is the token another
     *     engine's claim changes)
     * @param contact the contact as the directory knows them now
     * @param history what history conditions ask about the contact
     * @param now the host's time
     * @return what to do
     */
    public static Verdict check(JourneyCatalog catalog, ContactState latest, OutboxEntry held, Contact contact,
                                EventHistory history, Instant now) {
        Verdict lifecycle = checkJustDecided(catalog, latest, held, now);
        if (!(lifecycle instanceof Go) || !(held.effect() instanceof OutgoingMessage message)) {
            return lifecycle;
        }
        IdempotencyKey key = held.effect().key();
        Contact current = contact.withWithdrawn(latest.withdrawnConsents());
        CompiledJourney journey = catalog.version(key.journeyId(), key.version());
        Decision decision;
        if (journey == null) {
            // A version this engine has not loaded yet: consent, which needs no definition, still holds it back.
            decision = current.hasConsented(message.channel(), message.purpose()) ? null
                    : new Decision(Outcome.SKIP, SkipReason.NO_CONSENT, message.message(), null, message.channel(), null,
                    null, List.of());
        } else {
            decision = SendDecider.governance(catalog, journey, new Subject(current, history, now, catalog.segments()),
                    message.channel(), message.purpose(), message.message(), null, now, message.reachedAt(),
                    List.of(), false);
        }
        if (decision == null) {
            return GO;
        }
        InstanceRef instance = new InstanceRef(key.contactId(), key.journeyId(), key.version(), key.instance());
        if (decision.until() != null) {
            return new Deferred(decision.until(),
                    new JourneyEvent.SendDeferred(instance, key.stepId(), decision.why(), decision.until(), now));
        }
        return new Skipped(new JourneyEvent.MessageSkipped(instance, key.stepId(), decision.skipReason(), now));
    }

    /**
     * Checks an effect right before its provider call when the message rules stand as they were
     * decided: the kernel decided the effect at {@code now}, with this catalog, on the contact as
     * {@code latest} holds them (the same withdrawals), and every save since was the host's own
     * change of the outbox. A suppression, consent and quiet hours then answer as they did moments
     * ago, so only what a change of the outbox says is checked: the effect is still pending as held,
     * its journey neither paused nor stopped. The host's compare-and-set write that it is calling
     * the provider proves that no other save came in between; if one did, the host reads it and
     * makes the full {@link #check} on it.
     *
     * @param catalog the catalog the effect was decided with
     * @param latest the contact's latest committed state
     * @param held the outbox entry as the host holds it
     * @param now the instant the effect was decided at
     * @return what to do
     */
    public static Verdict checkJustDecided(JourneyCatalog catalog, ContactState latest, OutboxEntry held,
                                           Instant now) {
        IdempotencyKey key = held.effect().key();
        if (!isPending(latest.outbox(), held)) {
            return new Superseded("a save since this engine's took it out of the outbox or claimed it again");
        }
        if (catalog.is(key.journeyId(), JourneyStatus.PAUSED)) {
            return HELD;
        }
        if (catalog.is(key.journeyId(), JourneyStatus.STOPPED)) {
            return new Cancelled(new JourneyEvent.EffectCancelled(held.effect(), "its journey was stopped", now));
        }
        return GO;
    }

    /** Returns whether the outbox holds the entry exactly as held: same effect, attempts and hold. */
    private static boolean isPending(List<OutboxEntry> outbox, OutboxEntry held) {
        for (int i = 0; i < outbox.size(); i++) {
            OutboxEntry entry = outbox.get(i);
            if (entry == held || entry.equals(held)) {
                return true;
            }
        }
        return false;
    }
}
