package dev.journeys.testkit.store;

import dev.journeys.core.spi.InMemoryJourneyStore;
import dev.journeys.core.spi.JourneyStore;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The in-memory store meets the store contract; its claims last its lease, measured from the
 * {@code now} of each claim.
 */
class InMemoryJourneyStoreContractTest extends JourneyStoreContract {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Override
    protected JourneyStore newStore(InstantSource leaseClock) {
        return new InMemoryJourneyStore(LEASE);
    }

    @Override
    protected Optional<Duration> lease() {
        return Optional.of(LEASE);
    }
}
