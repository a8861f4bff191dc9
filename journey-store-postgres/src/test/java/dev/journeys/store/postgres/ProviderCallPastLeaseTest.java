package dev.journeys.store.postgres;

import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Event;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.testkit.VirtualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine A's provider call stalls (its channel waits on a latch the test opens) while the shared
 * virtual clock moves and engine B, on its own {@link PostgresJourneyStore} over the same database,
 * runs its due work. What the dispatch protocol promises: while A's call is within the store's
 * lease, the effect stays A's and B does not send it; once the call has outlived the lease, B
 * takes the hold over and sends it under the same idempotency key (the documented duplicate), A
 * counts the overrun when its call returns, and A's late record neither brings the effect back
 * nor sends anything again; nor does a late failure of A's call while B's is under way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderCallPastLeaseTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration PATIENCE = Duration.ofSeconds(30); // only against a hang; nothing waits it out

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    private DataSource dataSource;

    @BeforeAll
    void migrate() {
        dataSource = DATABASE.dataSource();
        new PostgresSchema(dataSource).migrate();
    }

    /** Each test starts with no contact in the store: none of another test's timers fires in it. */
    @BeforeEach
    void forgetContacts() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM journey_contact");
        }
    }

    @Test
    void aCallStalledWithinTheLeaseStaysItsEnginesAndGoesOutOnce() throws Exception {
        try (Rig rig = new Rig("c-within")) {
            rig.signUpOnAStallingInTheCall();
            OutboxEntry calling = rig.storedHello();
            assertThat(calling.calling()).as("the welcome marked as being called before the call").isTrue();
            assertThat(calling.nextAttemptAtMillis()).as("A's hold ends after the lease")
                    .isEqualTo(START.plus(LEASE).toEpochMilli());

            rig.clock.advance(LEASE.minusMillis(1)); // the last instant of A's hold
            int workedByB = rig.b.runDue();

            assertThat(workedByB).as("contacts B worked on").isZero();
            assertThat(rig.calls).as("calls while A's call is under way").containsExactly("A:" + rig.helloKey());
            assertThat(rig.storedHello()).as("the welcome as A holds it").isEqualTo(calling);

            rig.resumeA();

            assertThat(rig.calls).as("channel calls").containsExactly("A:" + rig.helloKey());
            assertThat(rig.a.stats().messagesSent()).isEqualTo(1);
            assertThat(rig.a.stats().dispatchesOverran()).isZero();
            assertThat(rig.stored().outbox()).as("the outbox after A recorded the send").isEmpty();
        }
    }

    @Test
    void aCallThatOutlivesTheLeaseIsTakenOverSentOnceMoreAndCountedAndItsLateRecordChangesNothing()
            throws Exception {
        try (Rig rig = new Rig("c-past")) {
            rig.signUpOnAStallingInTheCall();
            OutboxEntry heldByA = rig.storedHello();

            Instant atB = rig.clock.advance(LEASE.plusMinutes(1)); // A's call has now outlived its hold
            int workedByB = rig.b.runDue();

            assertThat(workedByB).as("contacts B worked on").isEqualTo(1);
            assertThat(rig.calls).as("calls: A's still under way, then B's with the same key")
                    .containsExactly("A:" + rig.helloKey(), "B:" + rig.helloKey());
            // B sent under a hold of its own: it claimed the entry when A's ran out, with a new end (the token)
            OutboxEntry heldByB = rig.seenByB.get();
            assertThat(heldByB.calling()).as("B marked the welcome as being called before its call").isTrue();
            assertThat(heldByB.nextAttemptAtMillis()).as("B's hold, replacing A's")
                    .isEqualTo(atB.plus(LEASE).toEpochMilli())
                    .isNotEqualTo(heldByA.nextAttemptAtMillis());
            assertThat(rig.b.stats().messagesSent()).isEqualTo(1);
            ContactState afterB = rig.stored();
            assertThat(afterB.outbox()).as("the outbox once B recorded its send").isEmpty();

            rig.resumeA();

            assertThat(rig.a.stats().dispatchesOverran()).as("A's calls that outlived their hold").isEqualTo(1);
            assertThat(rig.calls).as("channel calls").containsExactly("A:" + rig.helloKey(), "B:" + rig.helloKey());
            ContactState afterA = rig.stored();
            assertThat(afterA.outbox()).as("the outbox after A's late record").isEmpty();
            assertThat(afterA.instances()).as("the journey goes on, waiting for the tips")
                    .isEqualTo(afterB.instances());

            rig.clock.advance(Duration.ofDays(3)); // past the wait: the tips, once, and nothing else
            assertThat(rig.a.runDue() + rig.b.runDue()).as("contacts worked on").isEqualTo(1);
            assertThat(rig.calls).filteredOn(call -> !call.endsWith(rig.helloKey())).hasSize(1);
            assertThat(rig.calls).hasSize(3);
            assertThat(rig.stored().outbox()).isEmpty();
            assertThat(rig.stored().instances()).isEmpty();
        }
    }

    @Test
    void aLateFailureOfTheFirstCallDoesNotPutBackTheEffectTheSecondEngineHolds() throws Exception {
        try (Rig rig = new Rig("c-late-failure", true, true)) {
            rig.signUpOnAStallingInTheCall();
            rig.clock.advance(LEASE.plusMinutes(1));
            rig.runDueOnBStallingInTheCall(); // B took the hold over and is in its own call

            rig.resumeA(); // A's call fails, after its hold ended: a failure to record only on an entry A still holds

            assertThat(rig.storedHello()).as("the welcome as B holds it, untouched by A's failure")
                    .isEqualTo(rig.seenByB.get());
            rig.resumeB();

            assertThat(rig.calls).as("channel calls").containsExactly("A:" + rig.helloKey(), "B:" + rig.helloKey());
            assertThat(rig.stored().outbox()).as("the outbox once B recorded its send").isEmpty();
            rig.clock.advance(Duration.ofDays(3)); // past every retry of A's failure, and the wait
            rig.a.runDue();
            rig.b.runDue();
            assertThat(rig.calls).as("channel calls: the welcome twice, the tips once").hasSize(3)
                    .filteredOn(call -> call.endsWith(rig.helloKey())).hasSize(2);
            assertThat(rig.stored().outbox()).isEmpty();
        }
    }

    /**
     * A provider call that fails after outliving its hold may still have delivered (a timeout
     * after the provider accepted it), and another engine may have sent the effect meanwhile, so
     * the dispatch protocol counts it as overrun like one that succeeds late.
     */
    @Test
    void aFailedCallThatOutlivedItsHoldIsCountedAsOverrun() throws Exception {
        try (Rig rig = new Rig("c-late-failure-counted", true, true)) {
            rig.signUpOnAStallingInTheCall();
            rig.clock.advance(LEASE.plusMinutes(1));
            rig.runDueOnBStallingInTheCall();

            rig.resumeA();
            rig.resumeB();

            assertThat(rig.a.stats().dispatchesOverran()).as("A's calls that outlived their hold").isEqualTo(1);
        }
    }

    /**
     * Two engines on one database, each with a store of its own, under one virtual clock, and a
     * contact whose sign-up engine A accepts; A's channel stalls in its first call (the welcome).
     */
    private final class Rig implements AutoCloseable {
        final VirtualClock clock = VirtualClock.at(START);
        final String contactId;
        final PostgresJourneyStore storeOfA = new PostgresJourneyStore(dataSource, clock, LEASE);
        final PostgresJourneyStore storeOfB = new PostgresJourneyStore(dataSource, clock, LEASE);
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicReference<OutboxEntry> seenByB = new AtomicReference<>();
        final CountDownLatch aInCall = new CountDownLatch(1);
        final CountDownLatch aResumed = new CountDownLatch(1);
        final AtomicReference<String> helloKey = new AtomicReference<>();
        final AtomicReference<Object> signUp = new AtomicReference<>(); // A's Acceptance, or what it threw
        final CountDownLatch bInCall = new CountDownLatch(1);
        final CountDownLatch bResumed = new CountDownLatch(1);
        /** Whether A's stalled call of the welcome fails when it returns (a provider's timeout). */
        private final boolean aFails;
        /** Whether B's calls stall too, until {@link #resumeB()}. */
        private final boolean bStalls;
        final JourneyEngine a;
        final JourneyEngine b;
        private Thread threadOfA;
        private Thread threadOfB;

        Rig(String contactId) {
            this(contactId, false, false);
        }

        Rig(String contactId, boolean aFails, boolean bStalls) {
            this.contactId = contactId;
            this.aFails = aFails;
            this.bStalls = bStalls;
            InMemoryContactDirectory contacts = ContactDirectory.inMemory();
            contacts.put(Contact.of(contactId).withConsent("email"));
            a = engine(storeOfA, contacts, message -> {
                calls.add("A:" + message.key());
                if (!helloKey.compareAndSet(null, message.key().toString())) {
                    return; // only the welcome's call stalls
                }
                aInCall.countDown();
                await(aResumed, "the test to let A's provider call return");
                if (this.aFails) {
                    throw new IllegalStateException("the provider timed out (on purpose)");
                }
            });
            b = engine(storeOfB, contacts, message -> {
                if (seenByB.get() == null) {
                    seenByB.set(hello(storeOfB.load(contactId).orElseThrow()));
                }
                calls.add("B:" + message.key());
                bInCall.countDown();
                if (this.bStalls) {
                    await(bResumed, "the test to let B's provider call return");
                }
            });
        }

        /** Has A accept the sign-up on a thread of its own, and waits until A is in the welcome's call. */
        void signUpOnAStallingInTheCall() {
            threadOfA = new Thread(() -> {
                try {
                    signUp.set(a.accept(Event.of("signup-" + contactId, "signed.up", contactId, clock.instant())));
                } catch (RuntimeException | Error failure) {
                    signUp.set(failure);
                }
            }, "engine-A");
            threadOfA.start();
            await(aInCall, "engine A to call the channel");
        }

        /** Lets A's call return and waits until A's accept has. */
        void resumeA() throws InterruptedException {
            aResumed.countDown();
            threadOfA.join(PATIENCE.toMillis());
            assertThat(threadOfA.isAlive()).as("A's accept returned").isFalse();
            assertThat(signUp.get()).as("A's accept").isEqualTo(Acceptance.ACCEPTED);
        }

        /** Has B run its due work on a thread of its own, and waits until B is in a provider call. */
        void runDueOnBStallingInTheCall() {
            threadOfB = new Thread(b::runDue, "engine-B");
            threadOfB.start();
            await(bInCall, "engine B to call the channel");
        }

        /** Lets B's call return and waits until B's run has. */
        void resumeB() throws InterruptedException {
            bResumed.countDown();
            threadOfB.join(PATIENCE.toMillis());
            assertThat(threadOfB.isAlive()).as("B's run returned").isFalse();
        }

        ContactState stored() {
            return storeOfA.load(contactId).orElseThrow();
        }

        OutboxEntry storedHello() {
            return hello(stored());
        }

        /** The welcome's idempotency key, as A's call carried it. */
        String helloKey() {
            return helloKey.get();
        }

        private OutboxEntry hello(ContactState state) {
            assertThat(state.outbox()).as("the outbox of " + contactId).hasSize(1);
            return state.outbox().get(0);
        }

        private JourneyEngine engine(PostgresJourneyStore store, InMemoryContactDirectory contacts,
                                     MessageChannel channel) {
            return JourneyEngine.builder().clock(clock).store(store).contacts(contacts).channel("email", channel)
                    .journey(EmbeddedDatabase.welcome()).build();
        }

        @Override
        public void close() throws InterruptedException {
            aResumed.countDown();
            bResumed.countDown();
            if (threadOfB != null) {
                threadOfB.join(PATIENCE.toMillis());
            }
            if (threadOfA != null) {
                threadOfA.join(PATIENCE.toMillis());
            }
            a.close();
            b.close();
        }
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited " + PATIENCE.toSeconds() + " s in vain for " + what);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, interrupted);
        }
    }
}
