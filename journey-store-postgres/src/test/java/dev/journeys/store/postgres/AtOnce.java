package dev.journeys.store.postgres;

import dev.journeys.core.engine.JourneyEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs the same work on several engines at once, each on a thread of its own released together. */
final class AtOnce {

    private AtOnce() {
    }

    /** Runs {@code work} on every engine at once and returns the results in the engines' order. */
    static <T> List<T> onEach(List<JourneyEngine> engines, Function<JourneyEngine, T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(engines.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (JourneyEngine engine : engines) {
                running.add(pool.submit(() -> {
                    go.await();
                    return work.apply(engine);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : running) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
