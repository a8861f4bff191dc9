package dev.journeys.dsl;

/**
 * A path inside a branch, split or wait for an event.
 *
 * <p>Not thread-safe.
 */
public interface Path extends Steps<Path, Path.End> {

    /** A path that has ended; nothing more can be added to it. */
    interface End {
    }
}
