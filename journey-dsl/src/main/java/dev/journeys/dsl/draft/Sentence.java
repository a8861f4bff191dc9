package dev.journeys.dsl.draft;

import java.util.List;

/**
 * One sentence of a request, as written and as words. Internal.
 *
 * @param number its position in the request, from 1
 * @param text the sentence as written, trimmed
 * @param words its words; offsets are into {@code text}
 */
record Sentence(int number, String text, List<Word> words) {

    Sentence {
        words = List.copyOf(words);
    }

    /** Returns the text as written of the words {@code from} (inclusive) to {@code to} (exclusive). */
    String span(int from, int to) {
        if (from >= to) {
            return "";
        }
        return text.substring(words.get(from).start(), words.get(to - 1).end());
    }
}
