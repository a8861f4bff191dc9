package dev.journeys.bench;

import dev.journeys.core.Condition;
import dev.journeys.core.Operator;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Times {@code matches} conditions on values of 1,000 to 10,000 characters, for patterns that
 * backtrack exponentially in a backtracking engine, to show the time grows linearly with the
 * value's length (RE2/J).
 *
 * <p>Each value is built so that the pattern fails only at its last character, the worst case.
 * Each (pattern, length) is matched {@code repeats} times after as many warm-up runs; the figure
 * is the mean time per match.
 *
 * <p>Run: {@code mvn -q -o -pl journey-bench -am exec:exec -Dbench.main=dev.journeys.bench.RegexScaling
 * -Dbench.heap=512m -Dbench.args=} (or {@code java -cp journey-bench/target/benchmarks.jar
 * dev.journeys.bench.RegexScaling [repeats]}; repeats defaults to 50).
 */
public final class RegexScaling {

    private static final List<String> PATTERNS = List.of("(.*a){10}", "(.*a){20}$", "(a+)+b", "(a|aa)+$",
            "([a-z]+)*[0-9]", ".*@gmail\\.com", "(.*a){390}");
    private static final List<Integer> LENGTHS = List.of(1_000, 2_000, 5_000, 10_000);

    private RegexScaling() {
    }

    /**
     * Prints one line per pattern: the mean time per match at each length.
     *
     * @param args optional: the repeats per figure
     */
    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "%-18s %12s %12s %12s %12s  %s%n", "pattern", "1k chars", "2k chars", "5k chars",
                "10k chars", "10k / 1k");
        for (String pattern : PATTERNS) {
            Object regex = ((Condition.Attribute) Condition.attribute("v").matches(pattern)).expected();
            double[] micros = new double[LENGTHS.size()];
            for (int i = 0; i < LENGTHS.size(); i++) {
                String value = "a".repeat(LENGTHS.get(i) - 1) + "!";
                boolean matched = false;
                for (int warm = 0; warm < repeats; warm++) {
                    matched |= Operator.MATCHES.test(value, regex);
                }
                long start = System.nanoTime();
                for (int run = 0; run < repeats; run++) {
                    matched |= Operator.MATCHES.test(value, regex);
                }
                micros[i] = (System.nanoTime() - start) / 1_000.0 / repeats;
                if (matched) {
                    throw new AssertionError(pattern + " matched " + value.length() + " characters");
                }
            }
            out.printf(Locale.ROOT, "%-18s %9.1f µs %9.1f µs %9.1f µs %9.1f µs  %.1f%n", pattern, micros[0], micros[1],
                    micros[2], micros[3], micros[3] / micros[0]);
        }
    }
}
