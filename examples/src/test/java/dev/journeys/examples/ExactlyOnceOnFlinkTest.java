package dev.journeys.examples;

import dev.journeys.core.Event;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.flink.JourneyTypes;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario S1 for 100,000 contacts as a Flink job with checkpoints, failed once mid-run by a task
 * that throws and restored from its last checkpoint: every message the in-process engine sends
 * reaches the sink, none the in-process engine does not; delivered again after the restore, a key
 * is dropped by the sink, which honours keys.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ExactlyOnceOnFlinkTest {

    private static final int CONTACTS = Integer.getInteger("exactly-once.contacts", 100_000);

    /** Whether the injected failure happened: once per test run, across the job's restart. */
    static final AtomicBoolean FAILED = new AtomicBoolean();
    /** How many checkpoints the failing task saw complete. */
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();

    @Test
    void aFailureMidRunLosesNoSendAndTheSinkSeesEachKeyOnce(@TempDir Path checkpoints) throws Exception {
        ConformanceScripts.Script script = ConformanceScripts.brewBetterAtHome(CONTACTS, 7, Duration.ofSeconds(1));
        Set<String> expected = ConformanceScripts.inProcess(script, env -> env.sent().stream()
                .map(OutgoingMessage::key).map(Object::toString).collect(Collectors.toSet()));

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        // On files: the job manager's heap keeps checkpoints of at most 5 MB, less than 100,000 contacts.
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(1_000);
        // A checkpoint a finishing source declines is no failure of the job's.
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(20);
        DataStream<Event> events = ConformanceScripts.events(env, script)
                .map(new FailOnce(script.events().size() / 4), JourneyTypes.events()); // each of 2 parts passes about half
        RecordingSink sink = new RecordingSink("exactly-once");
        ConformanceScripts.onFlink(env, script, events).effects().sinkTo(sink);

        env.execute("exactly-once");
        Map<String, AtomicInteger> delivered = RecordingSink.deliveries("exactly-once");

        assertThat(FAILED).as("the injected failure happened, after %s checkpoints", CHECKPOINTS).isTrue();
        long deliveries = delivered.values().stream().mapToLong(AtomicInteger::get).sum();
        System.out.printf("%d contacts, %d sends expected, %d keys delivered (%d deliveries, %d again after the"
                        + " restore), %d lost, %d not expected%n", CONTACTS, expected.size(), delivered.size(),
                deliveries, deliveries - delivered.size(), expected.stream().filter(k -> !delivered.containsKey(k))
                        .count(), delivered.keySet().stream().filter(k -> !expected.contains(k)).count());
        assertThat(delivered.keySet()).as("keys the sink kept").isEqualTo(expected);
    }

    /**
     * Passes events on, slowly enough for checkpoints to complete while they flow, and throws
     * once: the first time it has passed {@code failAfter} of them after two checkpoints completed,
     * so the job restores from a checkpoint taken mid-run.
     */
    static final class FailOnce implements MapFunction<Event, Event>, CheckpointListener {

        private static final long serialVersionUID = 1L;
        private final int failAfter;
        private int passed;

        FailOnce(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public Event map(Event event) throws InterruptedException {
            if (++passed % 10 == 0) {
                Thread.sleep(1);
            }
            if (passed >= failAfter && CHECKPOINTS.get() >= 2 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + passed + " events");
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }
}
