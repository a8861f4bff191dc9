/**
 * Benchmark programs and JMH benchmarks: figures for throughput and memory, run by hand with the
 * command each class's Javadoc gives (all from {@code journey-bench/target/benchmarks.jar}, which
 * {@code mvn -q -pl journey-bench -am package -DskipTests} builds). Nothing here is part of the
 * tests' pass/fail.
 *
 * <p>The journey measured is {@link dev.journeys.bench.WelcomeJourney}: enter, send,
 * wait two days, branch, send, end. The JMH benchmarks are the classes named {@code *Benchmark};
 * the programs are {@link dev.journeys.bench.SideBySide} (this engine, the
 * {@linkplain dev.journeys.bench.HandWrittenJourney hand-written baseline}, Camunda 7 and
 * Flowable in one run), {@link dev.journeys.bench.WaitingContactMemory} (heap per waiting
 * contact) and {@link dev.journeys.bench.SegmentEnrolmentRun}. (The two-engine stress run under
 * a mixed stream is a test of journey-store-postgres, {@code TwoEngineStressTest}.)
 */
package dev.journeys.bench;
