package dev.journeys.dsl.json;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JourneyJsonTest {

    @Test
    void everyElementRoundTrips() {
        JourneyDefinition journey = Everything.journey();
        assertThat(JourneyValidator.validate(journey)).isEmpty();
        String json = JourneyJson.write(journey);
        System.out.println(json);
        assertThat(JourneyJson.read(json)).isEqualTo(journey);
    }
}
