package dev.journeys.dsl.draft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a request into sentences and a sentence into words, in one pass over the text each, with
 * no regular expressions, so that the time taken grows with the length of the text and no more.
 * Internal.
 *
 * <p>A sentence ends at {@code .}, {@code !}, {@code ?} or {@code ;}, at a blank line, and at a
 * line break before a list item ({@code -}, {@code *}, {@code •}, {@code 1.} or {@code 1)}); a
 * single line break inside a paragraph is a space. A full stop ends a sentence only before white
 * space or the end, and not after an abbreviation such as {@code a.m.} or {@code e.g.}; list
 * markers at the start of a sentence are dropped.
 */
final class Requests {

    private static final Set<String> ABBREVIATIONS = Set.of("a.m", "p.m", "e.g", "i.e", "etc", "vs", "approx",
            "mr", "mrs", "ms", "dr", "min", "mins", "hr", "hrs", "wk", "wks", "jan", "feb", "mar", "apr",
            "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    private Requests() {
    }

    /**
     * The sentences read and how many more the request had.
     *
     * @param sentences the first sentences, at most the limit
     * @param unread how many sentences followed them
     */
    record Split(List<Sentence> sentences, int unread) {
    }

    /**
     * Cuts a request into sentences.
     *
     * @param request the request
     * @param maxSentences how many sentences to keep; the rest are only counted
     * @param maxWords how many words of a sentence to read; a longer sentence keeps one more, so
     *     that the reader can tell it is too long
     * @return the sentences
     */
    static Split split(String request, int maxSentences, int maxWords) {
        List<Sentence> sentences = new ArrayList<>();
        int unread = 0;
        int start = 0;
        int wordStart = 0;
        int n = request.length();
        for (int i = 0; i <= n; i++) {
            boolean boundary;
            int end = i;
            if (i == n) {
                boundary = true;
            } else {
                char c = request.charAt(i);
                if (c == '!' || c == '?' || c == ';') {
                    boundary = true;
                } else if (c == '.') {
                    boundary = (i + 1 == n || isSpaceOrClose(request.charAt(i + 1)))
                            && !isAbbreviation(request, wordStart, i);
                } else if (c == '\n') {
                    boundary = lineStartsNewItem(request, i + 1);
                } else {
                    boundary = false;
                }
                if (Character.isWhitespace(c) || c == '(' || c == '"' || c == '\u201c') {
                    wordStart = i + 1;
                }
            }
            if (boundary) {
                String text = stripMarker(request.substring(start, end).strip());
                if (!text.isEmpty() && hasWordCharacter(text)) {
                    if (sentences.size() < maxSentences) {
                        sentences.add(new Sentence(sentences.size() + unread + 1, text, words(text, maxWords)));
                    } else {
                        unread++;
                    }
                }
                start = i + 1;
                wordStart = i + 1;
            }
        }
        return new Split(sentences, unread);
    }

    /** Whether the word before a full stop, without leading punctuation, is an abbreviation such as {@code e.g}. */
    private static boolean isAbbreviation(String text, int from, int to) {
        int start = from;
        while (start < to && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        return to - start <= 6 && ABBREVIATIONS.contains(text.substring(start, to).toLowerCase(Locale.ROOT));
    }

    private static boolean isSpaceOrClose(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == ')' || c == '\u201d' || c == '\u2019';
    }

    private static boolean hasWordCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the line starting at {@code from} is blank or begins a list item. */
    private static boolean lineStartsNewItem(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) == '\n') {
            return true;
        }
        char c = text.charAt(i);
        if (c == '-' || c == '*' || c == '\u2022') {
            return true;
        }
        int digits = i;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i < 3) {
            digits++;
        }
        return digits > i && digits < text.length() && (text.charAt(digits) == '.' || text.charAt(digits) == ')');
    }

    /** Drops a list marker ({@code -}, {@code *}, {@code •}, {@code 1.}, {@code 1)}, {@code a)}) at the start. */
    private static String stripMarker(String text) {
        int i = 0;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '*' || text.charAt(i) == '\u2022')) {
            return text.substring(1).strip();
        }
        while (i < text.length() && i < 3 && Character.isLetterOrDigit(text.charAt(i))) {
            i++;
        }
        if (i > 0 && i < text.length() && (text.charAt(i) == ')' || text.charAt(i) == '.')
                && (i == 1 || isDigits(text, 0, i)) && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
            return text.substring(i + 1).strip();
        }
        return text.equals(text.strip()) && isDigits(text, 0, text.length()) ? "" : text;
    }

    private static boolean isDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    /**
     * Cuts a sentence into normalised words.
     *
     * @param text the sentence
     * @param maxWords how many words to read; one more is kept if the sentence has more
     * @return the words
     */
    static List<Word> words(String text, int maxWords) {
        List<Word> words = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n && words.size() <= maxWords) {
            char c = text.charAt(i);
            boolean minus = c == '-' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                    && (i == 0 || Character.isWhitespace(text.charAt(i - 1)));
            if (Character.isLetterOrDigit(c) || minus) {
                int start = i;
                i++;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i))
                        || isConnector(text.charAt(i)) && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))
                        && (text.charAt(i) != '/' || Character.isDigit(text.charAt(i - 1))))) {
                    i++;
                }
                normalise(text.substring(start, i), start, i, words);
            } else {
                if (c == ',' || c == ':' || c == '\u2014' || c == '\u2013' || c == '-') {
                    words.add(new Word(",", i, i + 1));
                } else if (c == '&') {
                    words.add(new Word("and", i, i + 1));
                } else if (c == '/') {
                    words.add(new Word("or", i, i + 1));
                }
                i++;
            }
        }
        return words;
    }

    private static boolean isConnector(char c) {
        return c == '-' || c == '\'' || c == '\u2019' || c == '.' || c == ':' || c == '/';
    }

    private static void normalise(String raw, int start, int end, List<Word> words) {
        String token = raw.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        if (token.startsWith("e-mail")) {
            token = "email" + token.substring("e-mail".length());
        }
        switch (token) {
            case "a.m" -> token = "am";
            case "p.m" -> token = "pm";
            case "e.g" -> token = "eg";
            case "i.e" -> token = "ie";
            case "cannot" -> {
                words.add(new Word("can", start, end));
                token = "not";
            }
            default -> {
            }
        }
        int apostrophe = token.indexOf('\'');
        if (apostrophe < 0) {
            words.add(new Word(token, start, end));
            return;
        }
        String base = token.substring(0, apostrophe);
        String suffix = token.substring(apostrophe + 1);
        if (suffix.equals("t") && base.endsWith("n")) {
            String verb = base.substring(0, base.length() - 1);
            switch (verb) {
                case "wo" -> verb = "will";
                case "ca" -> verb = "can";
                case "sha" -> verb = "shall";
                case "ai" -> verb = "is";
                default -> {
                }
            }
            words.add(new Word(verb, start, end));
            words.add(new Word("not", start, end));
            return;
        }
        String expanded = switch (suffix) {
            case "s" -> base.equals("let") ? "us"
                    : Set.of("it", "that", "there", "what", "he", "she", "who", "here").contains(base) ? "is" : null;
            case "re" -> "are";
            case "ve" -> "have";
            case "ll" -> "will";
            case "d" -> "would";
            case "m" -> "am";
            default -> null;
        };
        if (expanded == null && !suffix.equals("s")) {
            words.add(new Word(token.replace("'", ""), start, end));
            return;
        }
        words.add(new Word(base, start, end));
        if (expanded != null) {
            words.add(new Word(expanded, start, end));
        }
    }
}
