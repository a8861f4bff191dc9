package dev.journeys.core;

import dev.journeys.core.validation.JourneyValidator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything {@link JourneyValidator} found wrong with one journey, split into the errors that
 * stop it from being built or published and the warnings that do not.
 *
 * <pre>{@code
 * ValidationReport report = JourneyValidator.report(journey, context);
 * report.warnings().forEach(w -> log.warn("{}", w));
 * report.requireNoErrors();           // throws InvalidJourneyException if there is an error
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the id of the journey checked
 * @param problems every problem, errors and warnings, in the order the validator found them
 */
public record ValidationReport(String journeyId, List<ValidationProblem> problems) {

    /** Checks and copies the components. */
    public ValidationReport {
        Objects.requireNonNull(journeyId, "journeyId");
        problems = List.copyOf(problems);
    }

    /** Returns the problems that stop the journey from being built or published, in order. */
    public List<ValidationProblem> errors() {
        return problems.stream().filter(ValidationProblem::isError).toList();
    }

    /** Returns the problems that do not stop the journey, in order. */
    public List<ValidationProblem> warnings() {
        return problems.stream().filter(ValidationProblem::isWarning).toList();
    }

    /** Returns whether any problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(ValidationProblem::isError);
    }

    /** Returns whether any problem is a warning. */
    public boolean hasWarnings() {
        return problems.stream().anyMatch(ValidationProblem::isWarning);
    }

    /** Returns whether nothing at all was found. */
    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /**
     * Throws if any problem is an error.
     *
     * @return this report, for chaining
     * @throws InvalidJourneyException listing every error, and the warnings too
     */
    public ValidationReport requireNoErrors() {
        if (hasErrors()) {
            throw new InvalidJourneyException(journeyId, problems);
        }
        return this;
    }

    /**
     * Returns the counts and every problem, one a line, such as
     * {@code journey 'promo': 1 error, 1 warning} followed by the problems.
     */
    @Override
    public String toString() {
        int errors = errors().size();
        int warnings = problems.size() - errors;
        return "journey '" + journeyId + "': " + errors + (errors == 1 ? " error, " : " errors, ")
                + warnings + (warnings == 1 ? " warning" : " warnings")
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
