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
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param message the message sent when no variant applies
 * @param channel which channel carries it
 * @param variants conditional content, the first that holds wins
 * @param category marketing (the default, capped) or transactional
 */
public record Message(String message, ChannelChoice channel, List<ContentVariant> variants,
                      MessageCategory category) {

    /** Checks and copies the components. */
    public Message {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(channel, "channel");
        variants = List.copyOf(variants);
        Objects.requireNonNull(category, "category");
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
        return new Message(message, ChannelChoice.of(channel), List.of(), MessageCategory.MARKETING);
    }

    /** Returns a message on the contact's preferred channel among the allowed ones. */
    public static Message preferred(String message, String... allowedChannels) {
        return new Message(message, ChannelChoice.preferred(allowedChannels), List.of(), MessageCategory.MARKETING);
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
        return new Message(message, channel, all, category);
    }

    /** Returns a copy that is a transactional message, which frequency caps skip unless told otherwise. */
    public Message transactional() {
        return new Message(message, channel, variants, MessageCategory.TRANSACTIONAL);
    }
}
