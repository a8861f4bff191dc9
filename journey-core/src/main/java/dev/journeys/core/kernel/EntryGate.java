package dev.journeys.core.kernel;

import dev.journeys.core.EntryRateLimit;

/**
 * Hands out entry slots for journeys with an {@link EntryRateLimit}. The limit counts entries
 * across contacts, so it cannot live in one contact's state; the kernel asks the host's gate,
 * which answers from the entries it admitted before, never from a clock. An answer is a
 * reservation: it counts at once, so contacts evaluated at the same time cannot overbook, and the
 * kernel lists it in {@link Evaluation#reservations()}; the host {@linkplain #release releases}
 * it if the state it belongs to is not saved (another engine saved the contact first and the
 * input is evaluated again, or the save failed) or if the kernel gave it up
 * ({@link Evaluation#unusedReservations()}).
 */
public interface EntryGate {

    /** Value of {@link #reserve} for an entry that is turned away. */
    long REJECTED = Long.MIN_VALUE;

    /** A gate with no memory, which lets every entry in at once. */
    EntryGate UNLIMITED = new EntryGate() {
        @Override
        public long reserve(String journeyId, EntryRateLimit limit, long nowMillis) {
            return nowMillis;
        }

        @Override
        public void release(EntryReservation reservation) {
        }
    };

    /**
     * Reserves an entry into a journey.
     *
     * @param journeyId the journey
     * @param limit its limit
     * @param nowMillis when the contact arrives
     * @return when the contact is admitted, at or after {@code nowMillis}; or {@link #REJECTED}
     */
    long reserve(String journeyId, EntryRateLimit limit, long nowMillis);

    /**
     * Gives back a reservation whose entry was not saved, so that it no longer counts.
     *
     * @param reservation a reservation this gate made
     */
    void release(EntryReservation reservation);
}
