package dev.journeys.core.kernel;

import dev.journeys.core.Contact;
import dev.journeys.core.EventHistory;
import dev.journeys.core.Segments;

import java.time.Instant;

/**
 * Everything a condition may ask about a contact: who they are, what they did (the recorded
 * events history conditions read), the engine's time, and the segments membership conditions
 * refer to. Part of the kernel.
 *
 * @param contact the contact, with the withdrawals the engine recorded
 * @param history the contact's recorded events of the types conditions ask about
 * @param now the engine's time
 * @param segments the segments the engine knows
 */
public record Subject(Contact contact, EventHistory history, Instant now, Segments segments) {

    /** Returns the same subject about a changed contact. */
    Subject with(Contact changed) {
        return new Subject(changed, history, now, segments);
    }
}
