package dev.journeys.examples;

import dev.journeys.core.Effect;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Flink sink for tests that honours idempotency keys: it counts every effect it is given under
 * its key, so a test sees what it kept (each key once) and what was handed over again. The
 * counts live in this JVM, where the local MiniCluster runs the job, under the name of the run.
 */
final class RecordingSink implements Sink<Effect> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Map<String, AtomicInteger>> RUNS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Effect>> EFFECTS = new ConcurrentHashMap<>();

    private final String run;

    /** Creates a sink recording under the name of a run, and forgets what an earlier run of that name recorded. */
    RecordingSink(String run) {
        this.run = Objects.requireNonNull(run, "run");
        RUNS.put(run, new ConcurrentHashMap<>());
        EFFECTS.put(run, new ConcurrentHashMap<>());
    }

    /** Returns how often the sink was given each key, in a run. */
    static Map<String, AtomicInteger> deliveries(String run) {
        return RUNS.getOrDefault(run, Map.of());
    }

    /** Returns the effect kept under each key, in a run. */
    static Map<String, Effect> effects(String run) {
        return EFFECTS.getOrDefault(run, Map.of());
    }

    @Override
    public SinkWriter<Effect> createWriter(WriterInitContext context) {
        Map<String, AtomicInteger> counts = RUNS.get(run);
        Map<String, Effect> kept = EFFECTS.get(run);
        return new SinkWriter<>() {
            @Override
            public void write(Effect effect, Context writeContext) {
                String key = effect.key().toString();
                counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                kept.putIfAbsent(key, effect);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
