/**
 * The persistence format of a contact's state: one versioned binary codec
 * ({@link dev.journeys.core.persistence.ContactStateCodec}) that every store keeping states as
 * bytes uses (the PostgreSQL store keeps them in a column; a stream processor keeps them as keyed
 * state), so that a state written by one host reads the same in another. Bytes that cannot be
 * read raise {@link dev.journeys.core.persistence.UnreadableStateException}, naming the contact
 * and the problem. {@link dev.journeys.core.persistence.ContactCodec},
 * {@link dev.journeys.core.persistence.EventCodec}, {@link dev.journeys.core.persistence.EffectCodec}
 * and {@link dev.journeys.core.persistence.JourneyEventCodec} write the records a host keeps or
 * passes on beside a contact's state (profiles, recorded events, effects for a sink, the journey
 * events its listeners observe) the same way.
 */
package dev.journeys.core.persistence;
