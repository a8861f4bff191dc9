package dev.journeys.core;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper bound of the instructions an RE2 expression compiles to, read from its text before it
 * is compiled: RE2/J expands counted repetitions, so {@code ((a{1000}){1000}){1000}} would fill
 * the heap while compiling. Each character, escape or class counts one; a counted repetition
 * multiplies what it repeats by its largest count. Package-private; stateless.
 */
final class RegexSize {

    private RegexSize() {
    }

    /**
     * Returns the bound, or a number above {@code limit} as soon as the bound passes it.
     *
     * @param source the expression
     * @param limit the most the caller accepts
     */
    static long estimate(String source, long limit) {
        // One frame per open group: what it holds so far, and the size of its last item.
        Deque<long[]> groups = new ArrayDeque<>();
        long done = 0;
        long last = 0;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            int next = i + 1;
            long item = 1;
            boolean quantifier = false;
            if (c == '\\') {
                next = escapeEnd(source, i);
                item = Math.max(1, next - i);
            } else if (c == '[') {
                next = classEnd(source, i);
            } else if (c == '(') {
                groups.push(new long[] {done, last});
                done = 0;
                last = 0;
                i = next;
                continue;
            } else if (c == ')' && !groups.isEmpty()) {
                item = done + last + 1;
                long[] outer = groups.pop();
                done = outer[0];
                last = outer[1];
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                long times = end < 0 ? -1 : largestCount(source.substring(i + 1, end));
                if (times >= 0) {
                    last = Math.min(last * Math.max(times, 1), limit + 1);
                    next = end + 1;
                    quantifier = true;
                }
            } else if (c == '*' || c == '+' || c == '?') {
                last = last + 1;
                quantifier = true;
            }
            if (!quantifier) {
                done = Math.min(done + last, limit + 1);
                last = item;
            }
            if (done + last > limit) {
                return limit + 1;
            }
            i = next;
        }
        long total = done + last;
        while (!groups.isEmpty()) {
            long[] outer = groups.pop();
            total += outer[0] + outer[1];
        }
        return Math.min(total, limit + 1);
    }

    /** The largest count of {@code m}, {@code m,} or {@code m,n}; -1 if the text is not one. */
    private static long largestCount(String counts) {
        if (!counts.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
            return -1;
        }
        int comma = counts.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(counts);
        }
        long min = Long.parseLong(counts.substring(0, comma));
        return comma == counts.length() - 1 ? min + 1 : Math.max(min, Long.parseLong(counts.substring(comma + 1)));
    }

    /** The index after an escape starting at {@code at}: {@code \x}, {@code \p{..}}, {@code \Q..\E}. */
    private static int escapeEnd(String source, int at) {
        int n = source.length();
        if (at + 1 >= n) {
            return n;
        }
        char kind = source.charAt(at + 1);
        if (kind == 'Q') {
            int end = source.indexOf("\\E", at + 2);
            return end < 0 ? n : end + 2;
        }
        if ((kind == 'p' || kind == 'P' || kind == 'x') && at + 2 < n && source.charAt(at + 2) == '{') {
            int end = source.indexOf('}', at + 2);
            return end < 0 ? n : end + 1;
        }
        return at + 2;
    }

    /** The index after a character class starting at {@code at}. */
    private static int classEnd(String source, int at) {
        int n = source.length();
        int j = at + 1;
        if (j < n && source.charAt(j) == '^') {
            j++;
        }
        if (j < n && source.charAt(j) == ']') {
            j++;
        }
        while (j < n) {
            char c = source.charAt(j);
            if (c == ']') {
                return j + 1;
            }
            if (c == '\\') {
                j = escapeEnd(source, j);
            } else if (c == '[' && j + 1 < n && source.charAt(j + 1) == ':') {
                int end = source.indexOf(":]", j + 2);
                j = end < 0 ? j + 1 : end + 2;
            } else {
                j++;
            }
        }
        return n;
    }
}
