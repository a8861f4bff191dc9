package dev.journeys.core;

import java.util.Objects;

/**
 * What a contact id and an event id may be. Every place an id enters the library checks it here
 * ({@link Event}, {@link Contact}, {@link ContactState}, the engine's methods, the stores, the
 * in-memory directory, the testkit), so the in-memory and the PostgreSQL store accept the same ids.
 *
 * <p>A valid id is
 * <ul>
 *   <li>not blank;</li>
 *   <li>well-formed Unicode: every surrogate {@code char} is half of a pair. A lone one has no
 *       UTF-8 form; a database driver writes it as {@code '?'}, so two different ids would become
 *       one, and another contact's;</li>
 *   <li>free of control characters (U+0000 to U+001F and U+007F to U+009F): PostgreSQL text
 *       cannot hold U+0000, and none belongs in an id;</li>
 *   <li>at most {@value #MAX_CONTACT_ID_BYTES} bytes in UTF-8 for a contact id, at most
 *       {@value #MAX_EVENT_ID_BYTES} for an event id, so a (contact, event id) pair fits one
 *       PostgreSQL index entry (at most 2,704 bytes).</li>
 * </ul>
 *
 * <pre>{@code
 * IdRules.requireContactId("ana", "contactId");          // "ana"
 * IdRules.requireContactId("x".repeat(300), "contactId");
 * // IllegalArgumentException: contactId must be at most 255 bytes in UTF-8, was 300 bytes: 'xxx...
 * }</pre>
 *
 * <p>Thread-safe: it holds no state.
 */
public final class IdRules {

    /** The most bytes a contact id takes in UTF-8. */
    public static final int MAX_CONTACT_ID_BYTES = 255;

    /** The most bytes an event id takes in UTF-8. */
    public static final int MAX_EVENT_ID_BYTES = 1_024;

    /** How many chars of a bad id an error message shows. */
    private static final int SHOWN = 64;

    private IdRules() {
    }

    /**
     * Checks a contact id.
     *
     * @param value the id
     * @param argument what the id is, named in the error, such as {@code "contactId"}
     * @return the id
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it breaks a rule, naming the argument, the rule and the value
     */
    public static String requireContactId(String value, String argument) {
        return require(value, argument, MAX_CONTACT_ID_BYTES);
    }

    /**
     * Checks an event id.
     *
     * @param value the id
     * @param argument what the id is, named in the error, such as {@code "event id"}
     * @return the id
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it breaks a rule, naming the argument, the rule and the value
     */
    public static String requireEventId(String value, String argument) {
        return require(value, argument, MAX_EVENT_ID_BYTES);
    }

    /** One pass over the chars: ids are checked for every event, so no regular expression here. */
    private static String require(String value, String argument, int maxBytes) {
        Objects.requireNonNull(value, argument);
        if (isPlainAscii(value, maxBytes)) {
            return value; // the usual id, checked in one pass over its chars
        }
        long bytes = 0;
        boolean blank = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                throw new IllegalArgumentException(argument + " must not hold control characters, but holds "
                        + escape(c) + " at index " + i + ": " + show(value));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                blank = false;
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(argument + " must be well-formed Unicode, but holds a lone "
                        + "surrogate " + escape(c) + " at index " + i + ": " + show(value));
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            blank &= Character.isWhitespace(c);
        }
        if (blank) {
            throw new IllegalArgumentException(argument + " must not be blank, was " + show(value));
        }
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(argument + " must be at most " + maxBytes + " bytes in UTF-8, was "
                    + bytes + " bytes: " + show(value));
        }
        return value;
    }

    /**
     * Returns whether the value is printable ASCII (spaces allowed) with a char other than a
     * space, and no longer than the limit: valid by every rule, each char one byte in UTF-8.
     */
    private static boolean isPlainAscii(String value, int maxBytes) {
        int length = value.length();
        if (length == 0 || length > maxBytes) {
            return false;
        }
        boolean printed = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c > 0x20 && c < 0x7F) {
                printed = true;
            } else if (c != ' ') {
                return false;
            }
        }
        return printed;
    }

    /** The value quoted, cut to {@value #SHOWN} chars, with control and surrogate chars escaped. */
    private static String show(String value) {
        StringBuilder shown = new StringBuilder("'");
        int end = Math.min(value.length(), SHOWN);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            shown.append(c < 0x20 || c >= 0x7F && c <= 0x9F || Character.isSurrogate(c) ? escape(c) : String.valueOf(c));
        }
        shown.append('\'');
        if (end < value.length()) {
            shown.append("... (").append(value.length()).append(" chars)");
        }
        return shown.toString();
    }

    private static String escape(char c) {
        return String.format("\\u%04X", (int) c);
    }
}
