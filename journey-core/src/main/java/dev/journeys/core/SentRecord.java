package dev.journeys.core;

import java.util.Objects;

/**
 * One send in a contact's send log, which frequency caps count. The log keeps only what a cap
 * can still see: entries older than the longest cap window are dropped.
 *
 * <p>Immutable and thread-safe.
 *
 * @param atMillis when it was sent, epoch milliseconds
 * @param journeyId the journey that sent it
 * @param channel the channel
 * @param category the message's category
 */
public record SentRecord(long atMillis, String journeyId, String channel, MessageCategory category) {
    /** Checks the components. */
    public SentRecord {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(category, "category");
    }
}
