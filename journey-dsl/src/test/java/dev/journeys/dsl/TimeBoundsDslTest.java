package dev.journeys.dsl;

import dev.journeys.dsl.json.JourneyJson;
import dev.journeys.dsl.json.JourneyJsonException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Times a journey cannot run are refused when the DSL builds it and when JSON is read. */
class TimeBoundsDslTest {

    @Test
    void aWaitUntilTheEndOfTimeIsRefusedWhenTheJourneyIsBuilt() {
        assertThatThrownBy(() -> Journey.withId("forever").triggeredBy(on("signed.up"))
                .waitUntil("the-end", Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wait 'the-end' until must be between");
        assertThatThrownBy(() -> Journey.withId("forever").triggeredBy(on("signed.up"))
                .waitFor("eons", Duration.ofDays(109_500_000_000L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wait 'eons' must be at most 36525 days");
    }

    @Test
    void aWaitOfThreeHundredMillionYearsInJsonIsRefusedAtItsPath() {
        String json = """
                {"format": "journey-engine/1", "id": "eons", "name": "eons", "version": 1,
                 "entry": {"kind": "event", "trigger": {"event": "signed.up"}},
                 "startStep": "eons",
                 "steps": [{"kind": "wait", "id": "eons",
                            "delay": {"kind": "duration", "duration": "P109500000000D"}}]}
                """;
        assertThatThrownBy(() -> JourneyJson.read(json))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessageContaining("$.steps[0]")
                .hasMessageContaining("must be at most 36525 days");
    }
}
