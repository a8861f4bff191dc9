/**
 * One conformance suite for every {@link dev.journeys.core.spi.JourneyStore}:
 * {@link dev.journeys.testkit.store.JourneyStoreContract}, an abstract JUnit 5 class that a
 * store's test extends with a factory for a fresh store.
 */
package dev.journeys.testkit.store;
