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
 */
public record DueContact(Instant dueAt, String contactId) implements Comparable<DueContact> {

    /** Checks the components. */
    public DueContact {
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(contactId, "contactId");
    }

    @Override
    public int compareTo(DueContact other) {
        int byTime = dueAt.compareTo(other.dueAt);
        return byTime != 0 ? byTime : contactId.compareTo(other.contactId);
    }
}
