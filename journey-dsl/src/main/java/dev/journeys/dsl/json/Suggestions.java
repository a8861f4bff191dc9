package dev.journeys.dsl.json;

import java.util.List;
import java.util.Optional;

/**
 * Finds the name a misspelt one was probably meant to be, for messages such as
 * {@code unknown field 'nxt' (did you mean 'next'?)}. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class Suggestions {

    /**
     * The most edits (a character inserted, deleted, replaced, or two neighbours swapped) between a
     * misspelling and the name it is taken for; one only for a misspelling of up to four characters.
     */
    private static final int MAX_EDITS = 2;
    /** Longer text is not compared, so a hostile name costs little. */
    private static final int MAX_LENGTH = 40;

    private Suggestions() {
    }

    /** Returns the message's hint for a misspelt name, or an empty string if no name is close. */
    static String hint(String misspelt, List<String> names) {
        return closest(misspelt, names).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    /** Returns the name fewest edits away from the misspelling, if one is close enough. */
    static Optional<String> closest(String misspelt, List<String> names) {
        if (misspelt.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String best = null;
        int fewest = (misspelt.length() <= 4 ? 1 : MAX_EDITS) + 1;
        for (String name : names) {
            int edits = edits(misspelt.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT));
            if (edits < fewest) {
                fewest = edits;
                best = name;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Returns the edits between two strings: the optimal string alignment distance. */
    private static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
