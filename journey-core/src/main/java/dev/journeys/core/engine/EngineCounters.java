package dev.journeys.core.engine;

import dev.journeys.core.event.JourneyEvent;

import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters, updated from the events it publishes and by the parts that count
 * failures, conflicts and dropped inputs; {@link #snapshot()} gives them as {@link EngineStats}.
 * Logs each parked instance, the one event a host must act on.
 *
 * <p>Thread-safe: every counter is a {@link LongAdder}.
 */
final class EngineCounters {


    final LongAdder eventsAccepted = new LongAdder();
    final LongAdder eventsIgnored = new LongAdder();
    final LongAdder duplicateEvents = new LongAdder();
    final LongAdder unknownContacts = new LongAdder();
    final LongAdder entries = new LongAdder();
    final LongAdder entriesDeclined = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder messagesSkipped = new LongAdder();
    final LongAdder actionsRun = new LongAdder();
    final LongAdder dispatchFailures = new LongAdder();
    final LongAdder effectsDropped = new LongAdder();
    final LongAdder goals = new LongAdder();
    final LongAdder exits = new LongAdder();
    final LongAdder effectsCancelled = new LongAdder();
    final LongAdder sendsDeferred = new LongAdder();
    final LongAdder entriesQueued = new LongAdder();
    final LongAdder processingFailures = new LongAdder();
    final LongAdder conflictsRetried = new LongAdder();
    final LongAdder dispatchesSuperseded = new LongAdder();
    final LongAdder dispatchesOverran = new LongAdder();
    final LongAdder instancesParked = new LongAdder();
    final LongAdder eventsTooLate = new LongAdder();
    final LongAdder interactionsBeforeSend = new LongAdder();
    final LongAdder stopsDuringCalls = new LongAdder();

    void count(JourneyEvent event) {
        if (event instanceof JourneyEvent.Entered) {
            entries.increment();
        } else if (event instanceof JourneyEvent.EntryDeclined) {
            entriesDeclined.increment();
        } else if (event instanceof JourneyEvent.MessageSent) {
            messagesSent.increment();
        } else if (event instanceof JourneyEvent.MessageSkipped) {
            messagesSkipped.increment();
        } else if (event instanceof JourneyEvent.SendDeferred) {
            sendsDeferred.increment();
        } else if (event instanceof JourneyEvent.EntryQueued) {
            entriesQueued.increment();
        } else if (event instanceof JourneyEvent.ActionCompleted) {
            actionsRun.increment();
        } else if (event instanceof JourneyEvent.DispatchFailed failed) {
            dispatchFailures.increment();
            if (!failed.willRetry()) {
                effectsDropped.increment();
            }
        } else if (event instanceof JourneyEvent.GoalReached) {
            goals.increment();
        } else if (event instanceof JourneyEvent.Exited) {
            exits.increment();
        } else if (event instanceof JourneyEvent.EffectCancelled cancelled) {
            effectsCancelled.increment();
            if (cancelled.callUnderWay()) {
                stopsDuringCalls.increment();
            }
        } else if (event instanceof JourneyEvent.InstanceParked) {
            instancesParked.increment();
        } else if (event instanceof JourneyEvent.InteractionBeforeSend) {
            interactionsBeforeSend.increment();
        }
    }

    EngineStats snapshot() {
        return new EngineStats(eventsAccepted.sum(), eventsIgnored.sum(), duplicateEvents.sum(),
                unknownContacts.sum(), entries.sum(), entriesDeclined.sum(), messagesSent.sum(),
                messagesSkipped.sum(), actionsRun.sum(), dispatchFailures.sum(), effectsDropped.sum(),
                goals.sum(), exits.sum(), effectsCancelled.sum(), processingFailures.sum(),
                sendsDeferred.sum(), entriesQueued.sum(), conflictsRetried.sum(), instancesParked.sum(),
                eventsTooLate.sum(), interactionsBeforeSend.sum(), dispatchesSuperseded.sum(),
                dispatchesOverran.sum(), stopsDuringCalls.sum());
    }
}
