package dev.journeys.testkit;

import dev.journeys.core.IdRules;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.JourneyListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link JourneyListener} that keeps every event per contact, in order, and prints a
 * contact's timeline: when they entered, what they were sent, how they waited and branched,
 * and why they left.
 *
 * <pre>{@code
 * Timeline timeline = new Timeline();
 * JourneyEngine engine = JourneyEngine.builder().listener(timeline) ... .build();
 * ...
 * System.out.println(timeline.format("ana"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Timeline implements JourneyListener {

    private final Map<String, List<JourneyEvent>> byContact = new LinkedHashMap<>();

    /** Creates an empty timeline. */
    public Timeline() {
    }

    @Override
    public synchronized void on(JourneyEvent event) {
        byContact.computeIfAbsent(event.contactId(), id -> new ArrayList<>()).add(event);
    }

    /** Returns the events of one contact, in the order they happened; empty if there are none. */
    public synchronized List<JourneyEvent> of(String contactId) {
        return List.copyOf(byContact.getOrDefault(IdRules.requireContactId(contactId, "contactId"), List.of()));
    }

    /** Returns the ids of the contacts with events, in the order they first had one. */
    public synchronized List<String> contacts() {
        return List.copyOf(byContact.keySet());
    }

    /** Returns the events of one contact of a kind, in order. */
    public <T extends JourneyEvent> List<T> of(String contactId, Class<T> kind) {
        Objects.requireNonNull(kind, "kind");
        return of(contactId).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Returns one contact's timeline as text, a line per event.
     *
     * @param contactId the contact
     * @return the timeline
     */
    public String format(String contactId) {
        StringBuilder text = new StringBuilder(contactId).append('\n');
        for (JourneyEvent event : of(contactId)) {
            text.append("  ").append(event.at()).append("  ").append(describe(event)).append('\n');
        }
        return text.toString();
    }

    /** Returns one event in words. */
    public static String describe(JourneyEvent event) {
        if (event instanceof JourneyEvent.Entered e) {
            return "entered " + e.instance().journeyId() + " v" + e.instance().version()
                    + " (#" + e.instance().instance() + ", by " + e.cause() + ")";
        }
        if (event instanceof JourneyEvent.EntryDeclined e) {
            return "not entered " + e.journeyId() + ": " + e.reason() + " (" + e.detail() + ")";
        }
        if (event instanceof JourneyEvent.EntryQueued e) {
            return "queued for " + e.instance().journeyId() + " v" + e.instance().version() + " (#"
                    + e.instance().instance() + "), admitted at " + e.admitAt();
        }
        if (event instanceof JourneyEvent.ConsentChanged e) {
            return (e.withdrawn() ? "withdrew consent to " : "gave consent again to ") + e.consent() + " (by "
                    + e.cause() + ")";
        }
        if (event instanceof JourneyEvent.StepReached e) {
            return "[" + e.stepId() + "] " + e.outcome();
        }
        if (event instanceof JourneyEvent.MessageSent e) {
            return "sent '" + e.message().message() + "' on " + e.message().channel() + " (" + e.message().key() + ")";
        }
        if (event instanceof JourneyEvent.MessageSkipped e) {
            return "skipped the send of [" + e.stepId() + "]: " + e.reason();
        }
        if (event instanceof JourneyEvent.PauseChanged e) {
            return (e.paused() ? "paused at [" : "resumed at [") + e.stepId() + "]: " + e.trigger();
        }
        if (event instanceof JourneyEvent.Migrated e) {
            return "moved from " + e.instance().journeyId() + " v" + e.fromVersion() + " [" + e.fromStep() + "] to v"
                    + e.instance().version() + " [" + e.stepId() + "]";
        }
        if (event instanceof JourneyEvent.SendDeferred e) {
            return "held the send of [" + e.stepId() + "] until " + e.until() + ": " + e.reason();
        }
        if (event instanceof JourneyEvent.ActionCompleted e) {
            return "ran action '" + e.request().action() + "'";
        }
        if (event instanceof JourneyEvent.DispatchFailed e) {
            return "dispatch of " + e.effect().key() + " failed (attempt " + e.attempt() + "): " + e.reason()
                    + (e.willRetry() ? "; will retry" : "; dropped");
        }
        if (event instanceof JourneyEvent.EffectCancelled e) {
            return "cancelled " + e.effect().key() + ": " + e.reason();
        }
        if (event instanceof JourneyEvent.GoalReached e) {
            return "reached goal '" + e.goal() + "'";
        }
        if (event instanceof JourneyEvent.InstanceParked e) {
            return "parked " + e.instance().journeyId() + " v" + e.instance().version() + " (#"
                    + e.instance().instance() + ") at [" + e.stepId() + "]: " + e.reason();
        }
        if (event instanceof JourneyEvent.InstanceRetried e) {
            return "retried " + e.instance().journeyId() + " (#" + e.instance().instance() + ") at [" + e.stepId() + "]";
        }
        if (event instanceof JourneyEvent.InteractionBeforeSend e) {
            return "did not count event '" + e.eventId() + "' as an interaction with [" + e.stepId() + "]: it happened at "
                    + e.occurredAt() + ", before the send (" + e.sentAt() + ")";
        }
        if (event instanceof JourneyEvent.Exited e) {
            return "exited " + e.instance().journeyId() + " at [" + e.stepId() + "]: " + e.cause() + " (" + e.detail() + ")";
        }
        throw new AssertionError(event);
    }
}
