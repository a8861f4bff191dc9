package dev.journeys.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * At most {@code maxSends} messages per contact in any rolling window: a send that would exceed
 * it is skipped, the contact goes on along the path, and the skip is recorded with
 * {@link SkipReason#CAPPED}.
 *
 * <pre>{@code
 * FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email")   // scenario S2, set on the engine
 * }</pre>
 *
 * <p>A cap set on the engine ({@code JourneyEngine.Builder.frequencyCap}) counts the sends of every
 * journey; a cap set on a journey ({@code JourneyOptions.frequencyCap}) counts only that
 * journey's. Only {@link MessageCategory#MARKETING} messages are counted and capped unless
 * {@link #includingTransactional()} says otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxSends the most sends allowed in the window, at least 1
 * @param window the rolling window, positive
 * @param channel the one channel counted and capped, or empty for all channels
 * @param includeTransactional whether transactional messages are counted and capped too
 */
public record FrequencyCap(int maxSends, Duration window, Optional<String> channel, boolean includeTransactional) {

    /** Checks the components. */
    public FrequencyCap {
        if (maxSends < 1) {
            throw new IllegalArgumentException("frequency cap must allow at least 1 send, was " + maxSends);
        }
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("frequency cap window must be positive, was " + window);
        }
        Objects.requireNonNull(channel, "channel");
    }

    /** Returns a cap of marketing messages on all channels. */
    public static FrequencyCap of(int maxSends, Duration window) {
        return new FrequencyCap(maxSends, window, Optional.empty(), false);
    }

    /** Returns a copy that counts and caps one channel only. */
    public FrequencyCap onChannel(String channel) {
        return new FrequencyCap(maxSends, window, Optional.of(Ids.requireText(channel, "channel")), includeTransactional);
    }

    /** Returns a copy that counts and caps transactional messages too. */
    public FrequencyCap includingTransactional() {
        return new FrequencyCap(maxSends, window, channel, true);
    }

    /** Returns whether the cap counts a send of this channel and category. */
    public boolean counts(String sendChannel, MessageCategory category) {
        return (includeTransactional || category == MessageCategory.MARKETING)
                && channel.map(sendChannel::equals).orElse(true);
    }

    @Override
    public String toString() {
        return "at most " + maxSends + (includeTransactional ? " messages" : " marketing messages")
                + channel.map(c -> " on " + c).orElse("") + " per " + window;
    }
}
