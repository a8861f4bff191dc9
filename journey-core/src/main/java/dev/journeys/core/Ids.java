package dev.journeys.core;

import java.util.Objects;
import java.util.regex.Pattern;

/** Checks for the ids and names used across the model. Not part of the API. */
final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][^\\s:]*");

    private Ids() {
    }

    /**
     * Checks a journey or step id: starts with a letter or digit and holds no white space and no
     * {@code ':'}, so that it can stand in idempotency keys and message ids unescaped.
     */
    static String requireId(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must start with a letter or digit and hold no white space "
                    + "and no ':', was '" + value + "'");
        }
        return value;
    }

    /** Checks that a value is present and not blank. */
    static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
