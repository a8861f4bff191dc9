package dev.journeys.dsl;

import java.util.function.Consumer;

/**
 * The two exits of a wait for an event, and its options.
 *
 * <p>Not thread-safe.
 */
public interface EventWait {

    /**
     * Counts only interactions with the message sent at a step (a click on that email).
     *
     * @param sendStep the send step's id
     * @return this wait
     */
    EventWait about(String sendStep);

    /**
     * Counts a matching event that arrived since the contact entered, before the wait began.
     *
     * @return this wait
     */
    EventWait lookingBack();

    /**
     * Sets the path taken when the event arrives.
     *
     * @param path what the contact does then
     * @return the wait, for its time-out path
     */
    OnTimeout onEvent(Consumer<Path> path);

    /** The second exit of a wait for an event. */
    interface OnTimeout {
        /**
         * Sets the path taken when the time-out passes first.
         *
         * @param path what the contact does then
         * @return the complete wait
         */
        Complete onTimeout(Consumer<Path> path);
    }

    /** A wait whose two exits are set. */
    interface Complete {
    }
}
