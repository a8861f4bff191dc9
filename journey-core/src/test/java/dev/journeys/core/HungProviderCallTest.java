package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.internal.StripedLocks;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.brewBetter;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.guideRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider call that hangs holds up only its own contact: while one thread of the engine is
 * stuck in it, another thread's {@code runDue()} works on the rest of the due contacts, those the
 * stuck thread claimed included; threads that merely meet on a contact's lock wait for each other,
 * so two calls of {@code runDue()} at once leave nothing of what was due undone.
 */
class HungProviderCallTest {

    private static final int CONTACTS = 100;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anotherThreadWorksOnEveryOtherDueContactWhileOneCallHangs() throws Exception {
        TestClock clock = new TestClock(T);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            ids.add("c" + i);
            contacts.put(emailable("c" + i));
        }
        String hung = "c0";
        CountDownLatch inHungCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> tipsSent = ConcurrentHashMap.newKeySet();
        MessageChannel provider = message -> {
            if (!message.message().equals("brew-tips")) {
                return;
            }
            if (message.contactId().equals(hung)) {
                inHungCall.countDown();
                await(release);
            }
            tipsSent.add(message.contactId());
        };
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", provider)
                .journey(brewBetter()).build()) {
            for (String id : ids) {
                engine.accept(guideRequested("e-" + id, id, T));
            }
            clock.advance(Duration.ofDays(2)); // every contact's wait ends at once
            Thread stuck = new Thread(engine::runDue, "stuck");
            stuck.start();
            assertThat(inHungCall.await(30, TimeUnit.SECONDS)).as("the provider call for " + hung + " began").isTrue();

            engine.runDue();

            // Locks are striped: a contact sharing the hung contact's stripe waits for it (mirrors the engine's striping).
            StripedLocks stripes = new StripedLocks(Runtime.getRuntime().availableProcessors() * 256);
            List<String> free = ids.stream().filter(id -> stripes.stripeOf(id) != stripes.stripeOf(hung)).toList();
            assertThat(tipsSent).as("sent while the call for " + hung + " hangs").containsAll(free)
                    .doesNotContain(hung);

            release.countDown();
            stuck.join();
            engine.runDue(); // what was passed over
            assertThat(tipsSent).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoThreadsRunningDueWorkAtOnceLeaveNothingOfItUndone() throws Exception {
        TestClock clock = new TestClock(T);
        InMemoryContactDirectory contacts = ContactDirectory.inMemory();
        int many = 5_000; // far more contacts than lock stripes, so the two threads meet on stripes
        for (int i = 0; i < many; i++) {
            contacts.put(emailable("c" + i));
        }
        Set<String> tipsSent = ConcurrentHashMap.newKeySet();
        MessageChannel provider = message -> {
            if (message.message().equals("brew-tips")) {
                tipsSent.add(message.contactId());
            }
        };
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", provider)
                .journey(brewBetter()).build()) {
            for (int i = 0; i < many; i++) {
                engine.accept(guideRequested("e-c" + i, "c" + i, T));
            }
            clock.advance(Duration.ofDays(2));
            CountDownLatch start = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                await(start);
                engine.runDue();
            }, "other");
            other.start();
            start.countDown();
            engine.runDue();
            other.join();

            assertThat(tipsSent).as("sent once both calls of runDue returned").hasSize(many);
            assertThat(engine.nextDueAt()).isEmpty();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the hung call");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
