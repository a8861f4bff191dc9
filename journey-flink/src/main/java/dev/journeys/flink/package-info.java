/**
 * The Apache Flink host of the journey kernel: {@link dev.journeys.flink.JourneyJob} wires events,
 * contact profiles and a broadcast stream of journey definitions into a keyed job that runs the
 * same kernel, with the same meaning, as the in-process engine, and puts out effects with their
 * idempotency keys and journey events. State and records are serialized by the library's own
 * versioned codecs ({@link dev.journeys.flink.CodecSerializer}).
 */
package dev.journeys.flink;
