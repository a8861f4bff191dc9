/**
 * The two-engine stress test, {@link dev.journeys.store.postgres.stress.TwoEngineStressTest}: two
 * engines on one store (in memory, or one embedded PostgreSQL) under a mixed stream fed by eight
 * threads while a ninth moves the clock and runs due work, with what the library promises checked
 * on every channel call. Its parts are named {@code Stress*}: the journeys, the plan of a seed's
 * inputs, the run, the ledger that checks each call, the violations, the stores, the options read
 * from system properties and the printed figures.
 */
package dev.journeys.store.postgres.stress;
