package dev.journeys.core.kernel;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Attributes;
import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.Delay;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SkipReason;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;
import dev.journeys.core.event.JourneyEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.guideRequested;
import static dev.journeys.core.TestJourneys.journey;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

class JourneyKernelTest {

    private final Contact ana = emailable("ana");

    private static JourneyCatalog catalogOf(JourneyDefinition... journeys) {
        JourneyCatalog catalog = JourneyCatalog.empty();
        for (JourneyDefinition journey : journeys) {
            catalog = catalog.with(journey);
        }
        return catalog;
    }

    private static Evaluation event(JourneyCatalog catalog, ContactState state, Contact contact, Event event, Instant now) {
        return JourneyKernel.evaluate(catalog, state, contact, new Input.EventArrived(event), now, true);
    }

    private static Evaluation timers(JourneyCatalog catalog, ContactState state, Contact contact, Instant now) {
        return JourneyKernel.evaluate(catalog, state, contact, new Input.TimersDue(), now, true);
    }

    private static List<String> sentMessages(Evaluation evaluation) {
        return evaluation.effects().stream().map(e -> ((OutgoingMessage) e).message()).toList();
    }

    @Test
    void matchingTriggerEntersAndSendsTheGuideThenWaitsTwoDays() {
        JourneyCatalog catalog = catalogOf(brewBetter());

        Evaluation entered = event(catalog, ContactState.empty("ana"), ana, guideRequested("e1", "ana", T), T);

        assertThat(sentMessages(entered)).containsExactly("french-press-guide");
        assertThat(entered.state().version()).isEqualTo(1);
        assertThat(entered.state().outbox()).hasSize(1);
        JourneyInstance instance = entered.state().instances().get(0);
        assertThat(instance.stepId()).isEqualTo("two-days");
        assertThat(instance.dueAt()).contains(T.plus(Duration.ofDays(2)));
        assertThat(entered.effects().get(0).key().toString()).isEqualTo("ana:brew-better:1:1:guide:1");
        assertThat(entered.events()).first().isInstanceOf(JourneyEvent.Entered.class);
    }

    @Test
    void triggerWhoseFilterFailsDoesNotEnter() {
        Event otherForm = Event.of("e1", "form.submitted", "ana", T).withPayload(Attributes.of("form", "newsletter"));

        ContactState before = ContactState.empty("ana");
        Evaluation evaluation = event(catalogOf(brewBetter()), before, ana, otherForm, T);

        assertThat(evaluation.state()).isSameAs(before);
        assertThat(evaluation.effects()).isEmpty();
    }

    @Test
    void nothingDueLeavesTheSameStateObject() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        ContactState waiting = event(catalog, ContactState.empty("ana"), ana, guideRequested("e1", "ana", T), T).state();

        Evaluation early = timers(catalog, waiting, ana, T.plus(Duration.ofDays(1)));

        assertThat(early.state()).isSameAs(waiting);
        assertThat(early.effects()).isEmpty();
    }

    @Test
    void clickOnTheGuidesLinkTakesTheGrinderBranch() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        Evaluation entered = event(catalog, ContactState.empty("ana"), ana, guideRequested("e1", "ana", T), T);
        String guideId = ((OutgoingMessage) entered.effects().get(0)).messageId();

        ContactState clicked = event(catalog, entered.state(), ana,
                Event.linkClicked("e2", "ana", T.plusSeconds(60), guideId, "shop-grinders"), T.plusSeconds(60)).state();
        Evaluation branched = timers(catalog, clicked, ana, T.plus(Duration.ofDays(2)));

        assertThat(sentMessages(branched)).containsExactly("grinder-offer");
        assertThat(branched.state().instances()).isEmpty();
        assertThat(branched.events()).filteredOn(JourneyEvent.Exited.class::isInstance)
                .singleElement().extracting(e -> ((JourneyEvent.Exited) e).cause()).isEqualTo(ExitCause.COMPLETED);
    }

    @Test
    void clickOnAnotherLinkOrAnotherMessageDoesNotCount() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        Evaluation entered = event(catalog, ContactState.empty("ana"), ana, guideRequested("e1", "ana", T), T);
        String guideId = ((OutgoingMessage) entered.effects().get(0)).messageId();
        ContactState state = entered.state();

        state = event(catalog, state, ana, Event.linkClicked("e2", "ana", T, guideId, "unsubscribe"), T).state();
        state = event(catalog, state, ana,
                Event.linkClicked("e3", "ana", T, "ana:other-journey:1:1:guide:1", "shop-grinders"), T).state();
        state = event(catalog, state, ana,
                Event.linkClicked("e4", "ana", T, "bob:brew-better:1:1:guide:1", "shop-grinders"), T).state();
        Evaluation branched = timers(catalog, state, ana, T.plus(Duration.ofDays(2)));

        assertThat(sentMessages(branched)).containsExactly("brew-tips");
    }

    @Test
    void exitTriggerEndsTheInstanceAtOnceWithNothingMoreSent() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        ContactState waiting = event(catalog, ContactState.empty("ana"), ana, guideRequested("e1", "ana", T), T).state();

        Evaluation purchased = event(catalog, waiting, ana,
                Event.of("p1", "purchase.completed", "ana", T.plusSeconds(3600)), T.plusSeconds(3600));
        Evaluation later = timers(catalog, purchased.state(), ana, T.plus(Duration.ofDays(3)));

        assertThat(purchased.state().instances()).isEmpty();
        assertThat(purchased.effects()).isEmpty();
        // The guide was never dispatched here (no runtime), so the stop cancels it too.
        assertThat(purchased.events()).hasSize(2).last().isInstanceOf(JourneyEvent.EffectCancelled.class);
        assertThat(purchased.events()).first().isInstanceOfSatisfying(JourneyEvent.Exited.class, exited -> {
            assertThat(exited.cause()).isEqualTo(ExitCause.EXIT_TRIGGER);
            assertThat(exited.stepId()).isEqualTo("two-days");
            assertThat(exited.at()).isEqualTo(T.plusSeconds(3600));
        });
        assertThat(later.effects()).isEmpty();
        assertThat(later.state()).isSameAs(purchased.state());
    }

    @Test
    void contactAlreadyInTheJourneyIsDeclinedButMayReEnterAfterExitWithNewKeys() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        ContactState state = event(catalog, ContactState.empty("ana"), ana, guideRequested("e1", "ana", T), T).state();

        Evaluation again = event(catalog, state, ana, guideRequested("e2", "ana", T), T);
        assertThat(again.effects()).isEmpty();
        assertThat(again.events()).singleElement().isInstanceOf(JourneyEvent.EntryDeclined.class);

        state = event(catalog, state, ana, Event.of("p", "purchase.completed", "ana", T), T).state();
        Evaluation reentered = event(catalog, state, ana, guideRequested("e3", "ana", T.plusSeconds(10)), T.plusSeconds(10));

        assertThat(reentered.state().instances()).singleElement().extracting(JourneyInstance::number).isEqualTo(2);
        assertThat(reentered.effects().get(0).key().toString()).isEqualTo("ana:brew-better:1:2:guide:1");
        assertThat(reentered.state().historyOf("brew-better").orElseThrow().entries()).isEqualTo(2);
    }

    @Test
    void sendWithoutConsentIsSkippedWithItsReasonAndThePathGoesOn() {
        Contact noConsent = Contact.of("zoe");
        JourneyCatalog catalog = catalogOf(brewBetter());

        Evaluation entered = event(catalog, ContactState.empty("zoe"), noConsent, guideRequested("e1", "zoe", T), T);

        assertThat(entered.effects()).isEmpty();
        assertThat(entered.events()).filteredOn(JourneyEvent.MessageSkipped.class::isInstance)
                .singleElement().extracting(e -> ((JourneyEvent.MessageSkipped) e).reason()).isEqualTo(SkipReason.NO_CONSENT);
        assertThat(entered.state().instances()).singleElement().extracting(JourneyInstance::stepId).isEqualTo("two-days");
    }

    @Test
    void preferredChannelAndConditionalContentAreResolvedPerContact() {
        Step.Send thanks = new Step.Send("thanks", "thanks-online", ChannelChoice.preferred("email", "sms"),
                List.of(new ContentVariant(Condition.attribute("nearestStore").exists(), "thanks-store")), Optional.empty());
        JourneyCatalog catalog = catalogOf(journey("j", thanks));
        Contact smsLover = Contact.of("sam").withConsent("email", "sms").withPreferredChannel("sms")
                .withAttributes(Attributes.of("nearestStore", "Austin"));
        Contact emailOnly = Contact.of("eve").withConsent("email").withPreferredChannel("sms");

        OutgoingMessage toSam = (OutgoingMessage) event(catalog, ContactState.empty("sam"), smsLover, go("1", "sam", T), T)
                .effects().get(0);
        OutgoingMessage toEve = (OutgoingMessage) event(catalog, ContactState.empty("eve"), emailOnly, go("1", "eve", T), T)
                .effects().get(0);

        assertThat(toSam.channel()).isEqualTo("sms");
        assertThat(toSam.message()).isEqualTo("thanks-store");
        assertThat(toEve.channel()).isEqualTo("email");
        assertThat(toEve.message()).isEqualTo("thanks-online");
    }

    @Test
    void waitForEventTakesTheEventExitOnAMatchingInteractionWithTheNamedSend() {
        JourneyDefinition journey = journey("wfe",
                email("offer", "offer", to("clicked?")),
                new Step.WaitForEvent("clicked?", Trigger.on(InteractionTypes.LINK_CLICKED), to("offer"),
                        Duration.ofDays(3), false, to("thanks"), to("nudge")),
                email("thanks", "thanks", Optional.empty()),
                email("nudge", "nudge", Optional.empty()));
        JourneyCatalog catalog = catalogOf(journey);
        Evaluation entered = event(catalog, ContactState.empty("ana"), ana, go("g", "ana", T), T);
        String offerId = ((OutgoingMessage) entered.effects().get(0)).messageId();

        Evaluation clicked = event(catalog, entered.state(), ana, Event.linkClicked("c", "ana", T, offerId, "buy"), T.plusSeconds(5));
        Evaluation timedOut = timers(catalog, entered.state(), ana, T.plus(Duration.ofDays(3)));

        assertThat(sentMessages(clicked)).containsExactly("thanks");
        assertThat(sentMessages(timedOut)).containsExactly("nudge");
    }

    @Test
    void waitForEventIgnoresEventsBeforeItUnlessItLooksBack() {
        Step.WaitForEvent plain = new Step.WaitForEvent("bought?", Trigger.on("purchase"), Optional.empty(),
                Duration.ofDays(1), false, to("yes"), to("no"));
        Step.WaitForEvent lookingBack = new Step.WaitForEvent("bought?", Trigger.on("purchase"), Optional.empty(),
                Duration.ofDays(1), true, to("yes"), to("no"));
        for (Step.WaitForEvent wait : List.of(plain, lookingBack)) {
            JourneyCatalog catalog = catalogOf(journey("j",
                    waitFor("first", Duration.ofHours(1), to("bought?")), wait,
                    email("yes", "yes", Optional.empty()), email("no", "no", Optional.empty())));
            ContactState state = event(catalog, ContactState.empty("ana"), ana, go("g", "ana", T), T).state();
            state = event(catalog, state, ana, Event.of("p", "purchase", "ana", T.plusSeconds(60)), T.plusSeconds(60)).state();

            Evaluation afterFirstWait = timers(catalog, state, ana, T.plus(Duration.ofHours(1)));

            assertThat(sentMessages(afterFirstWait)).as("lookBack=" + wait.lookBack())
                    .isEqualTo(wait.lookBack() ? List.of("yes") : List.of());
        }
    }

    @Test
    void happenedSinceEntryCountsOnlyEventsAfterEntry() {
        JourneyCatalog catalog = catalogOf(journey("j",
                waitFor("day", Duration.ofDays(1), to("browsed?")),
                new Step.Branch("browsed?", List.of(
                        new Step.Case(Condition.happenedSinceEntry("page.viewed",
                                Condition.payload("page").isEqualTo("grinders")), to("yes")),
                        new Step.Case(Condition.always(), to("no")))),
                email("yes", "yes", Optional.empty()), email("no", "no", Optional.empty())));
        Event viewedGrinders = Event.of("v", "page.viewed", "ana", T).withPayload(Attributes.of("page", "grinders"));
        Event viewedMugs = Event.of("m", "page.viewed", "ana", T).withPayload(Attributes.of("page", "mugs"));

        ContactState before = event(catalog, ContactState.empty("ana"), ana, viewedGrinders, T).state();
        ContactState entered = event(catalog, before, ana, go("g", "ana", T), T).state();
        ContactState mugsOnly = event(catalog, entered, ana, viewedMugs, T.plusSeconds(1)).state();
        ContactState grinders = event(catalog, mugsOnly, ana, viewedGrinders.withPayload(Attributes.of("page", "grinders")),
                T.plusSeconds(2)).state();

        assertThat(sentMessages(timers(catalog, mugsOnly, ana, T.plus(Duration.ofDays(1))))).containsExactly("no");
        assertThat(sentMessages(timers(catalog, grinders, ana, T.plus(Duration.ofDays(1))))).containsExactly("yes");
    }

    @Test
    void attributeBranchReadsTheContactWhenTheContactReachesIt() {
        JourneyCatalog catalog = catalogOf(journey("j",
                waitFor("day", Duration.ofDays(1), to("gold?")),
                new Step.Branch("gold?", List.of(
                        new Step.Case(Condition.attribute("points").isAtLeast(1000), to("gold")),
                        new Step.Case(Condition.always(), to("silver")))),
                email("gold", "gold", Optional.empty()), email("silver", "silver", Optional.empty())));
        ContactState state = event(catalog, ContactState.empty("ana"), ana.withAttributes(Attributes.of("points", 10)),
                go("g", "ana", T), T).state();

        Evaluation later = timers(catalog, state, ana.withAttributes(Attributes.of("points", 1500L)), T.plus(Duration.ofDays(1)));

        assertThat(sentMessages(later)).containsExactly("gold");
    }

    @Test
    void splitIsStickyAndFollowsTheWeights() {
        JourneyCatalog catalog = catalogOf(journey("ab",
                new Step.Split("ab", List.of(new Step.SplitPath("a", 1, to("a")), new Step.SplitPath("b", 3, to("b")))),
                email("a", "a", Optional.empty()), email("b", "b", Optional.empty())));
        int b = 0;
        for (int i = 0; i < 4000; i++) {
            Contact contact = emailable("c" + i);
            List<String> first = sentMessages(event(catalog, ContactState.empty(contact.id()), contact, go("g", contact.id(), T), T));
            List<String> again = sentMessages(event(catalog, ContactState.empty(contact.id()), contact, go("h", contact.id(), T), T));
            assertThat(again).isEqualTo(first);
            b += first.equals(List.of("b")) ? 1 : 0;
        }
        assertThat(b).isBetween(2850, 3150);
    }

    @Test
    void actionGoalAndExitStepsProduceTheirEffectsAndEvents() {
        JourneyCatalog catalog = catalogOf(journey("j",
                new Step.Action("alert", "alert-sales-queue", Attributes.of("queue", "west"), to("won")),
                new Step.Goal("won", "qualified", false, to("done")),
                new Step.Exit("done", "handed to sales")));

        Evaluation evaluation = event(catalog, ContactState.empty("ana"), ana, go("g", "ana", T), T);

        assertThat(evaluation.effects()).singleElement().isInstanceOfSatisfying(ActionRequest.class, action -> {
            assertThat(action.action()).isEqualTo("alert-sales-queue");
            assertThat(action.parameters().string("queue")).contains("west");
            assertThat(action.key().toString()).isEqualTo("ana:j:1:1:alert:1");
        });
        assertThat(evaluation.events()).filteredOn(JourneyEvent.GoalReached.class::isInstance).hasSize(1);
        assertThat(evaluation.events()).last().isInstanceOfSatisfying(JourneyEvent.Exited.class, exited -> {
            assertThat(exited.cause()).isEqualTo(ExitCause.EXIT_STEP);
            assertThat(exited.detail()).isEqualTo("handed to sales");
        });
    }

    @Test
    void journeyGoalRecordsAConversionAndExitsOnlyIfAsked() {
        for (boolean exit : new boolean[] {false, true}) {
            JourneyDefinition base = brewBetter();
            JourneyDefinition withGoal = new JourneyDefinition(base.id(), 1, base.name(), base.entry(), base.startStep(),
                    base.steps(), List.of(), Optional.of(new JourneyGoal("bought", Trigger.on("purchase.completed"), exit)));
            JourneyCatalog catalog = catalogOf(withGoal);
            ContactState state = event(catalog, ContactState.empty("ana"), ana, guideRequested("e", "ana", T), T).state();

            Evaluation bought = event(catalog, state, ana, Event.of("p", "purchase.completed", "ana", T), T);

            assertThat(bought.events()).first().isInstanceOf(JourneyEvent.GoalReached.class);
            assertThat(bought.state().instances()).hasSize(exit ? 0 : 1);
        }
    }

    @Test
    void waitUntilAPassedInstantContinuesOrExitsAsTheStepSays() {
        Instant past = T.minusSeconds(60);
        for (Delay.IfPassed ifPassed : Delay.IfPassed.values()) {
            JourneyCatalog catalog = catalogOf(journey("j",
                    new Step.Wait("sale", new Delay.UntilInstant(past, ifPassed), to("hello")),
                    email("hello", "hello", Optional.empty())));

            Evaluation evaluation = event(catalog, ContactState.empty("ana"), ana, go("g", "ana", T), T);

            assertThat(sentMessages(evaluation)).isEqualTo(ifPassed == Delay.IfPassed.CONTINUE ? List.of("hello") : List.of());
        }
    }

    @Test
    void waitUntilLocalTimeUsesTheContactsZone() {
        JourneyCatalog catalog = catalogOf(journey("j",
                new Step.Wait("nine", new Delay.UntilTimeOfDay(LocalTime.of(9, 0)), to("hello")),
                email("hello", "hello", Optional.empty())));
        Contact tokyo = ana.withZone(ZoneId.of("Asia/Tokyo"));

        ContactState state = event(catalog, ContactState.empty("ana"), tokyo, go("g", "ana", T), T).state();

        // T is 18:00 in Tokyo; 09:00 next day there is 00:00Z on 2026-03-03.
        assertThat(state.instances().get(0).dueAt()).contains(Instant.parse("2026-03-03T00:00:00Z"));
    }

    @Test
    void aDailyLoopReachedExactlyAtItsTimeWaitsADayInsteadOfLooping() {
        JourneyCatalog catalog = catalogOf(journey("daily",
                email("digest", "digest", to("nine")),
                new Step.Wait("nine", new Delay.UntilTimeOfDay(LocalTime.of(9, 0)), to("digest"))));
        ContactState state = event(catalog, ContactState.empty("ana"), ana, go("g", "ana", T.minusSeconds(3600)),
                T.minusSeconds(3600)).state();

        Evaluation atNine = timers(catalog, state, ana, T);

        assertThat(sentMessages(atNine)).containsExactly("digest");
        assertThat(atNine.state().instances().get(0).dueAt()).contains(T.plus(Duration.ofDays(1)));
    }

    @Test
    void anUnvalidatedLoopWithoutAWaitExitsAfterRunningEachStepOnce() {
        JourneyCatalog catalog = catalogOf(journey("burst",
                email("digest", "digest", to("sale")),
                new Step.Wait("sale", new Delay.UntilInstant(T.minusSeconds(1), Delay.IfPassed.CONTINUE), to("digest"))));

        Evaluation entered = event(catalog, ContactState.empty("ana"), ana, go("g", "ana", T), T);

        assertThat(sentMessages(entered)).containsExactly("digest");
        assertThat(entered.events()).last().isInstanceOfSatisfying(JourneyEvent.Exited.class,
                exited -> assertThat(exited.cause()).isEqualTo(ExitCause.LOOP_WITHOUT_WAIT));
    }

    @Test
    void aStoppedInstanceTakesItsUndispatchedEffectsWithItButACompletedOneDoesNot() {
        JourneyCatalog catalog = catalogOf(brewBetter(), journey("one-shot", email("hello", "hello", Optional.empty())));
        ContactState waiting = event(catalog, ContactState.empty("ana"), ana, guideRequested("e", "ana", T), T).state();
        ContactState both = event(catalog, waiting, ana, go("g", "ana", T), T).state();
        assertThat(both.outbox()).hasSize(2); // the guide (not yet dispatched) and hello, whose instance completed

        Evaluation purchased = event(catalog, both, ana, Event.of("p", "purchase.completed", "ana", T), T);

        assertThat(purchased.state().outbox()).extracting(entry -> ((OutgoingMessage) entry.effect()).message())
                .containsExactly("hello");
        assertThat(purchased.events()).filteredOn(JourneyEvent.EffectCancelled.class::isInstance).singleElement()
                .extracting(e -> ((JourneyEvent.EffectCancelled) e).effect().key().toString())
                .isEqualTo("ana:brew-better:1:1:guide:1");
    }

    @Test
    void stepEventsAreNotMadeWhenNobodyListens() {
        Evaluation unobserved = JourneyKernel.evaluate(catalogOf(brewBetter()), ContactState.empty("ana"), ana,
                new Input.EventArrived(guideRequested("e", "ana", T)), T, false);

        assertThat(unobserved.events()).noneMatch(JourneyEvent.StepReached.class::isInstance);
        assertThat(unobserved.effects()).hasSize(1);
    }

    @Test
    void sameInputsGiveTheSameOutput() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        Evaluation first = event(catalog, ContactState.empty("ana"), ana, guideRequested("e", "ana", T), T);
        Evaluation second = event(catalog, ContactState.empty("ana"), ana, guideRequested("e", "ana", T), T);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void contactGoneEndsEveryInstance() {
        JourneyCatalog catalog = catalogOf(brewBetter());
        ContactState state = event(catalog, ContactState.empty("ana"), ana, guideRequested("e", "ana", T), T).state();

        Evaluation gone = JourneyKernel.evaluate(catalog, state, Contact.of("ana"), new Input.ContactGone(), T, true);

        assertThat(gone.state().instances()).isEmpty();
        assertThat(gone.state().outbox()).isEmpty();
        assertThat(gone.events()).first().isInstanceOfSatisfying(JourneyEvent.Exited.class,
                exited -> assertThat(exited.cause()).isEqualTo(ExitCause.CONTACT_UNKNOWN));
        assertThat(gone.events()).filteredOn(JourneyEvent.EffectCancelled.class::isInstance).hasSize(1);
    }

    @Test
    void newVersionTakesNewEntriesWhileInFlightContactsFinishTheirs() {
        JourneyDefinition v1 = brewBetter();
        JourneyDefinition v2 = new JourneyDefinition(v1.id(), 2, v1.name(), v1.entry(), "guide",
                List.of(email("guide", "guide-v2", Optional.empty())), List.of(), Optional.empty());
        JourneyCatalog both = catalogOf(v1).with(v2);
        ContactState onV1 = event(catalogOf(v1), ContactState.empty("ana"), ana, guideRequested("e", "ana", T), T).state();

        Evaluation finished = timers(both, onV1, ana, T.plus(Duration.ofDays(2)));
        Evaluation newcomer = event(both, ContactState.empty("bob"), emailable("bob"), guideRequested("e", "bob", T), T);

        assertThat(sentMessages(finished)).containsExactly("brew-tips");
        assertThat(sentMessages(newcomer)).containsExactly("guide-v2");
    }
}
