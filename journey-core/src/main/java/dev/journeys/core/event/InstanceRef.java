package dev.journeys.core.event;

import java.util.Objects;

/**
 * Names a journey instance in a {@link JourneyEvent}: whose it is, which journey version, and
 * which of the contact's entries.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contactId the contact
 * @param journeyId the journey
 * @param version the journey version
 * @param instance the instance's number, per contact and journey from 1
 */
public record InstanceRef(String contactId, String journeyId, int version, int instance) {
    /** Checks the components. */
    public InstanceRef {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(journeyId, "journeyId");
    }

    @Override
    public String toString() {
        return journeyId + " v" + version + " #" + instance + " of " + contactId;
    }
}
