package dev.journeys.dsl.draft;

import java.util.List;
import java.util.Set;

/**
 * A position in a sentence's words, moved forward as words are recognised; a recogniser that
 * fails puts it back with {@link #reset}. Internal; not thread-safe.
 */
final class Cursor {

    private final Sentence sentence;
    private final List<Word> words;
    private int position;

    Cursor(Sentence sentence) {
        this.sentence = sentence;
        this.words = sentence.words();
    }

    Sentence sentence() {
        return sentence;
    }

    int position() {
        return position;
    }

    void reset(int to) {
        position = to;
    }

    boolean atEnd() {
        return position >= words.size();
    }

    /** Returns the word {@code ahead} words from here, or the empty word past the end. */
    String peek(int ahead) {
        int at = position + ahead;
        return at < words.size() ? words.get(at).text() : "";
    }

    String peek() {
        return peek(0);
    }

    Word word(int at) {
        return words.get(at);
    }

    /** Moves past the next word and returns it; past the end, returns the empty word. */
    String next() {
        return atEnd() ? "" : words.get(position++).text();
    }

    /** Moves past the next word if it is one of the options. */
    boolean accept(String... options) {
        if (!atEnd() && words.get(position).is(options)) {
            position++;
            return true;
        }
        return false;
    }

    /** Moves past the next word if it is in the set. */
    boolean acceptIn(Set<String> options) {
        if (!atEnd() && options.contains(words.get(position).text())) {
            position++;
            return true;
        }
        return false;
    }

    /** Moves past the words if they come next, in order; else stays. */
    boolean acceptAll(String... sequence) {
        if (lookingAt(sequence)) {
            position += sequence.length;
            return true;
        }
        return false;
    }

    /** Returns whether the words come next, in order. */
    boolean lookingAt(String... sequence) {
        if (position + sequence.length > words.size()) {
            return false;
        }
        for (int i = 0; i < sequence.length; i++) {
            if (!words.get(position + i).text().equals(sequence[i])) {
                return false;
            }
        }
        return true;
    }

    /** Returns the text as written from a position to here. */
    String textFrom(int from) {
        return sentence.span(from, position);
    }

    /** Returns the text as written between two positions. */
    String text(int from, int to) {
        return sentence.span(from, Math.min(to, words.size()));
    }

    /** Returns the normalised words between two positions. */
    List<String> wordsBetween(int from, int to) {
        return words.subList(from, Math.min(to, words.size())).stream().map(Word::text).toList();
    }

    int size() {
        return words.size();
    }
}
