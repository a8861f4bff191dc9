package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.flink.DefinitionChange;
import dev.journeys.flink.JourneyJob;
import dev.journeys.flink.JourneyTypes;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.Timeline;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios S1, S3, S4 and S5, fed the same contacts and events at the same instants, give every
 * contact the same timeline in the in-process engine and on Apache Flink (event time, a local
 * MiniCluster, two parallel parts).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SameMeaningOnFlinkTest {

    private static final int CONTACTS = Integer.getInteger("conformance.contacts", 60);

    static Stream<ConformanceScripts.Script> scripts() {
        return ConformanceScripts.all(CONTACTS, 2026).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void everyContactHasTheSameTimelineOnBothHosts(ConformanceScripts.Script script) throws Exception {
        Map<String, List<String>> inProcess = inProcess(script);
        Map<String, List<String>> onFlink = onFlink(script);

        assertThat(inProcess).as("%s ran", script.name()).isNotEmpty();
        for (String contact : inProcess.keySet()) {
            assertThat(onFlink.get(contact)).as("%s, the timeline of %s", script.name(), contact)
                    .isEqualTo(inProcess.get(contact));
        }
        assertThat(onFlink.keySet()).isEqualTo(inProcess.keySet());
    }

    /** Runs the script in the in-process engine, on the testkit's virtual clock. */
    static Map<String, List<String>> inProcess(ConformanceScripts.Script script) {
        JourneyTestEnvironment.Builder builder = JourneyTestEnvironment.builder()
                .startingAt(ConformanceScripts.START);
        script.journeys().forEach(builder::journey);
        script.contacts().forEach(builder::contact);
        try (JourneyTestEnvironment env = builder.build()) {
            script.events().forEach(env::schedule);
            env.runUntilIdle(script.horizon());
            Map<String, List<String>> timelines = new TreeMap<>();
            for (String contact : env.timeline().contacts()) {
                timelines.put(contact, lines(env.timeline().of(contact)));
            }
            return timelines;
        }
    }

    /** Runs the script as a Flink job on the MiniCluster, in event time. */
    static Map<String, List<String>> onFlink(ConformanceScripts.Script script) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(); // a local MiniCluster
        env.setParallelism(2);
        long before = ConformanceScripts.START.toEpochMilli() - 1;
        DataStream<Event> events = env.fromData(script.events(), JourneyTypes.events())
                .assignTimestampsAndWatermarks(JourneyJob.watermarks(Duration.ZERO));
        DataStream<Contact> contacts = env.fromData(script.contacts(), JourneyTypes.contacts())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Contact>forMonotonousTimestamps()
                        .withTimestampAssigner((contact, previous) -> before));
        List<DefinitionChange> changes = new ArrayList<>();
        for (JourneyDefinition journey : script.journeys()) {
            changes.add(DefinitionChange.publish(journey));
        }
        DataStream<DefinitionChange> definitions = env.fromData(changes, JourneyTypes.definitionChanges())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DefinitionChange>forMonotonousTimestamps()
                        .withTimestampAssigner((change, previous) -> before));
        JourneyJob.Streams streams = JourneyJob.builder().events(events).contacts(contacts).definitions(definitions)
                .until(ConformanceScripts.START.plus(script.horizon())).build();
        Map<String, List<JourneyEvent>> byContact = new TreeMap<>();
        try (CloseableIterator<JourneyEvent> out = streams.journeyEvents().executeAndCollect(script.name())) {
            out.forEachRemaining(event -> byContact.computeIfAbsent(event.contactId(), id -> new ArrayList<>())
                    .add(event));
        }
        Map<String, List<String>> timelines = new TreeMap<>();
        byContact.forEach((contact, journeyEvents) -> timelines.put(contact, lines(journeyEvents)));
        return timelines;
    }

    private static List<String> lines(List<JourneyEvent> events) {
        return events.stream().map(event -> event.at() + " " + Timeline.describe(event)).toList();
    }
}
