package dev.journeys.core.engine;

import dev.journeys.core.ExitCause;

/**
 * What {@link JourneyEngine#accept} does with an event for a contact the
 * {@link dev.journeys.core.spi.ContactDirectory} does not know.
 *
 * <p>Whatever the policy, a contact who disappears from the directory while in a journey leaves
 * it when their next timer fires or event arrives, with {@link ExitCause#CONTACT_UNKNOWN}.
 */
public enum UnknownContactPolicy {
    /** Drop the event, count it in {@link EngineStats#unknownContacts()}, log it at debug level. The default. */
    IGNORE,
    /** Throw {@link UnknownContactException} to the caller of {@code accept}. */
    REJECT
}
