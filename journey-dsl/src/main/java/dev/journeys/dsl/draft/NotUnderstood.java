package dev.journeys.dsl.draft;

import java.util.Objects;

/**
 * A part of a request the drafter did not understand, or did not use, and why; reported instead
 * of guessed at.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sentence the sentence's position in the request, from 1; 0 for the request as a whole
 *     (such as "nothing says what starts the journey")
 * @param text the words as written (the whole sentence, or the part of it not understood), cut
 *     to 200 characters; empty for the request as a whole
 * @param reason why, and what the drafter would understand instead
 */
public record NotUnderstood(int sentence, String text, String reason) {

    /** Checks the components. */
    public NotUnderstood {
        if (sentence < 0) {
            throw new IllegalArgumentException("sentence must be at least 0, was " + sentence);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return (sentence == 0 ? "the request" : "sentence " + sentence + (text.isEmpty() ? "" : " \"" + text + "\""))
                + ": " + reason;
    }
}
