package dev.journeys.core;

/**
 * The base type of every exception the library throws on purpose.
 *
 * <p>Unchecked: a journey that is wrong is a programming error to fix, not a condition to
 * recover from. Messages name the thing, the value and what would be right.
 */
public class JourneyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the thing and the value
     */
    public JourneyException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message what went wrong, naming the thing and the value
     * @param cause the underlying failure
     */
    public JourneyException(String message, Throwable cause) {
        super(message, cause);
    }
}
