/**
 * The kernel: every journey rule, as one pure step function over a contact.
 * {@link dev.journeys.core.kernel.JourneyKernel#evaluate} takes a contact's state, the contact as
 * the directory describes them, one input ({@link dev.journeys.core.kernel.Input}: an event, due
 * timers, an enrolment, a lifecycle change, a migration, the host's retry or end of a parked
 * instance) and the instant, over the compiled published journeys
 * ({@link dev.journeys.core.kernel.JourneyCatalog}), and returns the new state, the effects to
 * perform and the journey events ({@link dev.journeys.core.kernel.Evaluation}). It reads no
 * clock, does no I/O and draws no random number (A/B paths are a stable hash); the one shared
 * thing it touches is the {@link dev.journeys.core.kernel.EntryGate} where entries of
 * rate-limited journeys are booked. Every host runs it: the in-process
 * {@link dev.journeys.core.engine.JourneyEngine}, the PostgreSQL-backed nodes.
 *
 * <p>The types here are public so that hosts can be built on the kernel, but they are still
 * settling: their shape may change between releases until the kernel's API is declared stable.
 */
package dev.journeys.core.kernel;
