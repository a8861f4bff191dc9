package dev.journeys.bench;

import dev.journeys.core.Event;

/**
 * Runs {@link WelcomeJourney} on the {@link HandWrittenJourney} baseline, with the same entry
 * events and channel as {@link EngineRunner}. Not thread-safe.
 */
public final class HandWrittenRunner implements JourneyRunner {

    private static final long START = WelcomeJourney.START.toEpochMilli();
    private Event[] events = new Event[0];

    @Override
    public String name() {
        return "hand-written";
    }

    @Override
    public String description() {
        return "baseline: arrays, a binary heap of timers and a hash map from contact id to slot; no engine";
    }

    @Override
    public Round prepare(int count) {
        if (events.length != count) {
            events = WelcomeJourney.entryEvents(count, WelcomeJourney.START);
        }
        Sends sends = new Sends();
        HandWrittenJourney journey = new HandWrittenJourney(count, sends);
        Event[] inputs = events;
        return new Round() {
            @Override
            public void enterAll() {
                for (Event event : inputs) {
                    if (!journey.accept(event, START)) {
                        throw new IllegalStateException("the baseline did not accept " + event);
                    }
                }
            }

            @Override
            public void fireAllDue() {
                journey.runDue(START + WelcomeJourney.WAIT.toMillis());
            }

            @Override
            public void verify() {
                sends.requireCompleted(count, name());
                if (journey.waiting() != 0) {
                    throw new IllegalStateException("the baseline still has " + journey.waiting() + " waiting");
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
