package dev.journeys.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when segments are defined with problems; lists every problem at once, each naming its
 * segment.
 *
 * <p>Immutable.
 */
public final class InvalidSegmentException extends JourneyException {
    private static final long serialVersionUID = 1L;

    private final transient List<ValidationProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems everything wrong; not empty
     */
    public InvalidSegmentException(List<ValidationProblem> problems) {
        super("segments have " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    /** Returns every problem found. */
    public List<ValidationProblem> problems() {
        return problems;
    }
}
