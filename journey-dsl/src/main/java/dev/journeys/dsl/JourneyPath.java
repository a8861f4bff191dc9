package dev.journeys.dsl;

import dev.journeys.core.JourneyDefinition;

/**
 * The journey's main path: add steps, then {@link #build()}.
 *
 * <p>Not thread-safe.
 */
public interface JourneyPath extends Steps<JourneyPath, JourneyPath.End> {

    /**
     * Validates the whole journey and returns it; warnings do not stop it.
     *
     * @return the journey
     * @throws dev.journeys.core.InvalidJourneyException listing every error, each with its step
     */
    JourneyDefinition build();

    /** The main path once it has ended: only {@link #build()} is left. */
    interface End {
        /**
         * Validates the whole journey and returns it; warnings do not stop it.
         *
         * @return the journey
         * @throws dev.journeys.core.InvalidJourneyException listing every error, each with its step
         */
        JourneyDefinition build();
    }
}
