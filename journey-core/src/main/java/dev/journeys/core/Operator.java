package dev.journeys.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * How an {@link Condition.Attribute} condition compares a value with what it expects.
 *
 * <p>Numbers compare by value whatever their Java type ({@code 3}, {@code 3L}, {@code 3.0});
 * strings and instants compare in their natural order. A comparison between values of
 * different kinds, or with a missing value, is false (and {@link #NOT_EQUAL} true).
 */
public enum Operator {
    /** The value equals the expected one. */
    EQUAL("=="),
    /** The value is missing or differs from the expected one. */
    NOT_EQUAL("!="),
    /** The value is greater than the expected one. */
    GREATER(">"),
    /** The value is greater than or equal to the expected one. */
    GREATER_OR_EQUAL(">="),
    /** The value is less than the expected one. */
    LESS("<"),
    /** The value is less than or equal to the expected one. */
    LESS_OR_EQUAL("<="),
    /** The value equals one of the expected list's elements. */
    IN("in"),
    /** The value is a list that contains the expected value, or a string containing it. */
    CONTAINS("contains"),
    /** A value is present; the expected value is ignored. */
    EXISTS("exists"),
    /**
     * The value is text that the expected regular expression (a {@link Regex}, RE2 syntax)
     * matches as a whole.
     */
    MATCHES("matches");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** Returns the symbol used when a condition is printed, such as {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /**
     * Applies the operator.
     *
     * @param actual the value found, or {@code null} if there is none
     * @param expected the value the condition names
     * @return whether the condition holds
     */
    public boolean test(Object actual, Object expected) {
        switch (this) {
            case EXISTS:
                return actual != null;
            case EQUAL:
                return actual != null && same(actual, expected);
            case NOT_EQUAL:
                return actual == null || !same(actual, expected);
            case IN:
                return actual != null && expected instanceof Collection<?> options
                        && options.stream().anyMatch(option -> same(actual, option));
            case MATCHES:
                if (!(actual instanceof String text)) {
                    return false;
                }
                // A condition holds its Regex compiled; a String here is compiled for this call.
                return expected instanceof Regex regex ? regex.matches(text)
                        : expected instanceof String source && Regex.of(source).matches(text);
            case CONTAINS:
                if (actual instanceof Collection<?> elements) {
                    return elements.stream().anyMatch(element -> same(element, expected));
                }
                return actual instanceof String s && expected instanceof String part && s.contains(part);
            default:
                Integer order = compare(actual, expected);
                if (order == null) {
                    return false;
                }
                return switch (this) {
                    case GREATER -> order > 0;
                    case GREATER_OR_EQUAL -> order >= 0;
                    case LESS -> order < 0;
                    case LESS_OR_EQUAL -> order <= 0;
                    default -> throw new AssertionError(this);
                };
        }
    }

    private static boolean same(Object actual, Object expected) {
        BigDecimal a = Attributes.toNumber(actual);
        BigDecimal b = Attributes.toNumber(expected);
        if (a != null && b != null) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(actual, expected);
    }

    private static Integer compare(Object actual, Object expected) {
        BigDecimal a = Attributes.toNumber(actual);
        BigDecimal b = Attributes.toNumber(expected);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        if (actual instanceof String s && expected instanceof String t) {
            return s.compareTo(t);
        }
        if (actual instanceof Instant s && expected instanceof Instant t) {
            return s.compareTo(t);
        }
        return null;
    }
}
