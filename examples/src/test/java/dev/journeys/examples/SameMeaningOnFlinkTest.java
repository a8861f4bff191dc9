package dev.journeys.examples;

import dev.journeys.core.event.JourneyEvent;
import dev.journeys.flink.JourneyJob;
import dev.journeys.testkit.Timeline;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        return ConformanceScripts.inProcess(script, env -> {
            Map<String, List<String>> timelines = new TreeMap<>();
            for (String contact : env.timeline().contacts()) {
                timelines.put(contact, lines(env.timeline().of(contact)));
            }
            return timelines;
        });
    }

    /** Runs the script as a Flink job on a local MiniCluster, in event time. */
    static Map<String, List<String>> onFlink(ConformanceScripts.Script script) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(); // a local MiniCluster
        env.setParallelism(2);
        JourneyJob.Streams streams = ConformanceScripts.onFlink(env, script, ConformanceScripts.events(env, script));
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
