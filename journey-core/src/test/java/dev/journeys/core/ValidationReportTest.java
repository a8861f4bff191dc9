package dev.journeys.core;

import dev.journeys.core.ValidationProblem.Code;
import dev.journeys.core.ValidationProblem.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationReportTest {

    private static final ValidationProblem ERROR = ValidationProblem.atStep(Code.WAIT_NOT_POSITIVE, "pause",
            "wait must be positive, was PT0S at step 'pause'");
    private static final ValidationProblem WARNING = ValidationProblem.ofJourney(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE,
            "no schedule");

    @Test
    void theFactoriesAndTheThreeArgumentConstructorUseTheCodesDefaultSeverity() {
        assertThat(ERROR.severity()).isEqualTo(Severity.ERROR);
        assertThat(new ValidationProblem(Code.UNREACHABLE_STEP, Optional.of("x"), "m").severity())
                .isEqualTo(Severity.ERROR);
        assertThat(WARNING.severity()).isEqualTo(Severity.WARNING);
        assertThat(ValidationProblem.warningAtStep(Code.NO_CONSENT_PURPOSE, "s", "m").isWarning()).isTrue();
        assertThat(ValidationProblem.warningOfJourney(Code.UNKNOWN_SEGMENT, "m").withSeverity(Severity.ERROR).isError())
                .isTrue();
    }

    @Test
    void everyCodeBeforeTheCatalogueIsAnErrorAndTheNewPointlessOnesAreWarnings() {
        assertThat(List.of(Code.values())).filteredOn(c -> c.defaultSeverity() == Severity.WARNING)
                .containsExactly(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE, Code.CONFLICTING_CAPS, Code.UNPRODUCED_EVENT);
        assertThat(Severity.ERROR.blocksPublishing()).isTrue();
        assertThat(Severity.WARNING.blocksPublishing()).isFalse();
    }

    @Test
    void aWarningSaysSoInItsText() {
        assertThat(ERROR).hasToString("WAIT_NOT_POSITIVE at step 'pause': wait must be positive, was PT0S at step 'pause'");
        assertThat(WARNING).hasToString("SEGMENT_JOURNEY_WITHOUT_SCHEDULE (warning): no schedule");
    }

    @Test
    void aReportSplitsErrorsFromWarningsAndListsThemAll() {
        ValidationReport report = new ValidationReport("promo", List.of(WARNING, ERROR));

        assertThat(report.errors()).containsExactly(ERROR);
        assertThat(report.warnings()).containsExactly(WARNING);
        assertThat(report.hasErrors()).isTrue();
        assertThat(report.hasWarnings()).isTrue();
        assertThat(report).hasToString("journey 'promo': 1 error, 1 warning"
                + "\n  - SEGMENT_JOURNEY_WITHOUT_SCHEDULE (warning): no schedule"
                + "\n  - WAIT_NOT_POSITIVE at step 'pause': wait must be positive, was PT0S at step 'pause'");
    }

    @Test
    void onlyErrorsFailAReport() {
        ValidationReport warned = new ValidationReport("promo", List.of(WARNING));

        assertThat(warned.requireNoErrors()).isSameAs(warned);
        assertThat(new ValidationReport("promo", List.of()).isEmpty()).isTrue();
        assertThatThrownBy(() -> new ValidationReport("promo", List.of(WARNING, ERROR)).requireNoErrors())
                .isInstanceOfSatisfying(InvalidJourneyException.class, e -> {
                    assertThat(e.problems()).containsExactly(ERROR);
                    assertThat(e.warnings()).containsExactly(WARNING);
                })
                .hasMessage("journey 'promo' has 1 problem and 1 warning:"
                        + "\n  - WAIT_NOT_POSITIVE at step 'pause': wait must be positive, was PT0S at step 'pause'"
                        + "\n  - SEGMENT_JOURNEY_WITHOUT_SCHEDULE (warning): no schedule");
    }
}
