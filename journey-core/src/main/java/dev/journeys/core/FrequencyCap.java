package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * At most {@code maxSends} messages per contact in any rolling window. What happens to a send
 * that would exceed it is the cap's {@link WhenReached} rule: by default it is skipped, the
 * contact goes on along the path, and the skip is recorded with {@link SkipReason#CAPPED}; a
 * deferring cap holds the contact at the send until the window has room (a {@code SendDeferred}
 * event), unless that is later than {@code maxDeferral} after the contact reached the send, and
 * then skips it; an exiting cap ends the instance ({@link ExitCause#CAP_REACHED}).
 *
 * <pre>{@code
 * FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email")   // scenario S2, set on the engine
 * FrequencyCap.of(1, Duration.ofDays(1)).deferringUpTo(Duration.ofDays(2))
 * }</pre>
 *
 * <p>A cap set on the engine ({@code JourneyEngineBuilder.frequencyCap}) counts the sends of every
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
 * @param whenReached what happens to a send over the cap
 * @param maxDeferral for a deferring cap, the longest a send may be held, counted from when the
 *     contact reached it; zero otherwise
 */
public record FrequencyCap(int maxSends, Duration window, Optional<String> channel, boolean includeTransactional,
                           WhenReached whenReached, Duration maxDeferral) {

    /** What happens to a send that would exceed the cap. */
    public enum WhenReached {
        /** It is skipped and the contact goes on. The default. */
        SKIP,
        /** The contact waits at the send until the window has room, up to the maximum deferral. */
        DEFER,
        /** The instance ends. */
        EXIT
    }

    /** Checks the components. */
    public FrequencyCap {
        if (maxSends < 1) {
            throw new IllegalArgumentException("frequency cap must allow at least 1 send, was " + maxSends);
        }
        TimeBounds.requireDuration(window, "frequency cap window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("frequency cap window must be positive, was " + window);
        }
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(whenReached, "whenReached");
        TimeBounds.requireDuration(maxDeferral, "frequency cap maxDeferral");
        if (whenReached == WhenReached.DEFER ? maxDeferral.isNegative() || maxDeferral.isZero()
                : !maxDeferral.isZero()) {
            throw new IllegalArgumentException("frequency cap maxDeferral must be positive for a deferring cap and "
                    + "zero otherwise, was " + maxDeferral + " for " + whenReached);
        }
    }

    /** Returns a cap of marketing messages on all channels, whose excess sends are skipped. */
    public static FrequencyCap of(int maxSends, Duration window) {
        return new FrequencyCap(maxSends, window, Optional.empty(), false, WhenReached.SKIP, Duration.ZERO);
    }

    /** Returns a copy that counts and caps one channel only. */
    public FrequencyCap onChannel(String channel) {
        return new FrequencyCap(maxSends, window, Optional.of(Ids.requireText(channel, "channel")), includeTransactional,
                whenReached, maxDeferral);
    }

    /** Returns a copy that counts and caps transactional messages too. */
    public FrequencyCap includingTransactional() {
        return new FrequencyCap(maxSends, window, channel, true, whenReached, maxDeferral);
    }

    /**
     * Returns a copy that defers a send over the cap until the window has room, unless that is
     * later than {@code maxDeferral} after the contact reached the send; then it is skipped.
     *
     * @param maxDeferral the longest hold, positive
     * @return the new cap
     */
    public FrequencyCap deferringUpTo(Duration maxDeferral) {
        return new FrequencyCap(maxSends, window, channel, includeTransactional, WhenReached.DEFER, maxDeferral);
    }

    /** Returns a copy that ends the instance at a send over the cap. */
    public FrequencyCap exitingWhenReached() {
        return new FrequencyCap(maxSends, window, channel, includeTransactional, WhenReached.EXIT, Duration.ZERO);
    }

    /** Returns whether the cap counts a send of this channel and category. */
    public boolean counts(String sendChannel, MessageCategory category) {
        return (includeTransactional || category == MessageCategory.MARKETING)
                && channel.map(sendChannel::equals).orElse(true);
    }

    @Override
    public String toString() {
        return "at most " + maxSends + (includeTransactional ? " message" : " marketing message")
                + (maxSends == 1 ? "" : "s")
                + channel.map(c -> " on " + c).orElse("") + " per " + window
                + switch (whenReached) {
                    case SKIP -> "";
                    case DEFER -> ", deferred up to " + maxDeferral;
                    case EXIT -> ", exit when reached";
                };
    }
}
