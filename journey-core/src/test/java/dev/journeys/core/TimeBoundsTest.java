package dev.journeys.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Times and numbers a journey, event or contact cannot use are refused where they enter. */
class TimeBoundsTest {

    @Test
    void aWaitUntilAnInstantPastTheLatestIsRefusedNamingTheValueAndTheBounds() {
        assertThatThrownBy(() -> new Delay.UntilInstant(Instant.MAX, Delay.IfPassed.CONTINUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wait-until instant must be between 0001-01-01T00:00:00Z and "
                        + "9999-12-31T23:59:59.999999999Z, was +1000000000-12-31T23:59:59.999999999Z");
    }

    @Test
    void aWaitLongerThanAHundredYearsIsRefusedNamingTheStep() {
        Duration eons = Duration.ofDays(109_500_000_000L);
        assertThatThrownBy(() -> new Delay.Fixed(eons))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 36525 days");
        assertThatThrownBy(() -> new Step.WaitForEvent("click?", Trigger.on("clicked"), Optional.empty(), eons,
                false, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time-out of step 'click?' must be at most 36525 days");
        assertThat(new Delay.Fixed(TimeBounds.LONGEST).duration()).isEqualTo(Duration.ofDays(36_525));
    }

    @Test
    void policyDurationsAreBounded() {
        Duration tooLong = TimeBounds.LONGEST.plusDays(1);
        assertThatThrownBy(() -> FrequencyCap.of(1, tooLong)).hasMessageContaining("frequency cap window");
        assertThatThrownBy(() -> EntryRateLimit.of(1, tooLong)).hasMessageContaining("entry rate limit window");
        assertThatThrownBy(() -> RetryPolicy.of(3, tooLong)).hasMessageContaining("firstBackoff");
        assertThatThrownBy(() -> Schedule.at(Instant.MAX)).hasMessageContaining("schedule start");
    }

    @Test
    void retriesNeverOverflowTheClock() {
        RetryPolicy policy = RetryPolicy.of(Integer.MAX_VALUE, TimeBounds.LONGEST);
        assertThat(policy.retryAt(40, TimeBounds.LATEST)).contains(TimeBounds.LATEST.plus(TimeBounds.LONGEST));
    }

    @Test
    void numbersThatAreNotFiniteAreRefusedInAttributesAndPayloads() {
        assertThatThrownBy(() -> Attributes.of("score", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute 'score' must be a finite number, was NaN");
        assertThatThrownBy(() -> Attributes.of("score", java.util.List.of(1.0, Double.POSITIVE_INFINITY)))
                .hasMessageContaining("must be a finite number, was Infinity");
        assertThatThrownBy(() -> Event.of("e1", "go", "ana", T).withPayload(Attributes.of("x", 1).with("y", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attributes.of("born", Instant.MIN)).hasMessageContaining("attribute 'born' must be between");
    }

    @Test
    void anEventDatedOutsideTheBoundsIsRefused() {
        assertThatThrownBy(() -> Event.of("e1", "go", "ana", Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event occurredAt must be between");
    }
}
