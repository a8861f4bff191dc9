package dev.journeys.store.postgres.stress;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.InMemoryJourneyStore;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race {@link TwoEngineStressTest} once found on PostgreSQL (a {@code cart-reminder} sent by
 * engine A right after engine B's {@code accept} of the contact's purchase had returned), made to
 * happen every time by pausing engine A right after one of its writes while engine B accepts the
 * purchase that exits the journey. Right before a provider call an engine writes, fenced, that it
 * is calling: a stop saved before that write makes the write fail and the send is not made; a stop
 * saved after it meets the call under way and says so.
 */
class StopBetweenCheckAndCallTest {

    @Test
    void aStopSavedBeforeTheConfirmationIsNotFollowedByTheSend() throws Exception {
        // Paused after the save that decided the welcome, before the write confirming its call.
        Race race = race(state -> !state.outbox().isEmpty() && !state.outbox().get(0).calling());

        assertThat(race.sentAfterStop).as("messages sent after engine B accepted the purchase that exits the journey")
                .isEmpty();
        assertThat(race.toldByB).filteredOn(JourneyEvent.EffectCancelled.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((JourneyEvent.EffectCancelled) event).callUnderWay()).isFalse());
        assertThat(race.statsOfA.dispatchesSuperseded()).isEqualTo(1);
    }

    @Test
    void aStopSavedAfterTheConfirmationMeetsTheCallUnderWayAndSaysSo() throws Exception {
        // Paused after the write confirming the welcome's call, before the call.
        Race race = race(state -> !state.outbox().isEmpty() && state.outbox().get(0).calling());

        assertThat(race.sentAfterStop).containsExactly("welcome");
        assertThat(race.toldByB).filteredOn(JourneyEvent.EffectCancelled.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((JourneyEvent.EffectCancelled) event).callUnderWay()).isTrue());
        assertThat(race.statsOfB.stopsDuringCalls()).isEqualTo(1);
    }

    /** What one race showed. */
    private record Race(List<String> sentAfterStop, List<JourneyEvent> toldByB, EngineStats statsOfA,
                        EngineStats statsOfB) {
    }

    /**
     * Engine A accepts a sign-up and is paused right after the first save {@code pauseAfter}
     * chooses; engine B accepts the purchase that exits the journey; then A goes on.
     */
    private static Race race(Predicate<ContactState> pauseAfter) throws Exception {
        VirtualClock clock = VirtualClock.at(StressRun.START);
        InMemoryContactDirectory directory = ContactDirectory.inMemory();
        directory.put(Contact.of("c1").withConsent(StressJourneys.CHANNEL));
        JourneyStore shared = new InMemoryJourneyStore(StressRun.LEASE);
        PausingStore pausing = new PausingStore(shared, pauseAfter);
        AtomicBoolean stopAccepted = new AtomicBoolean();
        List<String> sentAfterStop = new CopyOnWriteArrayList<>();
        List<JourneyEvent> toldByB = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (JourneyEngine a = engine(clock, pausing, directory, message -> {
                 if (stopAccepted.get()) {
                     sentAfterStop.add(message.message());
                 }
             }, event -> { });
             JourneyEngine b = engine(clock, shared, directory, message -> { }, toldByB::add)) {
            Thread signUp = new Thread(() -> {
                try {
                    a.accept(Event.of("sign-up", StressJourneys.SIGN_UP, "c1", clock.instant()));
                } catch (RuntimeException | Error failure) {
                    failed.set(failure);
                }
            }, "engine-A");
            signUp.start();
            assertThat(pausing.awaitPaused()).as("engine A made the write it pauses after").isTrue();

            Acceptance purchase = b.accept(Event.of("purchase", StressJourneys.PURCHASE, "c1", clock.instant()));
            stopAccepted.set(true);
            pausing.resume();
            signUp.join();

            assertThat(failed.get()).isNull();
            assertThat(purchase).isEqualTo(Acceptance.ACCEPTED);
            assertThat(toldByB).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                    JourneyEvent.Exited.class, exited -> assertThat(exited.cause()).isEqualTo(ExitCause.EXIT_TRIGGER)));
            return new Race(sentAfterStop, toldByB, a.stats(), b.stats());
        }
    }

    private static JourneyEngine engine(VirtualClock clock, JourneyStore store, ContactDirectory directory,
                                        java.util.function.Consumer<OutgoingMessage> channel,
                                        dev.journeys.core.spi.JourneyListener listener) {
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).store(store).contacts(directory)
                .channel(StressJourneys.CHANNEL, channel::accept).listener(listener);
        StressJourneys.all().forEach(builder::journey);
        return builder.build();
    }
}
