package dev.journeys.dsl;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.MessageCategory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a send step sends: a message (asset) name, a channel, and optional conditional content.
 *
 * <pre>{@code
 * Message.email("teaser-online")
 *         .withVariant(Condition.attribute("nearestStore").exists(), "teaser-nearby-store");
 * Message.preferred("thank-you", "email", "sms");
 * Message.email("teaser-nearby-store").withFields("nearestStore");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param message the message sent when no variant applies
 * @param channel which channel carries it
 * @param variants conditional content, the first that holds wins
 * @param category marketing (the default, capped) or transactional
 * @param purpose what the message is for, which the contact must have consented to; by default
 *     the category's {@linkplain MessageCategory#defaultPurpose() purpose}
 * @param fields the contact attributes passed to the channel for personalisation
 */
public record Message(String message, ChannelChoice channel, List<ContentVariant> variants,
                      MessageCategory category, String purpose, List<String> fields) {

    /** Checks and copies the components. */
    public Message {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(channel, "channel");
        variants = List.copyOf(variants);
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        fields = List.copyOf(fields);
    }

    /** Returns an email. */
    public static Message email(String message) {
        return on("email", message);
    }

    /** Returns a text message, on channel {@code sms}. */
    public static Message sms(String message) {
        return on("sms", message);
    }

    /** Returns a push notification, on channel {@code push}. */
    public static Message push(String message) {
        return on("push", message);
    }

    /** Returns a message on a named channel. */
    public static Message on(String channel, String message) {
        return new Message(message, ChannelChoice.of(channel), List.of(), MessageCategory.MARKETING,
                MessageCategory.MARKETING.defaultPurpose(), List.of());
    }

    /** Returns a message on the contact's preferred channel among the allowed ones. */
    public static Message preferred(String message, String... allowedChannels) {
        return new Message(message, ChannelChoice.preferred(allowedChannels), List.of(), MessageCategory.MARKETING,
                MessageCategory.MARKETING.defaultPurpose(), List.of());
    }

    /**
     * Returns a copy that sends another message when the condition holds for the contact.
     *
     * @param when the condition
     * @param variant the message sent then
     * @return the new message
     */
    public Message withVariant(Condition when, String variant) {
        List<ContentVariant> all = new ArrayList<>(variants);
        all.add(new ContentVariant(when, variant));
        return new Message(message, channel, all, category, purpose, fields);
    }

    /**
     * Returns a copy that is a transactional message, which frequency caps skip unless told
     * otherwise; its purpose becomes {@code transactional} unless one was set.
     */
    public Message transactional() {
        return new Message(message, channel, variants, MessageCategory.TRANSACTIONAL,
                purpose.equals(category.defaultPurpose()) ? MessageCategory.TRANSACTIONAL.defaultPurpose() : purpose,
                fields);
    }

    /**
     * Returns a copy for a purpose the contact must have consented to, such as {@code newsletter}:
     * a contact who gave {@code Consent.to("email", "newsletter")} or consent to every email gets
     * it, and one who unsubscribed from newsletters does not.
     *
     * @param purpose the purpose
     * @return the new message
     */
    public Message forPurpose(String purpose) {
        return new Message(message, channel, variants, category, Objects.requireNonNull(purpose, "purpose"), fields);
    }

    /**
     * Returns a copy that passes these contact attributes to the channel with the message, for
     * personalisation ({@code OutgoingMessage.data()}), such as the name of the contact's nearest
     * store in scenario S2.
     *
     * @param attributes the contact attributes' names
     * @return the new message
     */
    public Message withFields(String... attributes) {
        return new Message(message, channel, variants, category, purpose, List.of(attributes));
    }
}
