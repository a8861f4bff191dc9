/**
 * One conformance suite for every {@link dev.journeys.core.spi.JourneyStore}:
 * {@link dev.journeys.testkit.store.JourneyStoreContract}, an abstract JUnit 5 class that a
 * store's test extends with a factory for a fresh store; it includes
 * {@link dev.journeys.testkit.store.JourneyDefinitionsContract} for the journey definitions a store keeps.
 * {@link dev.journeys.testkit.store.ForwardingJourneyStore} wraps a store for tests that change
 * what one or two of its calls do (a failure, a race with another engine, a stall).
 */
package dev.journeys.testkit.store;
