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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.guideRequested;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Lifecycle: drafts, publishing, pause and resume, stop, completion, versions and clones. */
class LifecycleTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<JourneyEvent> events = new ArrayList<>();
    private JourneyEngine engine;

    @BeforeEach
    void people() {
        for (String id : List.of("ana", "ben", "cleo", "dan")) {
            contacts.put(emailable(id));
        }
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .listener(events::add).build();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void advanceTo(Instant until) {
        while (engine.nextDueAt().isPresent() && !engine.nextDueAt().get().isAfter(until)) {
            clock.set(engine.nextDueAt().get());
            engine.runDue();
        }
        clock.set(until);
    }

    private static Instant day(double days) {
        return T.plus(Duration.ofMinutes((long) (days * 24 * 60)));
    }

    private <E extends JourneyEvent> List<E> eventsOf(Class<E> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void theTransitionTableAllowsOnlyTheDocumentedMovesAndAnIllegalOneNamesBothStates() {
        assertThat(JourneyStatus.DRAFT.next()).containsExactly(JourneyStatus.LIVE);
        assertThat(JourneyStatus.LIVE.next()).containsExactlyInAnyOrder(JourneyStatus.PAUSED, JourneyStatus.STOPPED,
                JourneyStatus.COMPLETED);
        assertThat(JourneyStatus.PAUSED.next()).containsExactlyInAnyOrder(JourneyStatus.LIVE, JourneyStatus.STOPPED);
        assertThat(JourneyStatus.COMPLETED.next()).containsExactly(JourneyStatus.STOPPED);
        assertThat(JourneyStatus.STOPPED.next()).isEmpty();
        for (JourneyStatus from : JourneyStatus.values()) {
            for (JourneyStatus to : EnumSet.complementOf(EnumSet.copyOf(from.next()))) {
                assertThatThrownBy(() -> from.requireCanBecome("j", to))
                        .hasMessageStartingWith("journey 'j' cannot go from " + from + " to " + to);
            }
        }

        engine.saveDraft(brewBetter());
        assertThatThrownBy(() -> engine.pause("brew-better")).isInstanceOf(IllegalStateException.class)
                .hasMessage("journey 'brew-better' cannot go from DRAFT to PAUSED; a draft goes LIVE only by publishDraft");
        engine.publishDraft("brew-better");
        engine.stop("brew-better", "campaign cancelled");
        assertThatThrownBy(() -> engine.resume("brew-better")).hasMessage("journey 'brew-better' cannot go from "
                + "STOPPED to LIVE; STOPPED is final (clone the journey into a new draft to run it again)");
        assertThatThrownBy(() -> engine.status("nope"))
                .hasMessage("no journey 'nope': it is neither published nor a draft");
    }

    @Test
    void aDraftReceivesNoContactsUntilItIsPublished() {
        List<ValidationProblem> problems = engine.saveDraft(brewBetter());

        assertThat(problems).isEmpty();
        assertThat(engine.status("brew-better")).isEqualTo(JourneyStatus.DRAFT);
        assertThat(engine.accept(guideRequested("f1", "ana", T))).isEqualTo(Acceptance.IGNORED);
        assertThat(engine.state("ana")).isEmpty();

        engine.publishDraft("brew-better");

        assertThat(engine.status("brew-better")).isEqualTo(JourneyStatus.LIVE);
        assertThat(engine.draft("brew-better")).isEmpty();
        engine.accept(guideRequested("f2", "ana", T));
        assertThat(channel.sent()).extracting(OutgoingMessage::message).containsExactly("french-press-guide");
    }

    @Test
    void aDraftWithProblemsListsThemAllAndCannotBePublished() {
        JourneyDefinition broken = new JourneyDefinition("broken", 1, "broken", new Entry.OnEvent(Trigger.on("go")),
                "a", List.of(email("a", "a", to("ghost")), email("orphan", "orphan", Optional.empty())), List.of(),
                Optional.empty());

        assertThat(engine.saveDraft(broken)).extracting(ValidationProblem::code).containsExactlyInAnyOrder(
                ValidationProblem.Code.DANGLING_REFERENCE, ValidationProblem.Code.UNREACHABLE_STEP);
        assertThatThrownBy(() -> engine.publishDraft("broken")).isInstanceOf(InvalidJourneyException.class);
        assertThat(engine.status("broken")).isEqualTo(JourneyStatus.DRAFT);
    }

    @Test
    void aPausedJourneyTakesNoEntriesHoldsItsContactsAndLetsThemGoOnResume() {
        engine.publish(brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T));                 // wait ends on day 2
        clock.set(day(0.5));
        engine.accept(guideRequested("f-ben", "ben", clock.instant()));   // wait ends on day 2.5
        clock.set(day(1));

        StatusChange paused = engine.pause("brew-better");
        engine.accept(guideRequested("f-cleo", "cleo", clock.instant()));
        advanceTo(day(2.25));

        assertThat(paused).satisfies(change -> {
            assertThat(change.from()).isEqualTo(JourneyStatus.LIVE);
            assertThat(change.to()).isEqualTo(JourneyStatus.PAUSED);
            assertThat(change.contactsUpdated()).isZero();
        });
        assertThat(eventsOf(JourneyEvent.EntryDeclined.class)).singleElement().satisfies(declined -> {
            assertThat(declined.contactId()).isEqualTo("cleo");
            assertThat(declined.reason()).isEqualTo(DeclineReason.NOT_LIVE);
            assertThat(declined.detail()).isEqualTo("journey 'brew-better' is PAUSED");
        });
        assertThat(channel.sent()).extracting(OutgoingMessage::message).containsOnly("french-press-guide").hasSize(2);
        assertThat(eventsOf(JourneyEvent.PauseChanged.class)).singleElement().satisfies(held -> {
            assertThat(held.contactId()).isEqualTo("ana");
            assertThat(held.paused()).isTrue();
            assertThat(held.at()).isEqualTo(day(2));
        });
        assertThat(engine.nextDueAt()).contains(day(2.5)); // ben's wait still runs; ana's has no time

        StatusChange resumed = engine.resume("brew-better");
        advanceTo(day(3));

        assertThat(resumed.contactsUpdated()).isEqualTo(2); // ana let go; ben's instance looked at, still waiting
        assertThat(channel.sent()).extracting(OutgoingMessage::contactId, OutgoingMessage::message,
                OutgoingMessage::decidedAt).containsExactly(
                tuple("ana", "french-press-guide", T), tuple("ben", "french-press-guide", day(0.5)),
                tuple("ana", "brew-tips", day(2.25)), tuple("ben", "brew-tips", day(2.5)));
        assertThat(engine.status("brew-better")).isEqualTo(JourneyStatus.LIVE);
    }

    @Test
    void anExitTriggerStillEndsAContactOfAPausedJourney() {
        engine.publish(brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T));
        engine.pause("brew-better");
        clock.set(day(1));

        engine.accept(Event.of("p1", "purchase.completed", "ana", clock.instant()));

        assertThat(eventsOf(JourneyEvent.Exited.class)).singleElement()
                .satisfies(exit -> assertThat(exit.cause()).isEqualTo(ExitCause.EXIT_TRIGGER));
    }

    @Test
    void stoppingEndsEveryInstanceWithTheReasonAndTakesNoMoreEntries() {
        engine.publish(brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T));
        engine.accept(guideRequested("f-ben", "ben", T));
        clock.set(day(1));

        StatusChange stopped = engine.stop("brew-better", "grinder recall");
        engine.accept(guideRequested("f-cleo", "cleo", clock.instant()));
        advanceTo(day(5));

        assertThat(stopped.contactsUpdated()).isEqualTo(2);
        assertThat(eventsOf(JourneyEvent.Exited.class)).extracting(JourneyEvent::contactId, JourneyEvent.Exited::cause,
                JourneyEvent.Exited::detail, JourneyEvent::at).containsExactlyInAnyOrder(
                tuple("ana", ExitCause.JOURNEY_STOPPED, "journey 'brew-better' was stopped: grinder recall", day(1)),
                tuple("ben", ExitCause.JOURNEY_STOPPED, "journey 'brew-better' was stopped: grinder recall", day(1)));
        assertThat(eventsOf(JourneyEvent.EntryDeclined.class)).extracting(JourneyEvent.EntryDeclined::contactId,
                JourneyEvent.EntryDeclined::reason).containsExactly(tuple("cleo", DeclineReason.NOT_LIVE));
        assertThat(channel.sent()).hasSize(2);
        assertThat(engine.nextDueAt()).isEmpty();
        assertThatThrownBy(() -> engine.publish(new JourneyDefinition("brew-better", 2, "again",
                brewBetter().entry(), "guide", brewBetter().steps(), List.of(), Optional.empty())))
                .hasMessage("journey 'brew-better' is STOPPED, which is final; clone it into a new draft "
                        + "(cloneAsDraft) to run it again");
    }

    @Test
    void contactsInFlightFinishOnTheVersionTheyEnteredWhileNewEntriesGoToTheNewest() {
        engine.publish(brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T));
        JourneyDefinition v2 = new JourneyDefinition("brew-better", 2, "Brew Better at Home, v2",
                brewBetter().entry(), "guide", List.of(email("guide", "french-press-guide-v2", to("one-day")),
                waitFor("one-day", Duration.ofDays(1), to("tips")), email("tips", "brew-tips-v2", Optional.empty())),
                List.of(), Optional.empty());
        clock.set(day(1));
        engine.saveDraft(v2);
        engine.publishDraft("brew-better");
        engine.accept(guideRequested("f-ben", "ben", clock.instant()));

        advanceTo(day(4));

        assertThat(channel.sent()).extracting(m -> m.key().version(), OutgoingMessage::contactId, OutgoingMessage::message,
                OutgoingMessage::decidedAt).containsExactlyInAnyOrder(tuple(1, "ana", "french-press-guide", T),
                tuple(2, "ben", "french-press-guide-v2", day(1)), tuple(2, "ben", "brew-tips-v2", day(2)),
                tuple(1, "ana", "brew-tips", day(2)));
        assertThatThrownBy(() -> engine.saveDraft(v2))
                .hasMessage("draft of journey 'brew-better' has version 2, but v2 is published; a draft must have a "
                        + "higher version");
    }

    @Test
    void aCloneIsANewDraftWithANewIdAndTheOriginalIsUntouched() {
        engine.publish(brewBetter());

        JourneyDefinition clone = engine.cloneAsDraft("brew-better", "brew-better-spring");

        assertThat(clone.id()).isEqualTo("brew-better-spring");
        assertThat(clone.version()).isEqualTo(1);
        assertThat(clone.steps()).isEqualTo(brewBetter().steps());
        assertThat(engine.status("brew-better-spring")).isEqualTo(JourneyStatus.DRAFT);
        assertThat(engine.status("brew-better")).isEqualTo(JourneyStatus.LIVE);
        assertThatThrownBy(() -> engine.cloneAsDraft("brew-better", "brew-better-spring"))
                .hasMessage("cannot clone 'brew-better' as 'brew-better-spring': a journey with that id exists");

        engine.publishDraft("brew-better-spring");
        engine.accept(guideRequested("f-ana", "ana", T));

        assertThat(channel.sent()).extracting(m -> m.key().journeyId())
                .containsExactlyInAnyOrder("brew-better", "brew-better-spring");
    }

    @Test
    void aSegmentJourneyPastItsScheduleIsCompletedAndItsContactsFinish() {
        JourneyDefinition once = new JourneyDefinition("launch", 1, "launch",
                new Entry.FromSegment("everyone", Optional.of(Schedule.at(day(1)))), "teaser",
                List.of(email("teaser", "teaser", to("wait")), waitFor("wait", Duration.ofDays(2), to("follow-up")),
                        email("follow-up", "follow-up", Optional.empty())), List.of(), Optional.empty());
        engine.close();
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel).listener(events::add)
                .segments(Segments.builder().segment(Segment.of("everyone", Condition.always())).build())
                .journey(once).build();

        assertThat(engine.status("launch")).isEqualTo(JourneyStatus.LIVE);
        advanceTo(day(1));
        assertThat(engine.status("launch")).isEqualTo(JourneyStatus.COMPLETED);
        advanceTo(day(4));

        assertThat(channel.sent()).extracting(OutgoingMessage::message).filteredOn("follow-up"::equals).hasSize(4);
    }

    /** Version 2 of S1: the guide, a one-day wait, then the same branch. */
    private static JourneyDefinition brewBetterV2() {
        JourneyDefinition v1 = brewBetter();
        List<Step> steps = new ArrayList<>(v1.steps());
        steps.set(1, waitFor("one-day", Duration.ofDays(1), to("clicked?")));
        steps.set(0, email("guide", "french-press-guide", to("one-day")));
        return new JourneyDefinition("brew-better", 2, "Brew Better at Home, v2", v1.entry(), "guide", steps,
                v1.exitTriggers(), Optional.empty());
    }

    @Test
    void aMigrationMovesContactsInFlightToTheMappedStepsOfTheNewVersionWithTheirTimers() {
        engine.publish(brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T));
        engine.accept(Event.linkClicked("c-ana", "ana", T, channel.sentTo("ana").get(0).messageId(), "shop-grinders"));
        clock.set(day(1));
        engine.accept(guideRequested("f-ben", "ben", clock.instant()));

        MigrationResult result = engine.publish(brewBetterV2(), Migration.of("two-days", "one-day"));
        advanceTo(day(4));

        assertThat(result.moved()).containsExactly(java.util.Map.entry("two-days", 2L));
        assertThat(result.stayed()).isEmpty();
        assertThat(eventsOf(JourneyEvent.Migrated.class)).extracting(JourneyEvent::contactId,
                JourneyEvent.Migrated::fromVersion, JourneyEvent.Migrated::fromStep, JourneyEvent.Migrated::stepId)
                .containsExactlyInAnyOrder(tuple("ana", 1, "two-days", "one-day"), tuple("ben", 1, "two-days", "one-day"));
        // Their timers stay: the waits end on days 2 and 3, as they would have on v1; ana's click is kept.
        assertThat(channel.sent()).filteredOn(m -> !m.message().equals("french-press-guide"))
                .extracting(OutgoingMessage::contactId, OutgoingMessage::message, m -> m.key().version(),
                        OutgoingMessage::decidedAt)
                .containsExactly(tuple("ana", "grinder-offer", 2, day(2)), tuple("ben", "brew-tips", 2, day(3)));
    }

    @Test
    void aMigrationThatLeavesAnOccupiedStepUnmappedIsRefusedBeforeAnythingChanges() {
        engine.publish(brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T));
        engine.accept(guideRequested("f-ben", "ben", T));

        assertThatThrownBy(() -> engine.publish(brewBetterV2(), Migration.of("guide", "clicked?")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot migrate journey 'brew-better' to v2; nothing changed: step 'guide' is mapped to "
                        + "'clicked?', a Branch step where no contact waits; map it to a wait, a wait for an event or "
                        + "a send; step 'two-days' holds 2 contacts and is not mapped");
        assertThatThrownBy(() -> engine.publish(brewBetterV2(), Migration.of("two-days", "three-days")))
                .hasMessageEndingWith("step 'two-days' is mapped to 'three-days', which v2 does not have");

        assertThat(engine.journeys()).singleElement().satisfies(j -> assertThat(j.version()).isEqualTo(1));
        assertThat(eventsOf(JourneyEvent.Migrated.class)).isEmpty();
        advanceTo(day(3));
        assertThat(channel.sent()).extracting(m -> m.key().version()).containsOnly(1);
    }

    @Test
    void aSendWaitingForARetryIsHeldWhileTheJourneyIsPausedAndGoesOutOnResume() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        MessageChannel flaky = message -> {
            if (down.get()) {
                throw new IllegalStateException("email provider unavailable");
            }
            channel.send(message);
        };
        engine.close();
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(flaky).listener(events::add)
                .retryPolicy(RetryPolicy.of(3, Duration.ofMinutes(5))).journey(brewBetter()).build();
        engine.accept(guideRequested("f-ana", "ana", T));   // fails; retry due at T+5min
        engine.pause("brew-better");
        down.set(false);

        advanceTo(T.plus(Duration.ofHours(1)));
        assertThat(channel.sent()).isEmpty();
        assertThat(engine.nextDueAt()).contains(day(2)); // the held retry has no time; the wait still has

        clock.set(T.plus(Duration.ofHours(2)));
        engine.resume("brew-better");

        assertThat(channel.sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt)
                .containsExactly(tuple("french-press-guide", T));
        assertThat(eventsOf(JourneyEvent.MessageSent.class)).singleElement()
                .satisfies(sent -> assertThat(sent.at()).isEqualTo(T.plus(Duration.ofHours(2))));
    }

    private JourneyEngine engineWith(MessageChannel email, JourneyDefinition... journeys) {
        engine.close();
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(email)
                .listener(events::add).retryPolicy(RetryPolicy.of(3, Duration.ofMinutes(5)));
        for (JourneyDefinition journey : journeys) {
            builder.journey(journey);
        }
        engine = builder.build();
        return engine;
    }

    @Test
    void stoppingCancelsASendWaitingForARetryEvenWhenItsInstanceHasEnded() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        engineWith(message -> {
            if (down.get()) {
                throw new IllegalStateException("email provider unavailable");
            }
            channel.send(message);
        }, TestJourneys.journey("one-send", email("only", "only", Optional.empty())));
        engine.accept(go("g", "ana", T)); // the send fails and the instance completes; the retry waits
        engine.stop("one-send", "wrong audience");
        down.set(false);

        advanceTo(T.plus(Duration.ofHours(1)));

        assertThat(channel.sent()).isEmpty();
        assertThat(eventsOf(JourneyEvent.EffectCancelled.class)).singleElement()
                .satisfies(cancelled -> assertThat(cancelled.reason()).isEqualTo("its journey was stopped"));
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
    }

    @Test
    void aMigratedInstanceKeepsTheSendsItsOldVersionDecidedAndAnExitCancelsThem() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        engineWith(message -> {
            if (down.get()) {
                throw new IllegalStateException("email provider unavailable");
            }
            channel.send(message);
        }, brewBetter());
        engine.accept(guideRequested("f-ana", "ana", T)); // the guide fails; its retry waits

        engine.publish(brewBetterV2(), Migration.of("two-days", "one-day"));
        engine.accept(Event.of("p1", "purchase.completed", "ana", T.plusSeconds(60))); // exit trigger
        down.set(false);
        advanceTo(T.plus(Duration.ofHours(1)));

        assertThat(channel.sent()).isEmpty();
        assertThat(engine.state("ana").orElseThrow().outbox()).isEmpty();
    }

    @Test
    void anEnrolmentByHandDoesNotUseUpAScheduledOccurrenceAndADraftCannotBeResumed() {
        JourneyDefinition tomorrow = new JourneyDefinition("launch", 1, "launch",
                new Entry.FromSegment("everyone", Optional.of(Schedule.at(day(1)))), "teaser",
                List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty());
        engine.close();
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel).listener(events::add)
                .segments(Segments.builder().segment(Segment.of("everyone", Condition.always())).build())
                .journey(tomorrow).build();

        engine.enrolSegment("launch");
        advanceTo(day(2));

        // By hand now, then the scheduled occurrence still runs tomorrow (re-entry: the first instances ended).
        assertThat(channel.sent()).extracting(OutgoingMessage::decidedAt)
                .containsExactly(T, T, T, T, day(1), day(1), day(1), day(1));
        assertThat(engine.status("launch")).isEqualTo(JourneyStatus.COMPLETED);

        engine.saveDraft(TestJourneys.journey("sketch", email("only", "only", Optional.empty())));
        assertThatThrownBy(() -> engine.resume("sketch")).isInstanceOf(IllegalStateException.class)
                .hasMessage("journey 'sketch' cannot go from DRAFT to LIVE; a draft goes LIVE only by publishDraft");
    }
}
