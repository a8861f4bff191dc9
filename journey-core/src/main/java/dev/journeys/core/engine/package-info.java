/**
 * The in-process host: {@link dev.journeys.core.engine.JourneyEngine}, which runs the
 * {@linkplain dev.journeys.core.kernel kernel} for each contact over a
 * {@linkplain dev.journeys.core.spi store, a contact directory and channels}. Its public types
 * are the engine, its builder, its statistics and the answers it gives; everything else here
 * (the contact pipeline, the outbox dispatcher, the due-work loop, segment enrolment, the journey
 * registry) is package-private, one responsibility to a class.
 */
package dev.journeys.core.engine;
