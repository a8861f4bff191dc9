package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;
import java.util.Optional;

/**
 * Names one effect of the engine exactly: the contact, the journey version and instance, the
 * step, and the visit (the how-manieth step the instance ran, so a step reached twice through a
 * loop gets two keys). A host that retries after a crash de-duplicates with it; the same key is
 * never used for two different effects.
 *
 * <p>Its {@linkplain #toString() text form} is also the message id a send carries, so channels
 * can report interactions ({@link InteractionTypes}) that the engine correlates to the instance
 * and step: {@code contact:journey:version:instance:step:visit}. Journey and step ids contain no
 * {@code ':'}, so the form parses from the right whatever the contact id holds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contactId the contact
 * @param journeyId the journey
 * @param version the journey version the instance runs
 * @param instance the instance, numbered per contact and journey from 1
 * @param stepId the step that caused the effect
 * @param visit the step's visit, counted per instance from 1
 */
public record IdempotencyKey(String contactId, String journeyId, int version, int instance, String stepId,
                             int visit) {

    /**
     * Checks the components. The engine makes keys for contacts whose ids it checked against
     * {@link IdRules}; {@link #parse} checks the id it reads.
     */
    public IdempotencyKey {
        Ids.requireText(contactId, "contact id");
        Ids.requireId(journeyId, "journey id");
        Ids.requireId(stepId, "step id");
    }

    /**
     * Reads a key from its text form, or from a message id ({@link OutgoingMessage#messageId()}:
     * the key's text, then {@code '@'} and the decision time, which is left out).
     *
     * @param text a key as given by {@link #toString()}, or a message id
     * @return the key, or empty if the text is not one
     */
    public static Optional<IdempotencyKey> parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = new String[6];
        int end = text.length();
        if (OutgoingMessage.decidedAtOf(text).isPresent()) {
            end = text.lastIndexOf('@'); // a message id: the key ends where its decision time begins
        }
        for (int i = 5; i > 0; i--) {
            int colon = text.lastIndexOf(':', end - 1);
            if (colon < 0) {
                return Optional.empty();
            }
            parts[i] = text.substring(colon + 1, end);
            end = colon;
        }
        parts[0] = text.substring(0, end);
        try {
            IdRules.requireContactId(parts[0], "contact id");
            return Optional.of(new IdempotencyKey(parts[0], parts[1], Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]), parts[4], Integer.parseInt(parts[5])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return contactId + ':' + journeyId + ':' + version + ':' + instance + ':' + stepId + ':' + visit;
    }
}
