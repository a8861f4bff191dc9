package dev.journeys.testkit;

import dev.journeys.core.DeclineReason;
import dev.journeys.core.ExitCause;
import dev.journeys.core.SkipReason;
import dev.journeys.dsl.diagram.StepAnnotations;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JourneyCountsTest {

    @Test
    void stepAnnotationsSayWhatHappenedAtEachStepAndHowContactsEntered() {
        StepCounts guide = new StepCounts("guide", "Send", 1_000, 940,
                Map.of(SkipReason.QUIET_HOURS, 15L, SkipReason.CAPPED, 45L), 0, 0, Map.of(), 0, 0);
        StepCounts wait = new StepCounts("two-days", "Wait", 940, 0, Map.of(), 2, 1,
                Map.of(ExitCause.EXIT_TRIGGER, 30L), 12, 3);
        StepCounts retired = new StepCounts("retired", JourneyReport.UNKNOWN_KIND, 5, 0, Map.of(), 0, 0, Map.of(), 0, 0);
        JourneyCounts counts = new JourneyCounts("brew", "Brew", 1_000, Map.of(ExitCause.EXIT_TRIGGER, 30L), 120, 12,
                List.of(guide, wait, retired),
                new EntryCounts(Map.of(DeclineReason.EXCLUDED, 4L), 7, 0, Duration.ZERO, Duration.ZERO));

        assertThat(counts.toStepAnnotations()).isEqualTo(new StepAnnotations(Map.of(
                "guide", "reached 1,000 · sent 940 · skipped 45 (CAPPED) · skipped 15 (QUIET_HOURS)",
                "two-days", "reached 940 · deferred 3 · cancelled 2 · dropped 1 · exited 30 (EXIT_TRIGGER) · waiting 12"),
                Optional.of("entered 1,000 · declined 4 · queued 7 · goals 120")));
    }
}
