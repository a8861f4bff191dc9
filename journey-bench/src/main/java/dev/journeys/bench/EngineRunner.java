package dev.journeys.bench;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.VirtualClock;

/**
 * Runs {@link WelcomeJourney} on this engine: the in-memory store, a {@link VirtualClock}, the
 * contacts {@linkplain BenchContacts#held held} in an array, a counting channel, no listener.
 * Not thread-safe.
 */
public final class EngineRunner implements JourneyRunner {

    private final JourneyDefinition journey = WelcomeJourney.definition();
    private BenchContacts contacts = BenchContacts.held(0);
    private Event[] events = new Event[0];

    @Override
    public String name() {
        return "journey-engine";
    }

    @Override
    public String description() {
        return "this engine: JourneyStore.inMemory(), VirtualClock, contacts held in an array, no listener";
    }

    @Override
    public Round prepare(int count) {
        if (contacts.size() != count) {
            contacts = BenchContacts.held(count);
            events = WelcomeJourney.entryEvents(count, WelcomeJourney.START);
        }
        VirtualClock clock = VirtualClock.at(WelcomeJourney.START);
        Sends sends = new Sends();
        JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).store(JourneyStore.inMemory())
                .defaultChannel(sends).journey(journey).build();
        Event[] inputs = events;
        return new Round() {
            @Override
            public void enterAll() {
                for (Event event : inputs) {
                    if (engine.accept(event) != Acceptance.ACCEPTED) {
                        throw new IllegalStateException("the engine did not accept " + event);
                    }
                }
            }

            @Override
            public void fireAllDue() {
                clock.advance(WelcomeJourney.WAIT);
                engine.runDue();
            }

            @Override
            public void verify() {
                sends.requireCompleted(count, name());
                if (engine.nextDueAt().isPresent() || engine.stats().exits() != count) {
                    throw new IllegalStateException("the engine still has work due at " + engine.nextDueAt()
                            + " or did not end every instance: " + engine.stats());
                }
            }

            @Override
            public void close() {
                engine.close();
            }
        };
    }
}
