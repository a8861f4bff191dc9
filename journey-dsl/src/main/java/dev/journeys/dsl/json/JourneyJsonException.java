package dev.journeys.dsl.json;

import dev.journeys.core.JourneyException;

import java.util.Objects;

/**
 * Thrown when a JSON document cannot be read as a journey or as segments, or when a model cannot
 * be written as JSON. The message is the JSON path of what is wrong, a colon, and what was expected
 * instead:
 *
 * <pre>{@code
 * $.steps[2].delay.duration: expected a string with an ISO-8601 duration such as PT48H, got 12
 * $.steps[0].nxt: unknown field 'nxt' (did you mean 'next'?); expected one of kind, id, message, channel, ...
 * $.policies.caps[0]: frequency cap must allow at least 1 send, was 0
 * $: the document is 5000000 bytes long, more than the limit of 4194304 bytes
 * }</pre>
 *
 * <p>Paths start at {@code $}, the document's root; {@code .name} enters a field and {@code [i]} an
 * array element (a field whose name is not a plain identifier is written {@code ['name']}). A
 * journey that is well-formed JSON but fails {@link dev.journeys.core.validation.JourneyValidator} is reported
 * with {@link dev.journeys.core.InvalidJourneyException} instead, listing every problem.
 *
 * <p>Immutable.
 */
public final class JourneyJsonException extends JourneyException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param path the JSON path of the value that is wrong, such as {@code $.steps[2].next}
     * @param problem what is wrong and what would be right
     */
    public JourneyJsonException(String path, String problem) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(problem, "problem"));
        this.path = path;
        this.problem = problem;
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param path the JSON path of the value that is wrong
     * @param problem what is wrong and what would be right
     * @param cause the underlying failure, such as the JSON parser's or a model constructor's
     */
    public JourneyJsonException(String path, String problem, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.path = path;
        this.problem = problem;
    }

    /** Returns the JSON path of the value that is wrong, such as {@code $.steps[2].next}. */
    public String path() {
        return path;
    }

    /** Returns what is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
