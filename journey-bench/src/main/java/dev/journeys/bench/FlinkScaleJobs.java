package dev.journeys.bench;

import dev.journeys.core.Contact;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.flink.DefinitionChange;
import dev.journeys.flink.JourneyJob;
import dev.journeys.flink.JourneyTypes;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Flink jobs behind {@link FlinkThroughput}: {@link WelcomeJourney} through the Flink host on a
 * local MiniCluster (started per job by {@code StreamExecutionEnvironment.getExecutionEnvironment}),
 * the inputs made from an index by {@link DataGeneratorSource}, the sends counted in accumulators.
 *
 * <p>Contact {@code i}'s profile holds from just before {@link WelcomeJourney#START}; their entry
 * event is at {@code START + i * spread}, the entries spread over one day, so the two-day waits end
 * over the third day and every journey ends by {@link #UNTIL}. Package-private; each method runs
 * one job and returns when it ends.
 */
final class FlinkScaleJobs {

    /** Over how long the entry events are spread. */
    static final Duration ENTRIES_OVER = Duration.ofDays(1);
    /** The end of a bounded run: past every contact's end, so the last timers have fired. */
    static final Instant UNTIL = WelcomeJourney.START.plus(ENTRIES_OVER).plus(WelcomeJourney.WAIT).plus(Duration.ofDays(1));

    private static final long PROFILES_AT = WelcomeJourney.START.toEpochMilli() - 1;
    private static final String WELCOME = "sent-welcome";
    private static final String OFFER_A = "sent-offer-a";
    private static final String OFFER_B = "sent-offer-b";
    private static final String OTHER = "effects-other";

    private FlinkScaleJobs() {
    }

    /** Where the state lives: the heap (Flink's hashmap backend) or RocksDB. */
    enum Backend {
        HEAP("hashmap"), ROCKSDB("rocksdb");

        private final String type;

        Backend(String type) {
            this.type = type;
        }

        /** Returns the value of {@code state.backend.type}. */
        String type() {
            return type;
        }
    }

    /** What a bounded run took: the job's runtime on the cluster and the wall time from submit to end. */
    record Run(long netMillis, long wallMillis) {
    }

    /** What a run stopped while every contact waits measured. */
    record Waiting(long heapBytes, long canonicalSavepointBytes, long nativeSavepointBytes) {
    }

    /**
     * Runs every contact through the whole journey and checks that each got the welcome and the
     * offer of their group, nothing else.
     *
     * @throws IllegalStateException if the sends are not those
     */
    static Run throughput(int contacts, int parallelism, Backend backend, Path temp) throws Exception {
        StreamExecutionEnvironment env = environment(parallelism, backend, temp);
        DataStream<Event> events = env.fromSource(new DataGeneratorSource<>(new EntryEvents(contacts, false),
                contacts, JourneyTypes.events()), JourneyJob.watermarks(Duration.ZERO), "events");
        wire(env, events, contacts);
        long began = System.nanoTime();
        JobExecutionResult result = env.execute("welcome-throughput");
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        requireSends(result.getAllAccumulatorResults(), contacts, true);
        return new Run(result.getNetRuntime(TimeUnit.MILLISECONDS), wall);
    }

    /**
     * Runs until every contact got the welcome and waits in the two-day wait (the entry events,
     * then, from one source task, a tick for a contact nobody knows every 10 ms, so the watermark
     * passes the last entry and stays a day before the first wait ends); measures the heap after a
     * full GC, takes a native savepoint, then stops the job with a canonical one.
     *
     * @param heapBefore the heap used after a full GC before the job was submitted
     */
    static Waiting waiting(int contacts, int parallelism, Backend backend, Path temp, long heapBefore) throws Exception {
        StreamExecutionEnvironment env = environment(parallelism, backend, temp);
        DataStream<Event> events = env.fromSource(new DataGeneratorSource<>(new EntryEvents(contacts, true),
                Long.MAX_VALUE, JourneyTypes.events()), JourneyJob.watermarks(Duration.ZERO), "events")
                .setParallelism(1); // one task: the ticks come after every entry
        wire(env, events, contacts);
        JobClient job = env.executeAsync("welcome-waiting");
        boolean stopped = false;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            Map<String, Object> sends = job.getAccumulators().get();
            while (count(sends, WELCOME) < contacts) {
                if (job.getJobExecutionResult().isDone()) {
                    job.getJobExecutionResult().get(); // throws the job's failure
                    throw new IllegalStateException("the job ended before it parked " + contacts + " contacts: " + sends);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job did not park " + contacts + " contacts in 30 minutes: "
                            + sends);
                }
                Thread.sleep(100);
                sends = job.getAccumulators().get();
            }
            requireSends(sends, contacts, false);
            long heap = FlinkThroughput.usedAfterGc() - heapBefore;
            String target = temp.resolve("savepoints").toUri().toString();
            String nativePath = job.triggerSavepoint(target, SavepointFormatType.NATIVE).get();
            String canonicalPath = job.stopWithSavepoint(false, target, SavepointFormatType.CANONICAL).get();
            stopped = true;
            requireSends(job.getJobExecutionResult().get().getAllAccumulatorResults(), contacts, false);
            return new Waiting(heap, bytes(canonicalPath), bytes(nativePath));
        } finally {
            if (!stopped) { // failed: the job's MiniCluster stops with it
                job.cancel().get();
            }
        }
    }

    private static StreamExecutionEnvironment environment(int parallelism, Backend backend, Path temp) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, backend.type());
        config.set(RocksDBOptions.LOCAL_DIRECTORIES, temp.resolve("rocksdb").toString());
        // On files: the job manager's heap keeps at most 5 MB of state.
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, temp.resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        return env;
    }

    private static void wire(StreamExecutionEnvironment env, DataStream<Event> events, int contacts) {
        DataStream<Contact> profiles = env.fromSource(new DataGeneratorSource<>(new Profiles(), contacts,
                JourneyTypes.contacts()), WatermarkStrategy.<Contact>forMonotonousTimestamps()
                .withTimestampAssigner((contact, previous) -> PROFILES_AT), "profiles");
        DataStream<DefinitionChange> definitions = env.fromData(List.of(DefinitionChange.publish(
                        WelcomeJourney.definition())), JourneyTypes.definitionChanges())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DefinitionChange>forMonotonousTimestamps()
                        .withTimestampAssigner((change, previous) -> PROFILES_AT));
        JourneyJob.builder().events(events).contacts(profiles).definitions(definitions).until(UNTIL).build()
                .effects().flatMap(new CountSends(), JourneyTypes.effects()).sinkTo(new DiscardingSink<>());
    }

    /**
     * Checks the counted sends: each contact the welcome and, if {@code all}, the offer of their
     * group; nothing else.
     */
    private static void requireSends(Map<String, Object> accumulators, int contacts, boolean all) {
        long groupA = WelcomeJourney.countGroupA(contacts);
        long welcome = count(accumulators, WELCOME);
        long offerA = count(accumulators, OFFER_A);
        long offerB = count(accumulators, OFFER_B);
        long other = count(accumulators, OTHER);
        boolean right = all ? welcome == contacts && offerA == groupA && offerB == contacts - groupA && other == 0
                : welcome == contacts && offerA == 0 && offerB == 0 && other == 0;
        if (!right) {
            throw new IllegalStateException("the Flink job sent " + welcome + " welcome, " + offerA + " offer-a, "
                    + offerB + " offer-b, " + other + " other effects to " + contacts + " contacts; expected "
                    + contacts + " welcome" + (all ? ", " + groupA + " offer-a, " + (contacts - groupA)
                    + " offer-b (2 per contact)" : " and nothing else, while they wait"));
        }
    }

    private static long count(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The bytes of the files under a savepoint's directory. */
    private static long bytes(String savepoint) {
        try (Stream<Path> files = Files.walk(Path.of(URI.create(savepoint)))) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read savepoint " + savepoint, e);
        }
    }

    /** Contact {@code i}'s entry event; after the last, if {@code ticking}, a tick every 10 ms. */
    static final class EntryEvents implements GeneratorFunction<Long, Event> {

        private static final long serialVersionUID = 1L;
        private final int contacts;
        private final long spreadMillis;
        private final boolean ticking;

        EntryEvents(int contacts, boolean ticking) {
            this.contacts = contacts;
            this.spreadMillis = Math.max(1, ENTRIES_OVER.toMillis() / Math.max(1, contacts));
            this.ticking = ticking;
        }

        @Override
        public Event map(Long index) throws InterruptedException {
            if (index < contacts) {
                int i = index.intValue();
                return Event.of("signup-" + i, WelcomeJourney.TRIGGER, WelcomeJourney.contactId(i),
                        WelcomeJourney.START.plusMillis(i * spreadMillis));
            }
            if (!ticking) {
                throw new IllegalStateException("no contact numbered " + index + " among " + contacts);
            }
            Thread.sleep(10);
            // One id, so the contact's recent ids hold one; no profile, so it is dropped.
            return Event.of("tick", "tick", "nobody", WelcomeJourney.START.plus(ENTRIES_OVER));
        }
    }

    /** Contact {@code i}'s profile. */
    static final class Profiles implements GeneratorFunction<Long, Contact> {

        private static final long serialVersionUID = 1L;

        @Override
        public Contact map(Long index) {
            return BenchContacts.contact(index.intValue());
        }
    }

    /** Counts the sends by message in accumulators and passes nothing on. */
    static final class CountSends extends RichFlatMapFunction<Effect, Effect> {

        private static final long serialVersionUID = 1L;
        private transient LongCounter welcome;
        private transient LongCounter offerA;
        private transient LongCounter offerB;
        private transient LongCounter other;

        @Override
        public void open(OpenContext context) {
            welcome = getRuntimeContext().getLongCounter(WELCOME);
            offerA = getRuntimeContext().getLongCounter(OFFER_A);
            offerB = getRuntimeContext().getLongCounter(OFFER_B);
            other = getRuntimeContext().getLongCounter(OTHER);
        }

        @Override
        public void flatMap(Effect effect, Collector<Effect> out) {
            String message = effect instanceof OutgoingMessage send ? send.message() : "";
            switch (message) {
                case WelcomeJourney.WELCOME -> welcome.add(1);
                case WelcomeJourney.OFFER_A -> offerA.add(1);
                case WelcomeJourney.OFFER_B -> offerB.add(1);
                default -> other.add(1);
            }
        }
    }
}
