/**
 * Runnable programs, one per scenario of the design; {@link dev.journeys.examples.BrewBetterAtHome}
 * (scenario S1) is the main example.
 */
package dev.journeys.examples;
