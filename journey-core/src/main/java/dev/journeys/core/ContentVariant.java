package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;

/**
 * Conditional content: the message a {@link Step.Send} sends instead of its default when the
 * condition holds for the contact. The first variant whose condition holds wins.
 *
 * <p>Immutable and thread-safe.
 *
 * @param when the test of the contact
 * @param message the message (asset) sent when it holds
 */
public record ContentVariant(Condition when, String message) {
    /** Checks the components. */
    public ContentVariant {
        Objects.requireNonNull(when, "when");
        Ids.requireText(message, "message");
    }
}
