package dev.journeys.bench;

/**
 * One implementation of {@link WelcomeJourney} in the {@link SideBySide} comparison: this
 * engine, the hand-written baseline, or a peer engine. Each round runs on a fresh instance.
 *
 * <p>Implementations are not thread-safe: one round at a time, on one thread.
 */
public interface JourneyRunner {

    /** Returns the short name the comparison prints. */
    String name();

    /** Returns what ran and how it was set up, for the report. */
    String description();

    /**
     * Sets up a fresh instance for a round with {@code contacts} contacts: everything that is not
     * timed (starting the engine, deploying the journey, making the inputs).
     *
     * @param contacts how many contacts the round runs
     * @return the round
     */
    Round prepare(int contacts);

    /** One run of the journey for every contact: two timed phases, then a check. */
    interface Round extends AutoCloseable {

        /** Timed: every contact enters (is sent the welcome and starts the two-day wait). */
        void enterAll();

        /** Timed: the clock moves two days on and every due timer runs (branch, offer, end). */
        void fireAllDue();

        /**
         * Checks that every contact got the welcome and exactly the offer of their group.
         *
         * @throws IllegalStateException if not
         */
        void verify();

        /** Frees what the round holds. */
        @Override
        void close();
    }
}
