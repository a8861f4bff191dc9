package dev.journeys.store.postgres;

import dev.journeys.core.spi.DueContact;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.testkit.store.ForwardingJourneyStore;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A store that hands every call to another, and hands each page of due contacts it claimed to a
 * hook before returning it: the hook may stall the claiming thread there, with the contacts
 * claimed and not yet evaluated or saved, as a node that dies or stops right after its claim would
 * leave them. For {@link CrashNode}.
 *
 * <p>Thread-safe if the other store and the hook are.
 */
final class ClaimStallingStore extends ForwardingJourneyStore {

    private final Consumer<List<DueContact>> afterClaim;

    /**
     * @param inner the store every call goes to
     * @param afterClaim called with each page claimed that is not empty, before it is returned
     */
    ClaimStallingStore(JourneyStore inner, Consumer<List<DueContact>> afterClaim) {
        super(inner);
        this.afterClaim = afterClaim;
    }

    @Override
    public List<DueContact> claimDue(Instant now, int limit) {
        List<DueContact> page = inner.claimDue(now, limit);
        if (!page.isEmpty()) {
            afterClaim.accept(page);
        }
        return page;
    }
}
