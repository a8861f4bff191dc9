package dev.journeys.core.spi;

import dev.journeys.core.ContactState;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A contact with work due, and when: one claim returned by {@link JourneyStore#claimDue}, given
 * back with {@link JourneyStore#release}. Due contacts are ordered by due time, then by contact id.
 * A store that reads each contact's state in the same round trip as the claim (one over a
 * network) hands it over in {@link #state}, so the engine need not load it again, and works the
 * claimed page with {@link JourneyStore#saveAll} in a few round trips.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dueAt when the contact's earliest work is due
 * @param contactId the contact
 * @param claim the fencing token of this claim, for a store shared by several engines: a release
 *     by a holder whose claim was taken over since (its lease ran out) carries an older token and
 *     does nothing; {@link #NO_TOKEN} for a store that does not fence its claims
 * @param state the contact's state as the claim read it, or empty when the store did not read it
 *     (the in-memory store, whose load costs nothing); another engine may save a newer one before it
 *     is worked on, which the compare-and-set save of the work done on it then finds
 */
public record DueContact(Instant dueAt, String contactId, long claim, Optional<ContactState> state)
        implements Comparable<DueContact> {

    /** The {@link #claim} of a store that does not fence its claims, such as the in-memory one. */
    public static final long NO_TOKEN = 0;

    /** Checks the components. */
    public DueContact {
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(state, "state");
    }

    /**
     * A due contact whose state the claim did not read.
     *
     * @param dueAt when the contact's earliest work is due
     * @param contactId the contact
     * @param claim the fencing token of this claim
     */
    public DueContact(Instant dueAt, String contactId, long claim) {
        this(dueAt, contactId, claim, Optional.empty());
    }

    /**
     * A due contact of a store that does not fence its claims.
     *
     * @param dueAt when the contact's earliest work is due
     * @param contactId the contact
     */
    public DueContact(Instant dueAt, String contactId) {
        this(dueAt, contactId, NO_TOKEN);
    }

    @Override
    public int compareTo(DueContact other) {
        int byTime = dueAt.compareTo(other.dueAt);
        return byTime != 0 ? byTime : contactId.compareTo(other.contactId);
    }
}
