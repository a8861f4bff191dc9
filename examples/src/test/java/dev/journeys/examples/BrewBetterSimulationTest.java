package dev.journeys.examples;

import dev.journeys.core.ExitCause;
import dev.journeys.core.SkipReason;
import dev.journeys.testkit.JourneyCounts;
import dev.journeys.testkit.JourneyTestEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ten thousand contacts through S1: the funnel adds up, and the same seed gives the same history. */
class BrewBetterSimulationTest {

    @Test
    void everyContactWhoEnteredIsAccountedForAtExactlyOneEnd() {
        try (JourneyTestEnvironment env = BrewBetterSimulation.simulate(10_000, 42, progress -> { })) {
            JourneyCounts s1 = env.report().journey("brew-better-at-home");

            assertThat(s1.entered()).isEqualTo(10_000);
            assertThat(s1.waiting()).isZero();
            assertThat(s1.exited()).isEqualTo(s1.entered());
            long stopped = s1.exits().getOrDefault(ExitCause.EXIT_TRIGGER, 0L);
            long completed = s1.exits().getOrDefault(ExitCause.COMPLETED, 0L);
            assertThat(stopped + completed).isEqualTo(10_000);
            assertThat(s1.step("clicked-grinders").reached()).isEqualTo(completed);
            assertThat(s1.step("grinder-offer").reached() + s1.step("brew-tips").reached()).isEqualTo(completed);
            assertThat(s1.step("guide").sent() + s1.step("guide").skipped().getOrDefault(SkipReason.NO_CONSENT, 0L))
                    .isEqualTo(10_000);
            // 25% click and 5% buy within 3 days (about 2/3 of buyers before the branch), of the 97% who consent.
            assertThat(s1.step("grinder-offer").reached()).isBetween(2_100L, 2_700L);
            assertThat(stopped).isBetween(200L, 450L);
        }
    }

    @Test
    void theSameSeedGivesTheSameFingerprint() {
        try (JourneyTestEnvironment first = BrewBetterSimulation.simulate(2_000, 7, progress -> { });
             JourneyTestEnvironment second = BrewBetterSimulation.simulate(2_000, 7, progress -> { })) {
            assertThat(first.fingerprint()).isEqualTo(second.fingerprint());
        }
    }
}
