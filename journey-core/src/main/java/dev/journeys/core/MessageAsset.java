package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;
import java.util.Optional;

/**
 * A message (asset) the host has: its id, as a {@link Step.Send} or {@link ContentVariant} names
 * it, and the one channel it is made for, or none if it suits every channel.
 *
 * <pre>{@code
 * MessageAsset.of("brew-tips")               // any channel
 * MessageAsset.on("sms", "teaser-short")     // only on sms
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the message's id
 * @param channel the one channel it is made for, or empty for every channel
 */
public record MessageAsset(String id, Optional<String> channel) {

    /** Checks the components. */
    public MessageAsset {
        Ids.requireText(id, "message");
        Objects.requireNonNull(channel, "channel");
        channel.ifPresent(c -> Ids.requireText(c, "channel"));
    }

    /** Returns an asset that suits every channel. */
    public static MessageAsset of(String id) {
        return new MessageAsset(id, Optional.empty());
    }

    /** Returns an asset made for one channel. */
    public static MessageAsset on(String channel, String id) {
        return new MessageAsset(id, Optional.of(Ids.requireText(channel, "channel")));
    }

    /** Returns whether this asset is the message with the id, on the channel. */
    public boolean covers(String messageId, String sendChannel) {
        return id.equals(messageId) && channel.map(sendChannel::equals).orElse(true);
    }

    @Override
    public String toString() {
        return "'" + id + "'" + channel.map(c -> " on " + c).orElse("");
    }
}
