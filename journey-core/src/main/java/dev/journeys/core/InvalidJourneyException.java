package dev.journeys.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a journey is built or published with problems; lists every problem at once.
 *
 * <p>Immutable.
 */
public final class InvalidJourneyException extends JourneyException {
    private static final long serialVersionUID = 1L;

    private final String journeyId;
    private final transient List<ValidationProblem> problems;

    /**
     * Creates the exception.
     *
     * @param journeyId the journey's id
     * @param problems everything wrong with it; not empty
     */
    public InvalidJourneyException(String journeyId, List<ValidationProblem> problems) {
        super(message(journeyId, problems));
        this.journeyId = journeyId;
        this.problems = List.copyOf(problems);
    }

    private static String message(String journeyId, List<ValidationProblem> problems) {
        return "journey '" + journeyId + "' has " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + ":"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }

    /** Returns the id of the journey that is wrong. */
    public String journeyId() {
        return journeyId;
    }

    /** Returns every problem found. */
    public List<ValidationProblem> problems() {
        return problems;
    }
}
