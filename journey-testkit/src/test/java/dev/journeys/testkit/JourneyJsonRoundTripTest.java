package dev.journeys.testkit;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;
import dev.journeys.dsl.json.JourneyJson;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/** The testkit's generated journeys, built with the DSL, survive the JSON format unchanged. */
class JourneyJsonRoundTripTest {

    @Provide
    Arbitrary<JourneyDefinition> journeys() {
        return JourneyArbitraries.journeys();
    }

    @Property(tries = 100, seed = "20261129")
    void everyGeneratedJourneyRoundTripsThroughJson(@ForAll("journeys") JourneyDefinition journey) {
        String json = JourneyJson.write(journey);

        assertThat(JourneyJson.read(json)).isEqualTo(journey);
        journey.steps().forEach(step -> Statistics.label("steps").collect(step.getClass().getSimpleName()));
        Statistics.label("exit triggers").collect(journey.exitTriggers().size());
        Statistics.label("steps").coverage(coverage -> {
            for (Class<?> kind : new Class<?>[] {Step.Send.class, Step.Wait.class, Step.WaitForEvent.class,
                Step.Branch.class, Step.Split.class, Step.Goal.class, Step.Exit.class}) {
                coverage.check(kind.getSimpleName()).count(n -> n > 0);
            }
        });
    }
}
