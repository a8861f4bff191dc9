package dev.journeys.dsl.draft;

import java.util.Map;
import java.util.Optional;

/**
 * Reads counts written in digits or in words: {@code 48}, {@code two}, {@code twenty-four},
 * {@code forty eight}, {@code a}/{@code an} (one), {@code a couple of} (two), and the vague
 * {@code a few} and {@code several}, which stand for {@value #FEW} and are marked as a default.
 * {@code minus}, {@code negative} or a leading {@code -} make the count negative, so the caller
 * can refuse it. Internal.
 *
 * @param value the count
 * @param vague whether it was {@code a few} or {@code several}, so the default was used
 * @param text the words as written
 */
record Quantity(long value, boolean vague, String text) {

    /** What {@code a few} and {@code several} stand for. */
    static final int FEW = 3;

    /** Counts above this are refused as not meant. */
    static final long MAX = 100_000;

    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("no", 0), Map.entry("one", 1), Map.entry("two", 2),
            Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19), Map.entry("once", 1), Map.entry("twice", 2),
            Map.entry("single", 1), Map.entry("dozen", 12));

    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);

    /**
     * Reads a count at the cursor, moving past it; stays put if there is none.
     *
     * @param cursor where to read
     * @param allowArticle whether {@code a}/{@code an} count as one (before a unit)
     * @return the count, or empty
     */
    static Optional<Quantity> read(Cursor cursor, boolean allowArticle) {
        int start = cursor.position();
        boolean negative = false;
        if (cursor.accept("minus", "negative")) {
            negative = true;
        }
        Optional<Long> value = magnitude(cursor, allowArticle);
        boolean vague = false;
        if (value.isEmpty() && !negative) {
            if (cursor.acceptAll("a", "few") || cursor.accept("few", "several", "some")) {
                value = Optional.of((long) FEW);
                vague = true;
            } else if (cursor.acceptAll("a", "couple", "of") || cursor.acceptAll("a", "couple")
                    || cursor.acceptAll("couple", "of")) {
                value = Optional.of(2L);
            }
        }
        if (value.isEmpty()) {
            cursor.reset(start);
            return Optional.empty();
        }
        return Optional.of(new Quantity(negative ? -value.get() : value.get(), vague, cursor.textFrom(start)));
    }

    private static Optional<Long> magnitude(Cursor cursor, boolean allowArticle) {
        String word = cursor.peek();
        if (!word.isEmpty() && word.charAt(0) == '-' && digits(word.substring(1))) {
            cursor.next();
            return parse(word.substring(1)).map(v -> -v);
        }
        if (digits(word)) {
            cursor.next();
            return parse(word);
        }
        if (allowArticle && (word.equals("a") || word.equals("an") || word.equals("one"))
                && !cursor.peek(1).equals("few") && !cursor.peek(1).equals("couple")) {
            cursor.next();
            return Optional.of(1L);
        }
        int dash = word.indexOf('-');
        if (dash > 0 && TENS.containsKey(word.substring(0, dash)) && UNITS.containsKey(word.substring(dash + 1))) {
            cursor.next();
            return Optional.of((long) TENS.get(word.substring(0, dash)) + UNITS.get(word.substring(dash + 1)));
        }
        if (TENS.containsKey(word)) {
            cursor.next();
            long tens = TENS.get(word);
            String after = cursor.peek();
            if (UNITS.containsKey(after) && UNITS.get(after) < 10 && UNITS.get(after) > 0) {
                cursor.next();
                return Optional.of(tens + UNITS.get(after));
            }
            return Optional.of(tens);
        }
        if (UNITS.containsKey(word) && !word.equals("no") && !word.equals("dozen")) {
            cursor.next();
            return Optional.of((long) UNITS.get(word));
        }
        if (word.equals("a") && cursor.peek(1).equals("dozen")) {
            cursor.next();
            cursor.next();
            return Optional.of(12L);
        }
        return Optional.empty();
    }

    private static boolean digits(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) < '0' || word.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Optional<Long> parse(String digits) {
        return digits.length() > 12 ? Optional.of(Long.MAX_VALUE / 2) : Optional.of(Long.parseLong(digits));
    }
}
