package dev.journeys.core.internal;

import java.util.Objects;

/** Checks for the ids and names used across the model. Not part of the API. */
public final class Ids {
    private Ids() {
    }

    /**
     * Checks a journey or step id: starts with a letter or digit and holds no white space and no
     * {@code ':'}, so that it can stand in idempotency keys and message ids unescaped.
     */
    public static String requireId(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!isId(value)) {
            throw new IllegalArgumentException(what + " must start with a letter or digit and hold no white space "
                    + "and no ':', was '" + value + "'");
        }
        return value;
    }

    /** A hand-written check: ids are checked for every effect, so no regular expression here. */
    private static boolean isId(String value) {
        if (value.isEmpty() || !isAsciiLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Checks that a value is present and not blank. */
    public static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
