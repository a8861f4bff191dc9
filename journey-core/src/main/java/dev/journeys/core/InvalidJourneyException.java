package dev.journeys.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a journey is built or published with errors; lists every error at once, and the
 * warnings found with them.
 *
 * <p>Immutable.
 */
public final class InvalidJourneyException extends JourneyException {
    private static final long serialVersionUID = 1L;

    private final String journeyId;
    private final transient List<ValidationProblem> problems;
    private final transient List<ValidationProblem> warnings;

    /**
     * Creates the exception.
     *
     * @param journeyId the journey's id
     * @param problems everything found wrong with it, errors and warnings; at least one an error
     */
    public InvalidJourneyException(String journeyId, List<ValidationProblem> problems) {
        this(journeyId, problems.stream().filter(ValidationProblem::isError).toList(),
                problems.stream().filter(ValidationProblem::isWarning).toList());
    }

    private InvalidJourneyException(String journeyId, List<ValidationProblem> errors, List<ValidationProblem> warnings) {
        super(message(journeyId, errors, warnings));
        this.journeyId = journeyId;
        this.problems = errors;
        this.warnings = warnings;
    }

    private static String message(String journeyId, List<ValidationProblem> errors, List<ValidationProblem> warnings) {
        return "journey '" + journeyId + "' has " + errors.size() + (errors.size() == 1 ? " problem" : " problems")
                + (warnings.isEmpty() ? "" : " and " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings"))
                + ":" + errors.stream().map(p -> "\n  - " + p).collect(Collectors.joining())
                + warnings.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }

    /** Returns the id of the journey that is wrong. */
    public String journeyId() {
        return journeyId;
    }

    /** Returns every error found: the problems that stopped the journey, in the order they were found. */
    public List<ValidationProblem> problems() {
        return problems;
    }

    /** Returns the warnings found with the errors, which alone would not have stopped the journey. */
    public List<ValidationProblem> warnings() {
        return warnings;
    }
}
