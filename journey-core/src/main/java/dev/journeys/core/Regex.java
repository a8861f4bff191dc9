package dev.journeys.core;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Objects;

/**
 * The regular expression of a {@link Operator#MATCHES} condition, compiled once when it is made.
 *
 * <p>The dialect is RE2's, matched in time linear in the text (RE2/J): a hostile pattern cannot
 * stall an evaluation. RE2 has no back-references ({@code \1}), no look-around ({@code (?=}, {@code
 * (?!}, {@code (?<=}, {@code (?<!}), no possessive quantifiers ({@code a++}) and no atomic groups;
 * such a pattern is rejected when it is made. So is one longer than {@link #MAX_LENGTH} characters,
 * or one whose counted repetitions would compile to more than {@link #MAX_SIZE} instructions (as
 * {@code (a{100}){100}} would).
 *
 * <pre>{@code
 * Regex zip = Regex.of("[0-9]{5}");
 * zip.matches("78701");   // true
 * }</pre>
 *
 * <p>Two expressions are equal when their text is; {@link #toString()} is the text. Immutable and
 * thread-safe.
 */
public final class Regex {

    /** The longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 1000;

    /** The most instructions an expression may compile to, counted repetitions expanded. */
    public static final int MAX_SIZE = 2_000;

    private final String source;
    private final Pattern pattern;

    private Regex(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /**
     * Compiles an expression.
     *
     * @param source the expression, in RE2 syntax
     * @return the compiled expression
     * @throws IllegalArgumentException if RE2 cannot run it or it is too large, naming the
     *     expression and why
     */
    public static Regex of(String source) {
        Objects.requireNonNull(source, "regex");
        if (source.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("regular expression of " + source.length() + " characters is longer "
                    + "than the limit of " + MAX_LENGTH + ": '" + source.substring(0, 40) + "...'");
        }
        if (RegexSize.estimate(source, MAX_SIZE) > MAX_SIZE) {
            throw new IllegalArgumentException("regular expression '" + source + "' repeats too much: it would "
                    + "compile to more than " + MAX_SIZE + " instructions");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(source);
        } catch (PatternSyntaxException bad) {
            throw new IllegalArgumentException("'" + source + "' is not a regular expression RE2 can run: "
                    + bad.getDescription() + unsupported(source), bad);
        }
        if (pattern.programSize() > MAX_SIZE) {
            throw new IllegalArgumentException("regular expression '" + source + "' compiles to "
                    + pattern.programSize() + " instructions, more than the limit of " + MAX_SIZE);
        }
        return new Regex(source, pattern);
    }

    /** Returns the expression's text. */
    public String source() {
        return source;
    }

    /**
     * Returns whether the expression matches the whole text, in time linear in its length.
     *
     * @param text the text
     * @return whether it matches
     */
    public boolean matches(String text) {
        return pattern.matches(Objects.requireNonNull(text, "text"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Regex regex && source.equals(regex.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /** Returns the expression's text. */
    @Override
    public String toString() {
        return source;
    }

    /** Names what RE2 does not have, where the text shows it. */
    private static String unsupported(String source) {
        if (hasBackReference(source)) {
            return " (back-references such as \\1 are not supported)";
        }
        if (source.contains("(?=") || source.contains("(?!") || source.contains("(?<=") || source.contains("(?<!")) {
            return " (look-ahead and look-behind are not supported)";
        }
        if (source.contains("(?>") || source.contains("++") || source.contains("*+") || source.contains("?+")) {
            return " (atomic groups and possessive quantifiers are not supported)";
        }
        return "";
    }

    private static boolean hasBackReference(String source) {
        for (int i = 0; i + 1 < source.length(); i++) {
            if (source.charAt(i) == '\\') {
                if (Character.isDigit(source.charAt(i + 1)) && source.charAt(i + 1) != '0') {
                    return true;
                }
                i++;
            }
        }
        return false;
    }
}
