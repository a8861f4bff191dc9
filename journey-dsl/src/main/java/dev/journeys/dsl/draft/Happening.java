package dev.journeys.dsl.draft;

import dev.journeys.core.InteractionTypes;

import java.util.List;
import java.util.Optional;

/**
 * Something a contact does or that happens to them, as a request words it: what starts a
 * journey, what a condition waits for, what stops it or counts as its goal. Internal.
 *
 * @param kind what sort of happening
 * @param eventType the event type, or empty for a custom event whose type is a placeholder
 * @param asset the asset the event names (which form, which webinar, which link, which custom
 *     event type), if any
 * @param messageWords for an open or a click, the words that say which message, such as
 *     {@code the survey}; empty for "it"
 * @param text the words as written
 */
record Happening(Kind kind, String eventType, Optional<Asset> asset, List<String> messageWords, String text) {

    /** The sorts of happening. */
    enum Kind {
        /** A form or landing page submitted: {@code form.submitted}, the form a placeholder. */
        FORM,
        /** A registration for an event such as a webinar: {@code event.registered}, the event a placeholder. */
        REGISTRATION,
        /** A business event of a known type, such as {@code purchase.completed}. */
        KNOWN,
        /** A custom event, whose type is a placeholder. */
        CUSTOM,
        /** The contact opened a message the journey sent. */
        OPENED,
        /** The contact clicked a link in a message the journey sent. */
        CLICKED
    }

    Happening {
        messageWords = List.copyOf(messageWords);
    }

    static Happening known(String eventType, String text) {
        return new Happening(Kind.KNOWN, eventType, Optional.empty(), List.of(), text);
    }

    static Happening opened(List<String> messageWords, String text) {
        return new Happening(Kind.OPENED, InteractionTypes.OPENED, Optional.empty(), messageWords, text);
    }

    static Happening clicked(Optional<Asset> link, List<String> messageWords, String text) {
        return new Happening(Kind.CLICKED, InteractionTypes.LINK_CLICKED, link, messageWords, text);
    }

    /** Returns whether it is an interaction with a message the journey sent. */
    boolean isEngagement() {
        return kind == Kind.OPENED || kind == Kind.CLICKED;
    }
}
