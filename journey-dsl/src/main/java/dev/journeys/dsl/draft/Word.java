package dev.journeys.dsl.draft;

/**
 * One word of a sentence, normalised for matching: lower case, contractions expanded
 * ({@code don't} is two words, {@code do} and {@code not}), {@code e-mail} written {@code email}.
 * A comma is a word of its own, {@code ","}. Internal.
 *
 * @param text the normalised word
 * @param start where the word begins in its sentence's text
 * @param end where it ends, exclusive
 */
record Word(String text, int start, int end) {

    /** Returns whether the word is one of the given ones. */
    boolean is(String... options) {
        for (String option : options) {
            if (text.equals(option)) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether the word is written in digits, such as {@code 48}. */
    boolean isDigits() {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
