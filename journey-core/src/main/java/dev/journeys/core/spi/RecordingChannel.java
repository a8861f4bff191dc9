package dev.journeys.core.spi;

import dev.journeys.core.IdRules;
import dev.journeys.core.OutgoingMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link MessageChannel} that keeps every message it is given, in order, and delivers nothing.
 * The engine's default channel; handy in tests.
 *
 * <p>Thread-safe.
 */
public final class RecordingChannel implements MessageChannel {

    private final List<OutgoingMessage> sent = new ArrayList<>();

    /** Creates an empty recording channel; see {@link MessageChannel#recording()}. */
    public RecordingChannel() {
    }

    @Override
    public synchronized void send(OutgoingMessage message) {
        sent.add(Objects.requireNonNull(message, "message"));
    }

    /** Returns a copy of every message recorded, in the order they were sent. */
    public synchronized List<OutgoingMessage> sent() {
        return List.copyOf(sent);
    }

    /** Returns a copy of the messages recorded for one contact, in order. */
    public synchronized List<OutgoingMessage> sentTo(String contactId) {
        IdRules.requireContactId(contactId, "contactId");
        return sent.stream().filter(m -> m.contactId().equals(contactId)).toList();
    }

    /** Forgets every message recorded. */
    public synchronized void clear() {
        sent.clear();
    }
}
