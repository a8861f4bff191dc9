package dev.journeys.flink;

import dev.journeys.core.Contact;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyStatus;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.journeys.core.Condition.clicked;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyed function that hosts the kernel, in Flink's operator test harness: inputs held until
 * the watermark passes them, timers on the watermark, effects emitted with their keys, journey
 * events on the side output, state kept across a snapshot and a restore.
 */
class JourneyFunctionTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private KeyedBroadcastOperatorTestHarness<String, ContactInput, DefinitionChange, Effect> harness;

    static JourneyDefinition guide() {
        return Journey.withId("guide")
                .triggeredBy(on("form.submitted"))
                .exitWhen(on("purchase.completed"))
                .send("guide", Message.email("french-press-guide"))
                .waitFor("two-days", Duration.ofDays(2))
                .branch("clicked?", cases -> cases
                        .when(clicked("guide", "shop"), path -> path.send("offer", Message.email("grinder-offer")))
                        .otherwise(path -> path.send("tips", Message.email("brew-tips"))))
                .build();
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, ContactInput, DefinitionChange, Effect> newHarness()
            throws Exception {
        return newHarness(JourneyTime.EVENT_TIME, Long.MAX_VALUE);
    }

    private static KeyedBroadcastOperatorTestHarness<String, ContactInput, DefinitionChange, Effect> newHarness(
            JourneyTime time, long untilMillis) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new JourneyFunction(time, Duration.ofDays(7), Duration.ofHours(1), untilMillis),
                List.of(JourneyCatalogState.DESCRIPTOR)), ContactInput::contactId, Types.STRING, 1, 1, 0);
    }

    private void start(String contactId) throws Exception {
        harness.processBroadcastElement(DefinitionChange.publish(guide()), T.toEpochMilli());
        harness.processElement(new ContactInput.ProfileChanged(Contact.of(contactId).withConsent("email"),
                T.toEpochMilli()), T.toEpochMilli());
        harness.processElement(new ContactInput.EventArrived(Event.of("e1", "form.submitted", contactId, T)),
                T.toEpochMilli());
    }

    @Test
    void anInputWaitsForTheWatermarkThenSendsWithItsKey() throws Exception {
        start("ana");
        assertThat(harness.extractOutputValues()).as("held until the watermark passes it").isEmpty();

        harness.watermark(T.toEpochMilli());

        assertThat(messages()).containsExactly("french-press-guide");
        assertThat(((OutgoingMessage) harness.extractOutputValues().get(0)).key().toString())
                .isEqualTo("ana:guide:1:1:guide:1");
        assertThat(events()).extracting(Object::getClass).contains(JourneyEvent.Entered.class,
                JourneyEvent.MessageSent.class);
    }

    @Test
    void theWaitEndsWhenTheWatermarkReachesIt() throws Exception {
        start("ana");
        harness.watermark(T.plus(Duration.ofDays(2)).minusMillis(1).toEpochMilli());
        assertThat(messages()).containsExactly("french-press-guide");

        harness.watermark(T.plus(Duration.ofDays(2)).toEpochMilli());

        assertThat(messages()).containsExactly("french-press-guide", "brew-tips");
        assertThat(events()).filteredOn(JourneyEvent.Exited.class::isInstance).singleElement()
                .extracting(JourneyEvent::at).isEqualTo(T.plus(Duration.ofDays(2)));
    }

    @Test
    void inputsAreWorkedOnInTheOrderOfTheirTimestampsNotOfTheirArrival() throws Exception {
        start("ana");
        Instant clickAt = T.plus(Duration.ofHours(1));
        String messageId = ((OutgoingMessage) sentAfter(T)).messageId();
        harness.processElement(new ContactInput.EventArrived(Event.of("buy", "purchase.completed", "ana",
                T.plus(Duration.ofHours(2)))), T.plus(Duration.ofHours(2)).toEpochMilli());
        harness.processElement(new ContactInput.EventArrived(Event.linkClicked("c1", "ana", clickAt, messageId,
                "shop")), clickAt.toEpochMilli());

        harness.watermark(T.plus(Duration.ofDays(3)).toEpochMilli());

        assertThat(messages()).as("the purchase ended the journey before the wait").containsExactly(
                "french-press-guide");
        List<JourneyEvent> exits = events().stream().filter(JourneyEvent.Exited.class::isInstance).toList();
        assertThat(exits).singleElement().extracting(JourneyEvent::at).isEqualTo(T.plus(Duration.ofHours(2)));
    }

    @Test
    void aRepeatedEventIdIsDropped() throws Exception {
        start("ana");
        harness.processElement(new ContactInput.EventArrived(Event.of("e1", "form.submitted", "ana",
                T.plusSeconds(1))), T.plusSeconds(1).toEpochMilli());
        harness.watermark(T.plus(Duration.ofDays(5)).toEpochMilli());

        assertThat(messages()).containsExactly("french-press-guide", "brew-tips");
    }

    @Test
    void anEventForAContactWithoutProfileIsDropped() throws Exception {
        harness.processBroadcastElement(DefinitionChange.publish(guide()), T.toEpochMilli());
        harness.processElement(new ContactInput.EventArrived(Event.of("e1", "form.submitted", "nobody", T)),
                T.toEpochMilli());
        harness.watermark(T.plus(Duration.ofDays(5)).toEpochMilli());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(events()).isEmpty();
    }

    @Test
    void aContactWaitingAtASnapshotFinishesAfterTheRestore() throws Exception {
        start("ana");
        harness.watermark(T.plus(Duration.ofHours(1)).toEpochMilli());
        OperatorSubtaskState snapshot = harness.snapshot(1, T.plus(Duration.ofHours(1)).toEpochMilli());
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.watermark(T.plus(Duration.ofDays(3)).toEpochMilli());

        assertThat(messages()).as("after the restore").containsExactly("brew-tips");
    }

    @Test
    void aStoppedJourneyEndsItsInstancesAtOnce() throws Exception {
        start("ana");
        harness.watermark(T.plus(Duration.ofHours(1)).toEpochMilli());

        harness.processBroadcastElement(DefinitionChange.status("guide", JourneyStatus.STOPPED, "withdrawn"),
                T.plus(Duration.ofHours(1)).toEpochMilli());

        assertThat(events()).filteredOn(JourneyEvent.Exited.class::isInstance).singleElement()
                .extracting(event -> ((JourneyEvent.Exited) event).detail()).asString().contains("withdrawn");
        harness.watermark(T.plus(Duration.ofDays(3)).toEpochMilli());
        assertThat(messages()).containsExactly("french-press-guide");
    }

    @Test
    void workAJourneyPauseHeldGoesOnWhenTheJourneyIsResumed() throws Exception {
        start("ana");
        harness.watermark(T.plus(Duration.ofHours(1)).toEpochMilli());
        harness.processBroadcastElement(DefinitionChange.status("guide", JourneyStatus.PAUSED, "stock check"),
                T.plus(Duration.ofHours(1)).toEpochMilli());
        harness.watermark(T.plus(Duration.ofDays(3)).toEpochMilli());
        assertThat(messages()).as("the wait ended while paused: held").containsExactly("french-press-guide");

        harness.processBroadcastElement(DefinitionChange.status("guide", JourneyStatus.LIVE, "in stock"),
                T.plus(Duration.ofDays(3)).toEpochMilli());

        assertThat(messages()).as("at the resume").containsExactly("french-press-guide", "brew-tips");
        harness.watermark(T.plus(Duration.ofDays(30)).toEpochMilli());
        assertThat(messages()).containsExactly("french-press-guide", "brew-tips");
    }

    @Test
    void anEventRefusedForAnUnknownContactIsNotRememberedAsSeen() throws Exception {
        harness.processBroadcastElement(DefinitionChange.publish(guide()), T.toEpochMilli());
        harness.processElement(new ContactInput.EventArrived(Event.of("e1", "form.submitted", "ana", T)),
                T.toEpochMilli());
        harness.watermark(T.toEpochMilli());
        harness.processElement(new ContactInput.ProfileChanged(Contact.of("ana").withConsent("email"),
                T.plusSeconds(1).toEpochMilli()), T.plusSeconds(1).toEpochMilli());
        harness.processElement(new ContactInput.EventArrived(Event.of("e1", "form.submitted", "ana",
                T.plusSeconds(2))), T.plusSeconds(2).toEpochMilli());

        harness.watermark(T.plusSeconds(2).toEpochMilli());

        assertThat(messages()).containsExactly("french-press-guide");
    }

    @Test
    void aRefusedChangeIsReportedWithWhy() throws Exception {
        harness.processBroadcastElement(DefinitionChange.publish(guide()), T.toEpochMilli());
        harness.processBroadcastElement(DefinitionChange.publish(guide()), T.toEpochMilli());
        harness.processBroadcastElement(DefinitionChange.status("nothing", JourneyStatus.PAUSED, "?"),
                T.toEpochMilli());

        assertThat(harness.getSideOutput(JourneyFunction.REFUSED_DEFINITIONS)).extracting(StreamRecord::getValue)
                .containsExactly("version 1 of journey 'guide' is already published; publish a higher version",
                        "no journey 'nothing' is published");
    }

    @Test
    void nothingAfterTheEndOfARunIsDone() throws Exception {
        harness.close();
        harness = newHarness(JourneyTime.EVENT_TIME, T.plus(Duration.ofDays(1)).toEpochMilli());
        harness.open();
        start("ana");

        harness.watermark(Long.MAX_VALUE); // the end of a bounded input

        assertThat(messages()).as("the two-day wait ends after the run").containsExactly("french-press-guide");
    }

    @Test
    void inProcessingTimeInputsAreWorkedOnAsTheyArriveAndTimersFireByTheClock() throws Exception {
        harness.close();
        harness = newHarness(JourneyTime.PROCESSING_TIME, Long.MAX_VALUE);
        harness.open();
        harness.setProcessingTime(T.toEpochMilli());

        start("ana");
        assertThat(messages()).as("at once, no watermark needed").containsExactly("french-press-guide");

        harness.setProcessingTime(T.plus(Duration.ofDays(2)).toEpochMilli());
        assertThat(messages()).containsExactly("french-press-guide", "brew-tips");
    }

    private Effect sentAfter(Instant at) throws Exception {
        harness.watermark(at.toEpochMilli());
        return harness.extractOutputValues().get(harness.extractOutputValues().size() - 1);
    }

    private List<String> messages() {
        return harness.extractOutputValues().stream().map(effect -> ((OutgoingMessage) effect).message()).toList();
    }

    private List<JourneyEvent> events() {
        return harness.getSideOutput(JourneyFunction.JOURNEY_EVENTS) == null ? List.of()
                : harness.getSideOutput(JourneyFunction.JOURNEY_EVENTS).stream().map(StreamRecord::getValue).toList();
    }
}
