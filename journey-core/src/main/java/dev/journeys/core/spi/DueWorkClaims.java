package dev.journeys.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The due-work capability of a store: which contacts have work due, claimed by one caller at a
 * time, so that threads and engines sharing the store split the due work between them. The
 * timers are read from each saved state ({@link dev.journeys.core.ContactState#nextDueAtMillis()}).
 *
 * <p>Thread-safe.
 */
public interface DueWorkClaims {

    /**
     * Claims up to {@code limit} contacts with work due at or before {@code now}, the earliest
     * first as far as the store keeps an order, and hands each to this caller only: a claimed
     * contact is not returned by another claim (from this thread or another) until its state is
     * {@linkplain ContactStates#save saved}, it is {@linkplain #release released}, or its
     * {@linkplain #lease() lease} has run out (its holder died or stalled): then another claim takes
     * it over, with a new {@linkplain DueContact#claim() token}. This is how several threads, or
     * several engines sharing a store, split the due work between them.
     *
     * @param now the current instant
     * @param limit the most contacts to return; positive
     * @return the claimed contacts; empty when none is due and unclaimed
     */
    List<DueContact> claimDue(Instant now, int limit);

    /**
     * Gives back a claimed contact whose state was not saved (nothing changed, or its work
     * failed), so that it is due again when its state says. The release is fenced by the claim's
     * token: releasing a contact that was saved since it was claimed, that is not claimed, or
     * whose claim was taken over since, does nothing.
     *
     * @param claimed a contact returned by {@link #claimDue}
     */
    void release(DueContact claimed);

    /**
     * Returns how long a claim lasts, and so how long an effect is held for the engine that
     * decided or claimed it before another engine sharing the store may dispatch it: the one
     * setting of the dispatch protocol. A provider call must finish within it.
     *
     * @return the lease; positive
     */
    java.time.Duration lease();

    /** Returns the earliest instant at which any contact has work, if any has. */
    Optional<Instant> nextDueAt();
}
