package dev.journeys.testkit.store;

import dev.journeys.core.spi.JourneyStore;

import java.time.InstantSource;

/** The in-memory store meets the store contract; its claims last until saved or released. */
class InMemoryJourneyStoreContractTest extends JourneyStoreContract {

    @Override
    protected JourneyStore newStore(InstantSource leaseClock) {
        return JourneyStore.inMemory();
    }
}
