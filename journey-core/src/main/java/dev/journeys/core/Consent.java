package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;
import java.util.Optional;

/**
 * Permission to message a contact on one channel, for one purpose or for every purpose.
 *
 * <pre>{@code
 * Consent.to("email")                    // every email
 * Consent.to("email", "newsletter")      // only emails whose purpose is "newsletter"
 * }</pre>
 *
 * <p>A {@link Contact} holds the consents it was given and the ones it withdrew; a withdrawal
 * wins over a grant it covers. Every send has a purpose (see {@link Step.Send#purpose()}), and
 * it goes out only if the contact consented to its channel for that purpose.
 *
 * <p>Immutable and thread-safe.
 *
 * @param channel the channel, such as {@code email}
 * @param purpose the one purpose covered, or empty for every purpose on the channel
 */
public record Consent(String channel, Optional<String> purpose) {

    /** Checks the components. */
    public Consent {
        Ids.requireText(channel, "channel");
        Objects.requireNonNull(purpose, "purpose");
        purpose.ifPresent(p -> Ids.requireText(p, "purpose"));
    }

    /** Returns consent to every message on the channel. */
    public static Consent to(String channel) {
        return new Consent(channel, Optional.empty());
    }

    /** Returns consent to messages of one purpose on the channel. */
    public static Consent to(String channel, String purpose) {
        return new Consent(channel, Optional.of(purpose));
    }

    /** Returns whether this consent covers a message of the purpose on the channel. */
    public boolean covers(String channel, String purpose) {
        return this.channel.equals(channel) && (this.purpose.isEmpty() || this.purpose.get().equals(purpose));
    }

    @Override
    public String toString() {
        return channel + purpose.map(p -> " for " + p).orElse("");
    }
}
