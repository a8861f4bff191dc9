package dev.journeys.core.engine;

import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.JourneyListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Tells the engine's listeners what happened, in order, after counting each event; a listener
 * that throws is logged and the others are still told. A parked instance is also logged here,
 * once, with what an operator needs to retry or end it.
 *
 * <p>Thread-safe: the listeners are fixed when the engine is built; each is called on the thread
 * that worked on the contact.
 */
final class ListenerFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class); // the engine's log, as before

    private final List<JourneyListener> listeners;
    private final EngineCounters counters;

    ListenerFanOut(List<JourneyListener> listeners, EngineCounters counters) {
        this.listeners = List.copyOf(listeners);
        this.counters = counters;
    }

    /** Returns whether no listener was added, so the evaluator need not describe what it did. */
    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Counts the events and tells every listener each of them. */
    void publish(List<JourneyEvent> events) {
        for (int e = 0; e < events.size(); e++) { // indexed: no iterator per contact
            JourneyEvent event = events.get(e);
            counters.count(event);
            if (event instanceof JourneyEvent.InstanceParked parked) {
                LOG.warn("parked instance #{} of journey '{}' v{} at step '{}' of contact '{}': its evaluation failed; "
                        + "the host may retry or end it (JourneyEngine.retryParked, endParked)",
                        parked.instance().instance(), parked.instance().journeyId(), parked.instance().version(),
                        parked.stepId(), parked.instance().contactId());
            }
            for (int l = 0; l < listeners.size(); l++) {
                JourneyListener listener = listeners.get(l);
                try {
                    listener.on(event);
                } catch (RuntimeException failure) {
                    LOG.warn("listener {} failed on {}; ignored", listener, LogText.of(event), LogText.of(failure));
                }
            }
        }
    }
}
