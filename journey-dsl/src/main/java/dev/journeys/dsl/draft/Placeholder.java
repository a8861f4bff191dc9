package dev.journeys.dsl.draft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An asset a draft names but could not bind: which form starts it, which message a send sends,
 * which segment it enrols. The drafted journey holds the placeholder's id where the asset's id
 * belongs; {@link Draft#bind} puts the real id there.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the placeholder's id, as it stands in the drafted journey, such as
 *     {@code thank-you-message-to-bind}; unique in its draft
 * @param kind what sort of asset it stands for
 * @param description what the request said about it, such as {@code the message 'a thank you message'}
 * @param usedAt where the drafted journey uses it: step ids, or {@code entry}, {@code exit},
 *     {@code goal}, {@code exclusion}
 * @param boundTo the real asset's id, once bound
 */
public record Placeholder(String id, Kind kind, String description, List<String> usedAt, Optional<String> boundTo) {

    /** The sorts of asset a placeholder stands for. */
    public enum Kind {
        /** A form or landing page, which the entry's {@code form.submitted} event names in its {@code form} field. */
        FORM,
        /** A message (content asset) a send step sends. */
        MESSAGE,
        /** A segment: the audience of a segment journey, or one a condition or an exclusion tests. */
        SEGMENT,
        /** A host action an action step runs. */
        ACTION,
        /**
         * An event: the type of a custom event, or the event (a webinar, a conference) an
         * {@code event.registered} event names in its {@code event} field.
         */
        EVENT,
        /** A link in a message, which a click condition names. */
        LINK
    }

    /** Checks and copies the components. */
    public Placeholder {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("placeholder id must not be blank");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        usedAt = List.copyOf(usedAt);
        Objects.requireNonNull(boundTo, "boundTo");
    }

    /** Returns whether a real asset was bound to it. */
    public boolean isBound() {
        return boundTo.isPresent();
    }

    /** Returns the id that stands in the journey now: the bound asset's, or the placeholder's own. */
    public String current() {
        return boundTo.orElse(id);
    }

    /** Returns a copy bound to a real asset. */
    public Placeholder withBinding(String assetId) {
        return new Placeholder(id, kind, description, usedAt, Optional.of(Objects.requireNonNull(assetId, "assetId")));
    }

    @Override
    public String toString() {
        return id + " (" + kind + ": " + description + ", at " + String.join(", ", usedAt) + ")"
                + boundTo.map(asset -> " bound to '" + asset + "'").orElse(" not bound");
    }
}
