/**
 * Benchmark programs: figures for throughput and memory, run by hand with the command each
 * program's Javadoc gives. Nothing here is part of the tests' pass/fail.
 */
package dev.journeys.bench;
