package dev.journeys.core;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A person a journey talks to, as the host's {@link dev.journeys.core.spi.ContactDirectory}
 * describes them.
 *
 * <pre>{@code
 * Contact ana = Contact.of("ana")
 *         .withZone(ZoneId.of("America/Chicago"))
 *         .withConsent("email")
 *         .withAttributes(Attributes.of("state", "TX"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the contact's id, unique in the directory
 * @param attributes what is known about the contact, read by conditions and content variants
 * @param zone the contact's time zone, used by waits until a local time of day
 * @param consentedChannels the channels the contact has agreed to receive messages on; a send
 *     on any other channel is skipped with {@link SkipReason#NO_CONSENT}
 * @param preferredChannel the channel the contact prefers, used by sends on the preferred channel
 */
public record Contact(String id, Attributes attributes, ZoneId zone, Set<String> consentedChannels,
                      Optional<String> preferredChannel) {

    /** Checks and copies the components. */
    public Contact {
        Ids.requireText(id, "contact id");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(zone, "zone");
        consentedChannels = Set.copyOf(Objects.requireNonNull(consentedChannels, "consentedChannels"));
        Objects.requireNonNull(preferredChannel, "preferredChannel");
    }

    /**
     * Returns a contact with no attributes, in UTC, who has consented to nothing yet.
     *
     * @param id the contact's id
     * @return the contact
     */
    public static Contact of(String id) {
        return new Contact(id, Attributes.empty(), ZoneOffset.UTC, Set.of(), Optional.empty());
    }

    /** Returns a copy with these attributes. */
    public Contact withAttributes(Attributes attributes) {
        return new Contact(id, attributes, zone, consentedChannels, preferredChannel);
    }

    /** Returns a copy in this time zone. */
    public Contact withZone(ZoneId zone) {
        return new Contact(id, attributes, zone, consentedChannels, preferredChannel);
    }

    /** Returns a copy that has also consented to these channels. */
    public Contact withConsent(String... channels) {
        Set<String> all = new java.util.HashSet<>(consentedChannels);
        for (String channel : Objects.requireNonNull(channels, "channels")) {
            all.add(Ids.requireText(channel, "channel"));
        }
        return new Contact(id, attributes, zone, all, preferredChannel);
    }

    /** Returns a copy whose consent to this channel is revoked. */
    public Contact withoutConsent(String channel) {
        Set<String> all = new java.util.HashSet<>(consentedChannels);
        all.remove(channel);
        return new Contact(id, attributes, zone, all, preferredChannel);
    }

    /** Returns a copy that prefers this channel. */
    public Contact withPreferredChannel(String channel) {
        return new Contact(id, attributes, zone, consentedChannels,
                Optional.of(Ids.requireText(channel, "channel")));
    }

    /** Returns whether the contact has consented to messages on the channel. */
    public boolean hasConsented(String channel) {
        return consentedChannels.contains(channel);
    }
}
