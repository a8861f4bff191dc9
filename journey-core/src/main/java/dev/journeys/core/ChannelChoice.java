package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.List;
import java.util.Objects;

/**
 * Which channel a {@link Step.Send} uses.
 *
 * <p>All kinds are immutable and thread-safe.
 */
public sealed interface ChannelChoice {

    /**
     * Picks the channel for a contact.
     *
     * @param contact the contact the message is for
     * @param purpose the message's purpose, which consent is checked for
     * @return the channel's name
     */
    String channelFor(Contact contact, String purpose);

    /** Returns every channel this choice may pick. */
    List<String> channels();

    /**
     * Always the same channel.
     *
     * @param channel the channel's name, such as {@code email}
     */
    record Fixed(String channel) implements ChannelChoice {
        /** Checks the component. */
        public Fixed {
            Ids.requireText(channel, "channel");
        }

        @Override
        public String channelFor(Contact contact, String purpose) {
            return channel;
        }

        @Override
        public List<String> channels() {
            return List.of(channel);
        }

        @Override
        public String toString() {
            return channel;
        }
    }

    /**
     * The contact's preferred channel if it is among the allowed ones and consented to; else the
     * first allowed channel the contact consented to (for the message's purpose); else the first allowed channel (whose send
     * is then skipped for want of consent).
     *
     * @param allowed the channels that may be used, in order of preference; at least one
     */
    record Preferred(List<String> allowed) implements ChannelChoice {
        /** Checks and copies the component. */
        public Preferred {
            allowed = List.copyOf(allowed);
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("a preferred-channel send needs at least one allowed channel");
            }
            allowed.forEach(channel -> Ids.requireText(channel, "channel"));
        }

        @Override
        public String channelFor(Contact contact, String purpose) {
            return contact.preferredChannel()
                    .filter(allowed::contains)
                    .filter(channel -> contact.hasConsented(channel, purpose))
                    .or(() -> allowed.stream().filter(channel -> contact.hasConsented(channel, purpose)).findFirst())
                    .orElse(allowed.get(0));
        }

        @Override
        public List<String> channels() {
            return allowed;
        }

        @Override
        public String toString() {
            return "preferred of " + allowed;
        }
    }

    /** Returns the fixed channel. */
    static ChannelChoice of(String channel) {
        return new Fixed(channel);
    }

    /** Returns the contact's preferred channel among the allowed ones. */
    static ChannelChoice preferred(String... allowed) {
        Objects.requireNonNull(allowed, "allowed");
        return new Preferred(List.of(allowed));
    }
}
