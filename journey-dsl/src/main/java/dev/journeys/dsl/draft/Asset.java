package dev.journeys.dsl.draft;

/**
 * An asset a clause names but the drafter cannot bind: it becomes a {@link Placeholder} when the
 * clause is placed in the journey. Internal.
 *
 * @param kind what sort of asset
 * @param slug the words that name it, as an id part, such as {@code thank-you}; may be empty
 * @param phrase the words as written, such as {@code a thank you message}
 */
record Asset(Placeholder.Kind kind, String slug, String phrase) {
}
