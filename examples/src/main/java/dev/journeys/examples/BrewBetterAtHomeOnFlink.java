package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.flink.DefinitionChange;
import dev.journeys.flink.JourneyJob;
import dev.journeys.flink.JourneyTypes;
import dev.journeys.testkit.Timeline;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Scenario S1, "Brew Better at Home", as an Apache Flink job on a local MiniCluster: the same
 * journey, contacts and events as {@link BrewBetterAtHome} (one contact clicks the grinder link in
 * the guide, one does not, one buys during the wait), fed as streams in event time, and each
 * contact's timeline printed from the job's journey events. The timelines are those the
 * in-process engine prints.
 *
 * <p>Run it with
 * {@code mvn -q -pl examples -am compile exec:java -Dexample.main=dev.journeys.examples.BrewBetterAtHomeOnFlink}.
 */
public final class BrewBetterAtHomeOnFlink {

    private static final Instant START = BrewBetterAtHome.START;

    private BrewBetterAtHomeOnFlink() {
    }

    /**
     * Runs the story as a Flink job and prints the timelines.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the story, printing to {@code out}. */
    static void run(PrintStream out) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(); // a local MiniCluster
        env.setParallelism(2);
        List<Contact> profiles = List.of("ana", "ben", "cleo").stream()
                .map(id -> Contact.of(id).withZone(ZoneId.of("America/Chicago")).withConsent("email")).toList();
        Instant clickAt = START.plus(Duration.ofHours(5));
        String guideToAna = new IdempotencyKey("ana", BrewBetterAtHome.journey().id(), 1, 1, "guide", 1) + "@"
                + START.toEpochMilli(); // the id the engine gives the guide it sends ana at the start
        List<Event> story = List.of(
                BrewBetterAtHome.guideRequested("form-ana", "ana", START),
                BrewBetterAtHome.guideRequested("form-ben", "ben", START),
                BrewBetterAtHome.guideRequested("form-cleo", "cleo", START),
                Event.linkClicked("click-ana", "ana", clickAt, guideToAna, "shop-grinders"),
                Event.of("purchase-cleo", "purchase.completed", "cleo", START.plus(Duration.ofHours(24))));
        long before = START.toEpochMilli() - 1;

        DataStream<Event> events = env.fromData(story, JourneyTypes.events())
                .assignTimestampsAndWatermarks(JourneyJob.watermarks(Duration.ZERO));
        DataStream<Contact> contacts = env.fromData(profiles, JourneyTypes.contacts())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Contact>forMonotonousTimestamps()
                        .withTimestampAssigner((contact, previous) -> before));
        DataStream<DefinitionChange> definitions = env.fromData(
                        List.of(DefinitionChange.publish(BrewBetterAtHome.journey())), JourneyTypes.definitionChanges())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DefinitionChange>forMonotonousTimestamps()
                        .withTimestampAssigner((change, previous) -> before));

        JourneyJob.Streams journeys = JourneyJob.builder()
                .events(events).contacts(contacts).definitions(definitions)
                .until(START.plus(Duration.ofDays(3)))
                .build();
        journeys.effects().print("send"); // a real job hands these to a sink that sends them, by key

        out.println("Journey: " + BrewBetterAtHome.journey().name() + " on Apache Flink, starting " + START);
        Timeline timeline = new Timeline();
        try (CloseableIterator<JourneyEvent> happened = journeys.journeyEvents().executeAndCollect("brew-better")) {
            happened.forEachRemaining(timeline::on);
        }
        for (String contact : timeline.contacts().stream().sorted().toList()) {
            out.println();
            out.print(timeline.format(contact));
        }
    }

}
