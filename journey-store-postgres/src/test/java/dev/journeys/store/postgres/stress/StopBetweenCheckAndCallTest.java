package dev.journeys.store.postgres.stress;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.ExitCause;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.InMemoryJourneyStore;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one violation {@link TwoEngineStressTest} found in two runs of 100 seeds on PostgreSQL
 * (seed 46 of one: a {@code cart-reminder} sent by engine A right after engine B's {@code accept}
 * of the contact's purchase had returned), made to happen every time: engine A decides the welcome and saves it,
 * re-reads the contact right before the provider call and finds nothing newer, and is
 * descheduled before it calls the channel; meanwhile engine B accepts the purchase that exits the
 * journey, cancels the welcome and returns; then A calls the channel with the welcome.
 */
class StopBetweenCheckAndCallTest {

    @Test
    @Disabled("engine defect, left to the dispatch-protocol rewrite: the re-read before a provider call is not"
            + " atomic with the call, so a stop another engine accepts between the two is not seen and the send"
            + " follows it (TwoEngineStressTest, PostgreSQL, 1 of 200 seeds)")
    void aStopAcceptedBetweenTheReReadAndTheCallIsNotFollowedByTheSend() throws Exception {
        VirtualClock clock = VirtualClock.at(StressRun.START);
        InMemoryContactDirectory directory = ContactDirectory.inMemory();
        directory.put(Contact.of("c1").withConsent(StressJourneys.CHANNEL));
        JourneyStore shared = new InMemoryJourneyStore(StressRun.LEASE);
        PausedAfterReadStore pausing = new PausedAfterReadStore(shared);
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
            assertThat(pausing.awaitPaused()).as("engine A re-read the contact before its provider call").isTrue();

            Acceptance purchase = b.accept(Event.of("purchase", StressJourneys.PURCHASE, "c1", clock.instant()));
            stopAccepted.set(true);
            pausing.resume();
            signUp.join();

            assertThat(failed.get()).isNull();
            assertThat(purchase).isEqualTo(Acceptance.ACCEPTED);
            assertThat(toldByB).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                    JourneyEvent.Exited.class, exited -> assertThat(exited.cause()).isEqualTo(ExitCause.EXIT_TRIGGER)));
            assertThat(sentAfterStop).as("messages sent after engine B accepted the purchase that exits the journey")
                    .isEmpty();
        }
    }

    private static JourneyEngine engine(VirtualClock clock, JourneyStore store, ContactDirectory directory,
                                        java.util.function.Consumer<OutgoingMessage> channel,
                                        dev.journeys.core.spi.JourneyListener listener) {
        JourneyEngine.Builder builder = JourneyEngine.builder().clock(clock).store(store).contacts(directory)
                .channel(StressJourneys.CHANNEL, channel::accept).listener(listener);
        StressJourneys.all().forEach(builder::journey);
        return builder.build();
    }
}
