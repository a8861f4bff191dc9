package dev.journeys.dsl;

import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.ValidationProblem;
import dev.journeys.dsl.json.JourneyJson;
import dev.journeys.dsl.json.JourneyJsonException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DSL and JSON refuse what a journey cannot run, and check what a branch reads of its trigger. */
class BranchOnTriggerPayloadTest {

    @Test
    void aBranchOnTheTriggersPayloadNeedsTheFieldKept() {
        JourneyDefinition journey = Journey.withId("demo-follow-up").triggeredBy(on("demo.finished"))
                .keepTriggerFields("clicked")
                .branch("clicked?", cases -> cases
                        .when(payload("clicked").isEqualTo(true), path -> path.send("thanks", Message.email("thanks")))
                        .otherwise(path -> path.send("nudge", Message.email("nudge"))))
                .build();
        assertThat(journey.policies().triggerFields()).containsExactly("clicked");

        assertThatThrownBy(() -> Journey.withId("demo-follow-up").triggeredBy(on("demo.finished"))
                .branch("clicked?", cases -> cases
                        .when(payload("clicked").isEqualTo(true), path -> path.send("thanks", Message.email("thanks")))
                        .otherwise(path -> path.send("nudge", Message.email("nudge"))))
                .build())
                .isInstanceOf(InvalidJourneyException.class)
                .satisfies(invalid -> assertThat(((InvalidJourneyException) invalid).problems())
                        .extracting(ValidationProblem::code).containsExactly(ValidationProblem.Code.UNKEPT_TRIGGER_FIELD))
                .hasMessageContaining("UNKEPT_TRIGGER_FIELD at step 'clicked?'");
    }

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
