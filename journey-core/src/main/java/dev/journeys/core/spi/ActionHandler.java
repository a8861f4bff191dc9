package dev.journeys.core.spi;

import dev.journeys.core.ActionRequest;

/**
 * Runs one named host action, such as creating a task or alerting a sales queue.
 *
 * <p>The engine calls it for one contact at a time; calls for different contacts may come from
 * several threads at once, so an implementation must be thread-safe. A request may arrive twice
 * after a failure or a crash, always with the same {@linkplain ActionRequest#key() idempotency
 * key}. Throwing tells the engine the action did not run; it is retried by the engine's
 * {@link dev.journeys.core.RetryPolicy} and finally dropped with a recorded reason. There is no
 * default: a journey whose action has no handler cannot be published.
 */
@FunctionalInterface
public interface ActionHandler {

    /**
     * Runs the action.
     *
     * @param request what to run, for whom, with which parameters
     * @throws RuntimeException if the action did not run
     */
    void run(ActionRequest request);
}
