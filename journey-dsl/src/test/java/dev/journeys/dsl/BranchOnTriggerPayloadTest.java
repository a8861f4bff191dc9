package dev.journeys.dsl;

import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.ValidationProblem;
import org.junit.jupiter.api.Test;

import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A branch reads the entry trigger's payload through the fields the journey keeps, and the DSL checks them. */
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
}
