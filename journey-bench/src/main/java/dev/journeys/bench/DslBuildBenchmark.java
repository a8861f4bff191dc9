package dev.journeys.bench;

import dev.journeys.core.JourneyDefinition;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.JourneyPath;
import dev.journeys.dsl.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Trigger.on;

/**
 * Issue 8 (e): building a 200-step journey with the DSL, including the validation
 * {@code build()} runs over the whole graph. The journey is 40 blocks of five steps: a send, a
 * one-day wait, and a branch on a contact attribute into two sends that join again.
 *
 * <p>Run: {@code java -jar journey-bench/target/benchmarks.jar DslBuildBenchmark}; the score is
 * microseconds per journey built and validated.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DslBuildBenchmark {

    /** Steps in the journey. */
    public static final int STEPS = 200;

    /** Builds and validates the journey. */
    @Benchmark
    public JourneyDefinition build200Steps() {
        return longJourney();
    }

    /** Returns the 200-step journey. */
    public static JourneyDefinition longJourney() {
        JourneyPath path = Journey.withId("long-journey").triggeredBy(on("signed.up"));
        for (int block = 0; block < STEPS / 5; block++) {
            String b = Integer.toString(block);
            path = path.send("send-" + b, Message.email("message-" + b))
                    .waitFor("wait-" + b, Duration.ofDays(1))
                    .branch("branch-" + b, cases -> cases
                            .when(attribute("group").isEqualTo("a"), p -> p.send("a-" + b, Message.email("a-" + b)))
                            .otherwise(p -> p.send("b-" + b, Message.email("b-" + b))));
        }
        JourneyDefinition journey = path.build();
        if (journey.steps().size() != STEPS) {
            throw new IllegalStateException("the journey has " + journey.steps().size() + " steps, expected " + STEPS);
        }
        return journey;
    }
}
