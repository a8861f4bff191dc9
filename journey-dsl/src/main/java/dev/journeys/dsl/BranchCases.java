package dev.journeys.dsl;

import dev.journeys.core.Condition;

import java.util.function.Consumer;

/**
 * The cases of a branch, tried in order; the first whose condition holds is taken. A branch must
 * end with {@link #otherwise}, which the compiler enforces.
 *
 * <p>Not thread-safe.
 */
public interface BranchCases {

    /**
     * Adds a case.
     *
     * @param condition when it is taken
     * @param path what the contact does then
     * @return the cases
     */
    BranchCases when(Condition condition, Consumer<Path> path);

    /**
     * Adds the case taken when no other holds, and closes the branch.
     *
     * @param path what the contact does then
     * @return the complete branch
     */
    Complete otherwise(Consumer<Path> path);

    /** A branch whose otherwise case is set. */
    interface Complete {
    }
}
