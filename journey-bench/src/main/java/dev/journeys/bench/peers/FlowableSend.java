package dev.journeys.bench.peers;

import dev.journeys.bench.Sends;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * Flowable's "send": a service task that counts the message named by its activity id. Flowable
 * makes the delegate from its class name, so the counter of the running round is static.
 * Thread-safe.
 */
public final class FlowableSend implements JavaDelegate {

    static volatile Sends sends = new Sends();

    @Override
    public void execute(DelegateExecution execution) {
        sends.count(execution.getCurrentActivityId());
    }
}
