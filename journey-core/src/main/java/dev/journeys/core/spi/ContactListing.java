package dev.journeys.core.spi;


/**
 * The listing capability of a store: the contacts it holds, for the rare walks over all of them
 * (stopping, resuming and migrating a journey).
 *
 * <p>Thread-safe.
 */
public interface ContactListing {

    /** Returns how many contacts have a stored state. */
    long size();

    /**
     * Returns the ids of every contact with a stored state, for the rare walks over all of them:
     * stopping and resuming a journey, and migrating its contacts to a new version. The stream
     * may be lazy and weakly consistent (contacts saved during the walk may be missed: they
     * cannot be in a journey the walk is about, which takes no entries then); the caller closes it.
     *
     * @return the contact ids, in no particular order
     */
    java.util.stream.Stream<String> contactIds();
}
