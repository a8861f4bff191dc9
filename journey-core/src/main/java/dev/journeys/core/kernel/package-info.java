/**
 * The kernel: every journey rule, as one pure step function over a contact.
 * {@link dev.journeys.core.kernel.JourneyKernel#evaluate} takes a contact's state, the contact as
 * the directory describes them, one input ({@link dev.journeys.core.kernel.Input}: an event, due
 * timers, an enrolment, a lifecycle change, a migration, the host's retry or end of a parked
 * instance) and the instant, over the compiled published journeys
 * ({@link dev.journeys.core.kernel.JourneyCatalog}), and returns the new state, the effects to
 * perform, the journey events and the entry slots it reserved
 * ({@link dev.journeys.core.kernel.Evaluation}). It reads no clock, does no I/O, draws no random
 * number (A/B paths are a stable hash) and holds no shared state: the entry slots of rate-limited
 * journeys are reserved at the host's {@link dev.journeys.core.kernel.EntryGate} and released by
 * the host if the state that holds them is not saved. Right before a provider call, a host checks
 * an effect with {@link dev.journeys.core.kernel.DispatchCheck}, which applies the send step's
 * own rules to the latest committed state. Every host runs it: the in-process
 * {@link dev.journeys.core.engine.JourneyEngine}, the PostgreSQL-backed nodes.
 *
 * <p>The types here are public so that hosts can be built on the kernel, but they are still
 * settling: their shape may change between releases until the kernel's API is declared stable.
 */
package dev.journeys.core.kernel;
