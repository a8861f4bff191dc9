package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failure in one journey's evaluation parks that instance; the contact's other journeys go on. */
class ParkedInstanceTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory().put(emailable("ana"));
    private final RecordingChannel email = MessageChannel.recording();
    private final List<JourneyEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean broken = new AtomicBoolean(true);
    private JourneyEngine engine;

    /** A condition standing for host code that fails while {@code broken} is set. */
    private final Condition flaky = Condition.custom("vip lookup", contact -> {
        if (broken.get()) {
            throw new IllegalStateException("vip service unavailable");
        }
        return false;
    });

    private final JourneyDefinition welcome = journey("welcome", email("hello", "welcome", Optional.empty()));

    /** Sends at once, waits a day, then branches on the flaky condition. */
    private final JourneyDefinition nurture = journey("nurture",
            email("intro", "intro", to("a-day")),
            waitFor("a-day", Duration.ofDays(1), to("vip?")),
            new Step.Branch("vip?", List.of(
                    new Step.Case(flaky, to("vip-offer")),
                    new Step.Case(Condition.always(), to("tips")))),
            email("vip-offer", "vip-offer", Optional.empty()),
            email("tips", "tips", Optional.empty()));

    /** Branches on the flaky condition as it enters. */
    private final JourneyDefinition sorting = journey("sorting",
            new Step.Branch("vip?", List.of(
                    new Step.Case(flaky, to("vip-offer")),
                    new Step.Case(Condition.always(), to("tips")))),
            email("vip-offer", "vip-offer", Optional.empty()),
            email("tips", "tips", Optional.empty()));

    private JourneyEngine engine(JourneyDefinition... journeys) {
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email)
                .listener(events::add);
        for (JourneyDefinition journey : journeys) {
            builder.journey(journey);
        }
        return engine = builder.build();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private List<String> sent() {
        return email.sent().stream().map(OutgoingMessage::message).toList();
    }

    private JourneyInstance instanceOf(String journeyId) {
        return engine.state("ana").orElseThrow().instanceOf(journeyId).orElseThrow();
    }

    @Test
    void aFailingEntryParksItsInstanceAndTheOtherJourneyOfTheEventStillSends() {
        engine(sorting, welcome);

        assertThat(engine.accept(go("e1", "ana", T))).isEqualTo(Acceptance.ACCEPTED);

        assertThat(sent()).containsExactly("welcome");
        JourneyInstance parked = instanceOf("sorting");
        assertThat(parked.isParked()).isTrue();
        assertThat(parked.stepId()).isEqualTo("vip?");
        assertThat(parked.incident().orElseThrow().reason())
                .contains("entry by event 'e1'", "IllegalStateException", "vip service unavailable");
        assertThat(engine.stats().instancesParked()).isEqualTo(1);
        assertThat(events).filteredOn(JourneyEvent.InstanceParked.class::isInstance).hasSize(1);
        assertThat(engine.nextDueAt()).isEmpty();
    }

    @Test
    void aFailingTimerParksOnlyItsInstanceAndIsNotRetriedByItself() {
        engine(nurture, journey("reminder", email("first", "first", to("two-days")),
                waitFor("two-days", Duration.ofDays(2), to("second")), email("second", "second", Optional.empty())));
        engine.accept(go("e1", "ana", T));
        assertThat(sent()).containsExactly("intro", "first");

        clock.advance(Duration.ofDays(1));
        engine.runDue();

        JourneyInstance parked = instanceOf("nurture");
        assertThat(parked.stepId()).isEqualTo("a-day");
        assertThat(parked.incident().orElseThrow().reason()).contains("the timer due at", "'a-day'");
        assertThat(parked.timerMillis()).as("its timer, kept for the retry").isEqualTo(T.plus(Duration.ofDays(1)).toEpochMilli());
        assertThat(parked.dueAt()).as("a parked instance's timer does not fire").isEmpty();

        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < 5; i++) {
            engine.runDue();
            clock.advance(Duration.ofHours(1));
        }
        assertThat(sent()).containsExactly("intro", "first", "second");
        assertThat(engine.stats().instancesParked()).isEqualTo(1);
        assertThat(engine.stats().processingFailures()).isZero();
        assertThat(instanceOf("nurture").isParked()).isTrue();
    }

    @Test
    void theHostRetriesAParkedInstanceOnceTheCauseIsFixed() {
        engine(nurture);
        engine.accept(go("e1", "ana", T));
        clock.advance(Duration.ofDays(1));
        engine.runDue();
        assertThat(instanceOf("nurture").isParked()).isTrue();

        assertThatThrownBy(() -> engine.retryParked("ana", "nurture", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no instance #2 of journey 'nurture'");
        engine.retryParked("ana", "nurture", 1); // still broken: parked again
        assertThat(engine.stats().instancesParked()).isEqualTo(2);
        assertThat(instanceOf("nurture").isParked()).isTrue();

        broken.set(false);
        engine.retryParked("ana", "nurture", 1);

        assertThat(sent()).containsExactly("intro", "tips");
        assertThat(engine.state("ana").orElseThrow().instanceOf("nurture")).isEmpty();
        assertThat(events).filteredOn(JourneyEvent.InstanceRetried.class::isInstance).hasSize(2);
    }

    @Test
    void theHostEndsAParkedInstance() {
        engine(sorting);
        engine.accept(go("e1", "ana", T));
        assertThatThrownBy(() -> engine.endParked("ana", "welcome", 1, "gave up"))
                .isInstanceOf(IllegalArgumentException.class);

        engine.endParked("ana", "sorting", 1, "the vip service is retired");

        assertThat(engine.state("ana").orElseThrow().instances()).isEmpty();
        assertThat(events).filteredOn(JourneyEvent.Exited.class::isInstance).map(JourneyEvent.Exited.class::cast)
                .singleElement().satisfies(exited -> {
                    assertThat(exited.cause()).isEqualTo(ExitCause.ENDED_BY_HOST);
                    assertThat(exited.detail()).isEqualTo("the vip service is retired");
                });
        assertThatThrownBy(() -> engine.endParked("ana", "sorting", 1, "again"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetryOfAnInstanceThatIsNotParkedIsRefused() {
        broken.set(false);
        engine(nurture);
        engine.accept(go("e1", "ana", T));

        assertThatThrownBy(() -> engine.retryParked("ana", "nurture", 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not parked");
    }

    @Test
    void aFailureUndoesWhatTheFailedJourneyDidBeforeIt() {
        // The send before the failing branch is undone with it: the retry sends it once.
        JourneyDefinition sendThenFail = journey("send-then-fail", email("hello", "hello", to("vip?")),
                new Step.Branch("vip?", List.of(
                        new Step.Case(flaky, to("vip-offer")),
                        new Step.Case(Condition.always(), to("tips")))),
                email("vip-offer", "vip-offer", Optional.empty()),
                email("tips", "tips", Optional.empty()));
        engine(sendThenFail);
        engine.accept(go("e1", "ana", T));
        assertThat(sent()).isEmpty();
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
        assertThat(instanceOf("send-then-fail").stepId()).isEqualTo("hello");

        broken.set(false);
        engine.retryParked("ana", "send-then-fail", 1);

        assertThat(sent()).containsExactly("hello", "tips");
    }

    @Test
    void aDirectoryThatAnswersNullIsReportedAsBrokenNotAsANullPointer() {
        ContactDirectory nulls = contactId -> null;
        engine = JourneyEngine.builder().clock(clock).contacts(nulls).channel("email", email).journey(welcome).build();

        assertThatThrownBy(() -> engine.accept(go("e1", "ana", T)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("find returned null")
                .hasMessageContaining("Optional.empty()");
    }

    @Test
    void aFailureOnAnEventParksThatInstanceAtItsStepAndTheEventReachesTheOthers() {
        JourneyDefinition waitsForAClick = journey("click-follow-up", email("ask", "ask", to("clicked?")),
                new Step.WaitForEvent("clicked?", Trigger.on("clicked").where(flaky), Optional.empty(),
                        Duration.ofDays(3), false, to("thanks"), Optional.empty()),
                email("thanks", "thanks", Optional.empty()));
        JourneyDefinition entersOnClick = journey("on-click", email("hello", "hello", Optional.empty()));
        entersOnClick = new JourneyDefinition("on-click", 1, "on-click", new Entry.OnEvent(Trigger.on("clicked")),
                "hello", entersOnClick.steps(), List.of(), Optional.empty());
        engine(waitsForAClick, entersOnClick);
        engine.accept(go("e1", "ana", T));

        engine.accept(Event.of("c1", "clicked", "ana", T.plusSeconds(60)));

        assertThat(sent()).containsExactly("ask", "hello");
        JourneyInstance parked = instanceOf("click-follow-up");
        assertThat(parked.stepId()).isEqualTo("clicked?");
        assertThat(parked.incident().orElseThrow().reason()).contains("event 'c1' of type 'clicked' at step 'clicked?'");
        assertThat(parked.timerMillis()).isEqualTo(T.plus(Duration.ofDays(3)).toEpochMilli());

        broken.set(false);
        clock.advance(Duration.ofDays(4));
        engine.retryParked("ana", "click-follow-up", 1); // its time-out passed while it was parked: it ends now
        assertThat(engine.state("ana").orElseThrow().instanceOf("click-follow-up")).isEmpty();
        assertThat(events).filteredOn(JourneyEvent.Exited.class::isInstance).map(JourneyEvent.Exited.class::cast)
                .extracting(JourneyEvent.Exited::cause).contains(ExitCause.COMPLETED);
    }

    @Test
    void aTriggerFilterOrExclusionThatFailsDeclinesTheEntryNamingTheFailure() {
        JourneyDefinition filtered = new JourneyDefinition("filtered", 1, "filtered",
                new Entry.OnEvent(Trigger.on("go").where(flaky)), "hello",
                List.of(email("hello", "hello", Optional.empty())), List.of(), Optional.empty());
        JourneyDefinition excluding = journey("excluding", email("hi", "hi", Optional.empty()));
        excluding = excluding.withPolicies(excluding.policies().withExclusion(flaky));
        engine(filtered, excluding, welcome);

        engine.accept(go("e1", "ana", T));

        assertThat(sent()).containsExactly("welcome");
        assertThat(engine.state("ana").orElseThrow().instances()).isEmpty(); // welcome ran its course
        assertThat(events).filteredOn(JourneyEvent.EntryDeclined.class::isInstance)
                .map(JourneyEvent.EntryDeclined.class::cast)
                .allSatisfy(declined -> {
                    assertThat(declined.reason()).isEqualTo(DeclineReason.EVALUATION_FAILED);
                    assertThat(declined.detail()).contains("vip service unavailable");
                })
                .extracting(JourneyEvent.EntryDeclined::journeyId).containsExactlyInAnyOrder("filtered", "excluding");
        assertThat(engine.stats().instancesParked()).isZero();
    }

    @Test
    void anEnrolmentWhoseFirstStepsFailEntersAParkedInstance() {
        engine(sorting);

        assertThat(engine.enrol("sorting", "ana")).isEqualTo(Acceptance.ACCEPTED);

        assertThat(instanceOf("sorting").isParked()).isTrue();
        assertThat(instanceOf("sorting").incident().orElseThrow().reason()).contains("the enrolment failed");
        broken.set(false);
        engine.retryParked("ana", "sorting", 1);
        assertThat(sent()).containsExactly("tips");
        assertThat(events).filteredOn(JourneyEvent.Entered.class::isInstance).map(JourneyEvent.Entered.class::cast)
                .extracting(JourneyEvent.Entered::cause).containsExactly("entry retried by the host");
    }

    @Test
    void aFailureUndoesTheFailedJourneysStepsEventsAndSendLogButKeepsTheOthers() {
        FrequencyCap cap = FrequencyCap.of(5, Duration.ofDays(1));
        JourneyDefinition sendThenFail = journey("send-then-fail", email("hello", "hello", to("vip?")),
                new Step.Branch("vip?", List.of(
                        new Step.Case(flaky, to("vip-offer")),
                        new Step.Case(Condition.always(), to("tips")))),
                email("vip-offer", "vip-offer", Optional.empty()),
                email("tips", "tips", Optional.empty()));
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", email).listener(events::add)
                .frequencyCap(cap).journey(sendThenFail).journey(welcome).build();

        engine.accept(go("e1", "ana", T));

        ContactState state = engine.state("ana").orElseThrow();
        assertThat(state.sendLog()).extracting(SentRecord::journeyId).containsExactly("welcome");
        assertThat(state.history()).extracting(JourneyHistory::journeyId)
                .containsExactlyInAnyOrder("welcome", "send-then-fail");
        assertThat(events).filteredOn(JourneyEvent.InstanceEvent.class::isInstance)
                .map(e -> ((JourneyEvent.InstanceEvent) e).instance().journeyId() + " " + e.getClass().getSimpleName())
                .containsExactly("send-then-fail InstanceParked", // its Entered and its step at 'hello' were undone
                        "welcome Entered", "welcome StepReached", "welcome Exited");
    }
}
