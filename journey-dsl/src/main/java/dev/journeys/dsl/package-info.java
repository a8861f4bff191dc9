/**
 * The fluent Java builder for journeys. Start with {@link dev.journeys.dsl.Journey#withId}; each
 * method returns the next legal step, and {@code build()} validates the whole graph.
 */
package dev.journeys.dsl;
