package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.Step;
import dev.journeys.flink.DefinitionChange;
import dev.journeys.flink.JourneyJob;
import dev.journeys.flink.JourneyTypes;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario S1 as a Flink job stopped with a savepoint while its contacts wait, then started from
 * the savepoint with a new version of the journey published: the waiting contacts finish on the
 * version they entered, new entries take the new one, and no send is lost or repeated.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SavepointUpgradeOnFlinkTest {

    private static final int CONTACTS = 300;
    private static final Instant START = ConformanceScripts.START;

    private static final String RUN = "savepoint-upgrade";

    @Test
    void waitingContactsFinishOnTheirVersionAndNewOnesTakeTheNewVersion(@TempDir Path savepoints) throws Exception {
        RecordingSink sink = new RecordingSink(RUN);
        String savepoint = firstJobStoppedWhileContactsWait(savepoints, sink);
        assertThat(RecordingSink.deliveries(RUN)).as("the guides, before the stop").hasSize(CONTACTS);

        secondJobFromTheSavepoint(savepoint, sink);

        for (int i = 0; i < CONTACTS; i++) {
            String old = "old-" + i;
            String fresh = "new-" + i;
            assertThat(sentTo(old)).as(old).hasSize(2)
                    .allMatch(key -> key.startsWith(old + ":brew-better-at-home:1:1:"));
            assertThat(sentTo(fresh)).as(fresh).hasSize(2)
                    .allMatch(key -> key.startsWith(fresh + ":brew-better-at-home:2:1:"));
        }
        assertThat(RecordingSink.effects(RUN).values()).map(effect -> ((OutgoingMessage) effect).message())
                .filteredOn("brew-tips-v2"::equals).hasSize(CONTACTS);
        assertThat(RecordingSink.deliveries(RUN).values()).as("each key once").allMatch(count -> count.get() == 1);
    }

    /** Runs the first job until every old contact got the guide and waits two days, then stops it with a savepoint. */
    private static String firstJobStoppedWhileContactsWait(Path savepoints, RecordingSink sink) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        // Forms of the old contacts a second apart, then events no journey reads, until the job is stopped.
        DataGeneratorSource<Event> source = new DataGeneratorSource<>(new OldContactsThenNoise(), Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(2_000), JourneyTypes.events());
        DataStream<Event> events = env.fromSource(source, JourneyJob.watermarks(Duration.ZERO), "events")
                .setParallelism(1).uid("events-1");
        JobClient job = wire(env, events, contacts("old-"), BrewBetterAtHome.journey(), "1", sink)
                .executeAsync("first");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (RecordingSink.deliveries(RUN).size() < CONTACTS && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
    }

    /** Starts a job from the savepoint, with version 2 published and new contacts' forms a day later. */
    private static void secondJobFromTheSavepoint(String savepoint, RecordingSink sink) throws Exception {
        Configuration config = new Configuration();
        config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true); // the first job's sources
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        List<Event> forms = IntStream.range(0, CONTACTS).mapToObj(i -> BrewBetterAtHome.guideRequested(
                "form-new-" + i, "new-" + i, START.plus(Duration.ofDays(1)).plusSeconds(i))).toList();
        DataStream<Event> events = env.fromData(forms, JourneyTypes.events()).uid("events-source-2")
                .assignTimestampsAndWatermarks(JourneyJob.watermarks(Duration.ZERO)).uid("events-2");
        wire(env, events, contacts("new-"), version2(), "2", sink).execute("second");
    }

    private static StreamExecutionEnvironment wire(StreamExecutionEnvironment env, DataStream<Event> events,
                                                   List<Contact> profiles, JourneyDefinition journey, String run,
                                                   RecordingSink sink) {
        long before = START.toEpochMilli() - 1;
        DataStream<Contact> contacts = env.fromData(profiles, JourneyTypes.contacts()).uid("contacts-source-" + run)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Contact>forMonotonousTimestamps()
                        .withTimestampAssigner((contact, previous) -> before)).uid("contacts-" + run);
        DataStream<DefinitionChange> definitions = env.fromData(List.of(DefinitionChange.publish(journey)),
                        JourneyTypes.definitionChanges()).uid("definitions-source-" + run)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DefinitionChange>forMonotonousTimestamps()
                        .withTimestampAssigner((change, previous) -> before)).uid("definitions-" + run);
        JourneyJob.builder().events(events).contacts(contacts).definitions(definitions)
                .until(START.plus(Duration.ofDays(10))).build()
                .effects().sinkTo(sink).uid("sink-" + run);
        return env;
    }

    private static List<Contact> contacts(String prefix) {
        return IntStream.range(0, CONTACTS).mapToObj(i -> Contact.of(prefix + i).withConsent("email")).toList();
    }

    /** Version 2 of S1: the brew tips step sends another message. */
    private static JourneyDefinition version2() {
        JourneyDefinition v1 = BrewBetterAtHome.journey();
        List<Step> steps = v1.steps().stream().map(step -> step instanceof Step.Send send && send.id().equals("brew-tips")
                ? new Step.Send(send.id(), "brew-tips-v2", send.channel(), send.variants(), send.category(),
                        send.purpose(), send.fields(), send.next())
                : step).toList();
        return new JourneyDefinition(v1.id(), 2, v1.name(), v1.entry(), v1.startStep(), steps, v1.exitTriggers(),
                v1.goal(), v1.policies());
    }

    private static List<String> sentTo(String contactId) {
        return RecordingSink.deliveries(RUN).keySet().stream().filter(key -> key.startsWith(contactId + ":")).sorted().toList();
    }

    /** The old contacts' forms, a second apart, then, a second apart too, events no journey reads. */
    static final class OldContactsThenNoise implements GeneratorFunction<Long, Event> {

        private static final long serialVersionUID = 1L;

        @Override
        public Event map(Long index) {
            Instant at = START.plusSeconds(index);
            return index < CONTACTS ? BrewBetterAtHome.guideRequested("form-old-" + index, "old-" + index, at)
                    : Event.of("noise-" + index, "page.viewed", "old-0", at);
        }
    }
}
