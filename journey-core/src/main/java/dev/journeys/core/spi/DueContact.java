package dev.journeys.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A contact with work due, and when: one claim returned by {@link JourneyStore#claimDue}, given
 * back with {@link JourneyStore#release}. Due contacts are ordered by due time, then by contact id.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dueAt when the contact's earliest work is due
 * @param contactId the contact
 * @param claim the fencing token of this claim, for a store shared by several engines: a release
 *     by a holder whose claim was taken over since (its lease ran out) carries an older token and
 *     does nothing; {@link #NO_TOKEN} for a store that does not fence its claims
 */
public record DueContact(Instant dueAt, String contactId, long claim) implements Comparable<DueContact> {

    /** The {@link #claim} of a store that does not fence its claims, such as the in-memory one. */
    public static final long NO_TOKEN = 0;

    /** Checks the components. */
    public DueContact {
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(contactId, "contactId");
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
