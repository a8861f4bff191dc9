package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
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
 *         .withConsent("email")                                   // every email
 *         .withConsent(Consent.to("sms", "order-updates"))        // only order updates by text
 *         .withAttributes(Attributes.of("state", "TX"));
 * }</pre>
 *
 * <p>Consent is per channel and purpose: a send goes out only if a {@linkplain #consents()
 * consent} covers its channel and purpose and no {@linkplain #withdrawnConsents() withdrawal}
 * does. The engine adds the withdrawals it records itself (an unsubscribe) before it asks.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the contact's id, unique in the directory; valid by {@link IdRules} (well-formed Unicode,
 *     no control characters, at most {@value IdRules#MAX_CONTACT_ID_BYTES} bytes in UTF-8)
 * @param attributes what is known about the contact, read by conditions and content variants
 * @param zone the contact's time zone, used by waits until a local time of day and quiet hours
 * @param consents what the contact agreed to receive; a send nothing covers is skipped with
 *     {@link SkipReason#NO_CONSENT}
 * @param withdrawnConsents what the contact refused since; wins over {@code consents}
 * @param preferredChannel the channel the contact prefers, used by sends on the preferred channel
 */
public record Contact(String id, Attributes attributes, ZoneId zone, Set<Consent> consents,
                      Set<Consent> withdrawnConsents, Optional<String> preferredChannel) {

    /** Checks and copies the components. */
    public Contact {
        IdRules.requireContactId(id, "contact id");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(zone, "zone");
        consents = Set.copyOf(Objects.requireNonNull(consents, "consents"));
        withdrawnConsents = Set.copyOf(Objects.requireNonNull(withdrawnConsents, "withdrawnConsents"));
        Objects.requireNonNull(preferredChannel, "preferredChannel");
    }

    /**
     * Returns a contact with no attributes, in UTC, who has consented to nothing yet.
     *
     * @param id the contact's id
     * @return the contact
     */
    public static Contact of(String id) {
        return new Contact(id, Attributes.empty(), ZoneOffset.UTC, Set.of(), Set.of(), Optional.empty());
    }

    /** Returns a copy with these attributes. */
    public Contact withAttributes(Attributes attributes) {
        return new Contact(id, attributes, zone, consents, withdrawnConsents, preferredChannel);
    }

    /** Returns a copy in this time zone. */
    public Contact withZone(ZoneId zone) {
        return new Contact(id, attributes, zone, consents, withdrawnConsents, preferredChannel);
    }

    /** Returns a copy that has also consented to every message on these channels. */
    public Contact withConsent(String... channels) {
        Objects.requireNonNull(channels, "channels");
        Consent[] all = new Consent[channels.length];
        for (int i = 0; i < channels.length; i++) {
            all[i] = Consent.to(channels[i]);
        }
        return withConsent(all);
    }

    /** Returns a copy that has also given these consents; withdrawals they match are lifted. */
    public Contact withConsent(Consent... given) {
        Set<Consent> granted = new HashSet<>(consents);
        Set<Consent> withdrawn = new HashSet<>(withdrawnConsents);
        for (Consent consent : Objects.requireNonNull(given, "consents")) {
            granted.add(Objects.requireNonNull(consent, "consent"));
            withdrawn.remove(consent);
        }
        return new Contact(id, attributes, zone, granted, withdrawn, preferredChannel);
    }

    /** Returns a copy that no longer consents to anything on the channel. */
    public Contact withoutConsent(String channel) {
        Set<Consent> granted = new HashSet<>(consents);
        granted.removeIf(consent -> consent.channel().equals(channel));
        return new Contact(id, attributes, zone, granted, withdrawnConsents, preferredChannel);
    }

    /**
     * Returns a copy that withdrew these consents: a withdrawal of a channel stops every purpose
     * on it, a withdrawal of one purpose only that one, whatever was granted.
     */
    public Contact withWithdrawn(Collection<Consent> withdrawals) {
        if (withdrawals.isEmpty()) {
            return this;
        }
        Set<Consent> withdrawn = new HashSet<>(withdrawnConsents);
        withdrawn.addAll(withdrawals);
        return new Contact(id, attributes, zone, consents, withdrawn, preferredChannel);
    }

    /** Returns a copy that prefers this channel. */
    public Contact withPreferredChannel(String channel) {
        return new Contact(id, attributes, zone, consents, withdrawnConsents,
                Optional.of(Ids.requireText(channel, "channel")));
    }

    /**
     * Returns whether the contact accepts a message of the purpose on the channel: a consent
     * covers it and no withdrawal does.
     */
    public boolean hasConsented(String channel, String purpose) {
        return covered(consents, channel, purpose) && !covered(withdrawnConsents, channel, purpose);
    }

    private static boolean covered(Set<Consent> consents, String channel, String purpose) {
        if (consents.isEmpty()) {
            return false; // no iterator for the usual empty set of withdrawals
        }
        for (Consent consent : consents) {
            if (consent.covers(channel, purpose)) {
                return true;
            }
        }
        return false;
    }
}
