package dev.journeys.testkit;

import dev.journeys.core.ExitCause;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Assertions on one contact's history, in the words of a journey: what they received, when,
 * where they are, how they left. Every failure message shows the contact's timeline.
 *
 * <p>Not thread-safe; use it on one thread, as AssertJ assertions are.
 */
public final class ContactAssert extends AbstractAssert<ContactAssert, ContactHistory> {

    ContactAssert(ContactHistory actual) {
        super(actual, ContactAssert.class);
    }

    private List<String> messages() {
        return actual.sent().stream().map(OutgoingMessage::message).toList();
    }

    private void fail(String expectation) {
        failWithMessage("%s%n%s", expectation, actual.timeline());
    }

    /** Checks the contact received exactly these messages, in this order. */
    public ContactAssert received(String... messages) {
        isNotNull();
        List<String> expected = List.of(java.util.Objects.requireNonNull(messages, "messages"));
        if (!messages().equals(expected)) {
            fail("expected contact '" + actual.contactId() + "' to have received exactly " + expected
                    + " in that order, but received " + messages());
        }
        return this;
    }

    /** Checks the contact received the message (at least once). */
    public ContactAssert hasReceived(String message) {
        isNotNull();
        if (!messages().contains(message)) {
            fail("expected contact '" + actual.contactId() + "' to have received '" + message + "', but received "
                    + messages());
        }
        return this;
    }

    /** Checks the contact never received the message. */
    public ContactAssert neverReceived(String message) {
        isNotNull();
        if (messages().contains(message)) {
            fail("expected contact '" + actual.contactId() + "' never to receive '" + message + "', but they did");
        }
        return this;
    }

    /** Checks the contact received the message at exactly this instant. */
    public ContactAssert receivedAt(String message, Instant at) {
        Instant when = firstSent(message);
        if (!when.equals(at)) {
            fail("expected contact '" + actual.contactId() + "' to receive '" + message + "' at " + at
                    + ", but it was sent at " + when);
        }
        return this;
    }

    /** Checks the contact received the message no later than the duration after they first entered a journey. */
    public ContactAssert receivedWithin(String message, Duration afterEntry) {
        isNotNull();
        Objects.requireNonNull(afterEntry, "afterEntry");
        JourneyEvent.MessageSent sent = firstSentEvent(message);
        var key = sent.message().key();
        Instant entered = actual.eventsOf(JourneyEvent.Entered.class).stream()
                .filter(e -> e.instance().journeyId().equals(key.journeyId()) && e.instance().instance() == key.instance())
                .map(JourneyEvent::at).findFirst().orElse(null);
        if (entered == null) {
            fail("expected contact '" + actual.contactId() + "' to have entered the instance that sent '" + message
                    + "', but its entry was not seen");
        } else if (sent.at().isAfter(entered.plus(afterEntry))) {
            fail("expected contact '" + actual.contactId() + "' to receive '" + message + "' within " + afterEntry
                    + " of entering at " + entered + ", but it was sent at " + sent.at());
        }
        return this;
    }

    private Instant firstSent(String message) {
        return firstSentEvent(message).at();
    }

    private JourneyEvent.MessageSent firstSentEvent(String message) {
        isNotNull();
        Optional<JourneyEvent.MessageSent> sent = actual.eventsOf(JourneyEvent.MessageSent.class).stream()
                .filter(e -> e.message().message().equals(message)).findFirst();
        if (sent.isEmpty()) {
            fail("expected contact '" + actual.contactId() + "' to have received '" + message + "', but received "
                    + messages());
        }
        return sent.orElseThrow();
    }

    /** Checks the contact is in the journey now, waiting at the step. */
    public ContactAssert isWaitingAt(String journeyId, String stepId) {
        isNotNull();
        Optional<JourneyInstance> instance = actual.state().flatMap(s -> s.instanceOf(journeyId));
        if (instance.isEmpty() || !instance.get().stepId().equals(stepId)) {
            fail("expected contact '" + actual.contactId() + "' to be waiting at step '" + stepId + "' of '"
                    + journeyId + "', but " + instance.map(i -> "they are at '" + i.stepId() + "'")
                    .orElse("they are not in that journey"));
        }
        return this;
    }

    /** Checks the contact's last exit from the journey had this cause. */
    public ContactAssert exited(String journeyId, ExitCause cause) {
        isNotNull();
        List<JourneyEvent.Exited> exits = actual.eventsOf(JourneyEvent.Exited.class).stream()
                .filter(e -> e.instance().journeyId().equals(journeyId)).toList();
        if (exits.isEmpty() || exits.get(exits.size() - 1).cause() != cause) {
            fail("expected contact '" + actual.contactId() + "' to have exited '" + journeyId + "' with " + cause
                    + ", but " + (exits.isEmpty() ? "they never exited it"
                    : "the last exit was " + exits.get(exits.size() - 1).cause()));
        }
        if (actual.state().flatMap(s -> s.instanceOf(journeyId)).isPresent()) {
            fail("expected contact '" + actual.contactId() + "' to have exited '" + journeyId + "' with " + cause
                    + ", and they did, but they are in it again now");
        }
        return this;
    }
}
