package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a contact: a form submission, a purchase, or an interaction with a
 * message the engine sent.
 *
 * <p>Interaction events ({@link InteractionTypes}) carry the {@linkplain #messageId() message id}
 * the engine gave the send, so the engine can tell which journey instance and step they are
 * about. The engine drops a second event with the same id for the same contact.
 *
 * <pre>{@code
 * Event submitted = Event.of("e-1", "form.submitted", "ana", at)
 *         .withPayload(Attributes.of("form", "french-press-guide"));
 * Event click = Event.linkClicked("e-2", "ana", at, message.messageId(), "shop-grinders");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the event's id, unique per contact; used to drop duplicates; valid by {@link IdRules}
 *     (at most {@value IdRules#MAX_EVENT_ID_BYTES} bytes in UTF-8)
 * @param type what happened, such as {@code form.submitted}
 * @param contactId whom it happened to; valid by {@link IdRules}
 * @param occurredAt when it happened
 * @param payload what the event says, read by trigger filters and conditions
 * @param messageId for an interaction, the id of the message it is about
 */
public record Event(String id, String type, String contactId, Instant occurredAt, Attributes payload,
                    Optional<String> messageId) {

    /** The payload field that names the link of a {@link InteractionTypes#LINK_CLICKED} event. */
    public static final String LINK = "link";

    /** The payload field that names the channel of an unsubscribe or a consent event. */
    public static final String CHANNEL = "channel";

    /** The payload field that names the purpose of an unsubscribe or a consent event, if only one. */
    public static final String PURPOSE = "purpose";

    /** Checks the components. */
    public Event {
        IdRules.requireEventId(id, "event id");
        Ids.requireText(type, "event type");
        IdRules.requireContactId(contactId, "contact id");
        TimeBounds.requireInstant(occurredAt, "event occurredAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(messageId, "messageId");
    }

    /**
     * Returns an event with an empty payload that is not about a message.
     *
     * @param id the event's id
     * @param type what happened
     * @param contactId whom it happened to
     * @param occurredAt when
     * @return the event
     */
    public static Event of(String id, String type, String contactId, Instant occurredAt) {
        return new Event(id, type, contactId, occurredAt, Attributes.empty(), Optional.empty());
    }

    /**
     * Returns an interaction event about a message the engine sent.
     *
     * @param id the event's id
     * @param type the interaction, one of {@link InteractionTypes}
     * @param contactId whom it happened to
     * @param occurredAt when
     * @param messageId the id of the message, as given to the channel
     * @return the event
     */
    public static Event interaction(String id, String type, String contactId, Instant occurredAt,
                                    String messageId) {
        return new Event(id, type, contactId, occurredAt, Attributes.empty(),
                Optional.of(Ids.requireText(messageId, "message id")));
    }

    /**
     * Returns a {@link InteractionTypes#LINK_CLICKED} event for a link in a message.
     *
     * @param id the event's id
     * @param contactId who clicked
     * @param occurredAt when
     * @param messageId the id of the message, as given to the channel
     * @param link the id of the link
     * @return the event
     */
    public static Event linkClicked(String id, String contactId, Instant occurredAt, String messageId,
                                    String link) {
        return interaction(id, InteractionTypes.LINK_CLICKED, contactId, occurredAt, messageId)
                .withPayload(Attributes.of(LINK, Ids.requireText(link, "link")));
    }

    /**
     * Returns an {@link InteractionTypes#UNSUBSCRIBED} event: the contact unsubscribed from every
     * message on the channel through this message. Add a {@value #PURPOSE} to the payload to
     * unsubscribe from one purpose only.
     *
     * @param id the event's id
     * @param contactId who unsubscribed
     * @param occurredAt when
     * @param messageId the id of the message, as given to the channel
     * @param channel the channel the message came on, such as {@code email}
     * @return the event
     */
    public static Event unsubscribed(String id, String contactId, Instant occurredAt, String messageId,
                                     String channel) {
        return interaction(id, InteractionTypes.UNSUBSCRIBED, contactId, occurredAt, messageId)
                .withPayload(Attributes.of(CHANNEL, Ids.requireText(channel, "channel")));
    }

    /**
     * Returns a {@link InteractionTypes#CONSENT_GIVEN} event: the contact agreed again to messages
     * on the channel, lifting an earlier unsubscribe.
     *
     * @param id the event's id
     * @param contactId who gave consent
     * @param occurredAt when
     * @param consent what they agreed to
     * @return the event
     */
    public static Event consentGiven(String id, String contactId, Instant occurredAt, Consent consent) {
        Attributes payload = consent.purpose().map(p -> Attributes.of(CHANNEL, consent.channel(), PURPOSE, p))
                .orElseGet(() -> Attributes.of(CHANNEL, consent.channel()));
        return of(id, InteractionTypes.CONSENT_GIVEN, contactId, occurredAt).withPayload(payload);
    }

    /** Returns a copy with this payload. */
    public Event withPayload(Attributes payload) {
        return new Event(id, type, contactId, occurredAt, payload, messageId);
    }

    /** Returns the clicked link's id, for a link-clicked event. */
    public Optional<String> link() {
        return payload.string(LINK);
    }
}
