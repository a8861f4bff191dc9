package dev.journeys.dsl;

import java.util.function.Consumer;

/**
 * The weighted paths of an A/B/n split.
 *
 * <p>Not thread-safe.
 */
public interface SplitPaths {

    /**
     * Adds a path.
     *
     * @param name the path's name, as reported
     * @param weight its share relative to the other paths; must be positive
     * @param path what the contact does on it
     * @return the paths
     */
    SplitPaths path(String name, int weight, Consumer<Path> path);
}
