package dev.journeys.core.engine;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Effect;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.JourneyException;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the engine writes into a log line at INFO and above about an event or a failure: ids,
 * kinds, counts and reasons, never an attribute value, a payload or message data. The records
 * themselves keep their full {@code toString} (handy in tests); a log line uses these instead.
 *
 * <p>Not instantiable; stateless and thread-safe.
 */
final class LogText {

    private LogText() {
    }

    /**
     * Returns a listener event as its kind and the ids of its journey, step and effect, without
     * the contact, payloads, message data or free text (an outcome or detail can quote a value).
     */
    static String of(JourneyEvent event) {
        String kind = event.getClass().getSimpleName();
        if (event instanceof JourneyEvent.StepReached reached) {
            return kind + " " + of(reached.instance()) + " at step '" + reached.stepId() + "'";
        } else if (event instanceof JourneyEvent.MessageSkipped skipped) {
            return kind + " " + of(skipped.instance()) + " at step '" + skipped.stepId() + "': " + skipped.reason();
        } else if (event instanceof JourneyEvent.SendDeferred deferred) {
            return kind + " " + of(deferred.instance()) + " at step '" + deferred.stepId() + "'";
        } else if (event instanceof JourneyEvent.PauseChanged pause) {
            return kind + " " + of(pause.instance()) + " at step '" + pause.stepId() + "'";
        } else if (event instanceof JourneyEvent.Migrated migrated) {
            return kind + " " + of(migrated.instance()) + " at step '" + migrated.stepId() + "'";
        } else if (event instanceof JourneyEvent.Exited exited) {
            return kind + " " + of(exited.instance()) + " at step '" + exited.stepId() + "': " + exited.cause();
        } else if (event instanceof JourneyEvent.InstanceEvent instanceEvent) {
            return kind + " " + of(instanceEvent.instance());
        } else if (event instanceof JourneyEvent.EntryDeclined declined) {
            return kind + " journey '" + declined.journeyId() + "': " + declined.reason();
        } else if (event instanceof JourneyEvent.ConsentChanged consent) {
            return kind + " " + consent.consent() + " by event '" + consent.cause() + "'";
        } else if (event instanceof JourneyEvent.MessageSent sent) {
            return kind + " " + of(sent.message());
        } else if (event instanceof JourneyEvent.ActionCompleted completed) {
            return kind + " " + of(completed.request());
        } else if (event instanceof JourneyEvent.DispatchFailed failed) {
            return kind + " " + of(failed.effect()) + " (attempt " + failed.attempt() + ")";
        } else if (event instanceof JourneyEvent.EffectCancelled cancelled) {
            return kind + " " + of(cancelled.effect());
        }
        return kind; // a kind added later: named, never printed whole (and a log line never throws)
    }

    /** Returns an effect as what it is (channel and message, or action) and where it was decided. */
    static String of(Effect effect) {
        IdempotencyKey key = effect.key();
        String where = "journey '" + key.journeyId() + "' v" + key.version() + " #" + key.instance() + " at step '"
                + key.stepId() + "' (visit " + key.visit() + ")";
        if (effect instanceof OutgoingMessage message) {
            return "message '" + message.message() + "' on " + message.channel() + " of " + where;
        } else if (effect instanceof ActionRequest request) {
            return "action '" + request.action() + "' of " + where;
        }
        return effect.getClass().getSimpleName() + " of " + where;
    }

    private static String of(InstanceRef instance) {
        return "journey '" + instance.journeyId() + "' v" + instance.version() + " #" + instance.instance();
    }

    /**
     * Returns a failure to log: a copy with the same types and stack frames in which only this
     * library's own exceptions keep their messages (they name ids, steps and limits, never values).
     * Any other message is left out: a channel's, a directory's or the JDK's can quote a value
     * ({@code "could not send to ana@example.com"}, {@code "Text 'x' could not be parsed"}), and a
     * driver's can quote a row. An {@link SQLException} keeps its SQL state.
     */
    static Throwable of(Throwable failure) {
        return copy(failure, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable failure, Map<Throwable, Throwable> copied) {
        Throwable done = copied.get(failure);
        if (done != null) {
            return done;
        }
        Logged copy = new Logged(summary(failure));
        copied.put(failure, copy);
        copy.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null) {
            copy.initCause(copy(failure.getCause(), copied));
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, copied));
        }
        return copy;
    }

    /** Returns a failure's type, and its message if it is one of this library's; see {@link #of(Throwable)}. */
    static String summary(Throwable failure) {
        String type = failure.getClass().getName();
        if (failure instanceof JourneyException) {
            return failure.getMessage() == null ? type : type + ": " + failure.getMessage();
        } else if (failure instanceof SQLException sql) {
            return type + " (SQL state " + sql.getSQLState() + "; message left out of the log)";
        }
        return type + " (message left out of the log)";
    }

    /** Stands in for a failure in a log line; its message names the type it stands for. */
    private static final class Logged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Logged(String description) {
            super(description); // its cause is left unset, for initCause
        }

        @Override
        public String toString() {
            return getMessage(); // the stack trace's header reads as the original's, "x.y.Type: message"
        }
    }
}
