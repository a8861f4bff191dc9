/**
 * Testing journeys on virtual time: {@link dev.journeys.testkit.VirtualClock} (a clock a test
 * moves), {@link dev.journeys.testkit.TimeTravel} (moves it through an engine's timers, each
 * fired at its time) and {@link dev.journeys.testkit.Timeline} (every contact's history, in words).
 */
package dev.journeys.testkit;
