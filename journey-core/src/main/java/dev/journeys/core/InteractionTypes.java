package dev.journeys.core;

import java.util.Set;

/**
 * The event types channels use to report what a contact did with a message. Events of these
 * types carry the message id, so the engine correlates them with the instance and the step that
 * sent the message.
 *
 * <p>Constants and {@link #all()} only; not instantiable.
 */
public final class InteractionTypes {
    /** The channel delivered the message. */
    public static final String DELIVERED = "message.delivered";
    /** The contact opened the message. */
    public static final String OPENED = "message.opened";
    /** The contact clicked a link; the payload's {@value Event#LINK} field names it. */
    public static final String LINK_CLICKED = "link.clicked";
    /**
     * The contact unsubscribed through the message: the engine withdraws their consent to the
     * channel (the payload's {@value Event#CHANNEL} field, else the message's), for the payload's
     * {@value Event#PURPOSE} only if it names one, and ends every journey that sends on what was
     * withdrawn. Read whether or not a journey mentions it.
     */
    public static final String UNSUBSCRIBED = "message.unsubscribed";
    /**
     * The contact gave consent again to the payload's {@value Event#CHANNEL} (for the payload's
     * {@value Event#PURPOSE} if it names one): lifts the withdrawals an unsubscribe recorded. Read
     * whether or not a journey mentions it.
     */
    public static final String CONSENT_GIVEN = "consent.given";
    /** The message bounced. */
    public static final String BOUNCED = "message.bounced";

    private InteractionTypes() {
    }

    /** Returns every type above: the event types channels produce. */
    public static Set<String> all() {
        return Set.of(DELIVERED, OPENED, LINK_CLICKED, UNSUBSCRIBED, CONSENT_GIVEN, BOUNCED);
    }
}
