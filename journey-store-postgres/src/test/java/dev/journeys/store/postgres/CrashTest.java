package dev.journeys.store.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.journeys.store.postgres.NodeCluster.CONTACTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three engine nodes, each a JVM of its own, share one PostgreSQL database and run a three-message
 * journey ({@link CrashRig#journey()}) for {@value NodeCluster#CONTACTS} contacts under a virtual
 * clock kept in the database (ten times faster than real time). The contacts enter at one instant, so each wait ends for all of them
 * at once and a node claims a batch of them. While the first timers fire, the node sending is
 * killed ({@code kill -KILL}); while the second fire, the node then sending is stopped
 * ({@code kill -STOP}) and left stopped, far past its lease, until the third node has finished
 * every contact, taking over what the other two held; then it is continued ({@code kill -CONT})
 * and runs on with the stale claims it held.
 *
 * <p>Then: the third node finished every contact while the second was stopped, taking over its
 * claims and the sends it held; every timer fired and every message was sent (none lost), a channel that honours
 * idempotency keys delivered each message once, and one that does not saw at most one duplicate
 * per crash. The figures are printed and written to {@code target/crash/figures.txt}; the nodes'
 * logs are beside them.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "stops and continues processes with kill signals")
class CrashTest {

    private static final int CRASHES = 2;
    private static final Duration PAUSE_JUMP = Duration.ofMinutes(5); // the clock's jump when a node is stopped
    private static final Duration AFTER_CONTINUE = Duration.ofSeconds(2); // real time a continued node runs

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void nodesKilledOrPausedMidRunLoseNoTimerOrEffectAndDeliverEachMessageOnce() throws Exception {
        StringBuilder story = new StringBuilder();
        CrashFigures figures;
        try (NodeCluster cluster = new NodeCluster(DATABASE, Path.of("target", "crash"))) {
            cluster.start("node-a", "node-b", "node-c");
            cluster.signUpEveryone(); // at one instant: every contact's timers are then due together
            cluster.startClock();

            cluster.await("the first timers to fire", () -> cluster.sent("tips") >= CONTACTS / 10);
            String killed = cluster.lastSender(); // working through the due contacts it claimed
            cluster.signal("KILL", killed);
            story.append(killed).append(" killed (kill -KILL) while sending tips, ").append(cluster.sent("tips"))
                    .append(" of ").append(CONTACTS).append(" sent\n");

            cluster.await("the second timers to fire", () -> cluster.sent("offer") >= CONTACTS / 10);
            String paused = cluster.lastSender();
            cluster.signal("STOP", paused);
            long offersBefore = cluster.sent("offer");
            cluster.moveClock(PAUSE_JUMP);
            // it stays stopped until the third node finished everything: what it claimed must be taken over
            boolean finished = cluster.awaitEveryoneFinished();
            cluster.signal("CONT", paused);
            Thread.sleep(AFTER_CONTINUE.toMillis()); // it goes on with the work it held, its claims stale
            story.append(paused).append(" stopped (kill -STOP) while sending offers, ").append(offersBefore)
                    .append(" of ").append(CONTACTS).append(" sent; the clock jumped ").append(PAUSE_JUMP.toMinutes())
                    .append(" minutes (the lease is ").append(CrashRig.LEASE.toSeconds()).append(" s); continued (kill -CONT) ")
                    .append(finished ? "once every contact had finished the journey"
                            : "after waiting " + NodeCluster.PATIENCE.toSeconds() + " s in vain for every contact to finish");
            cluster.stopRunningNodes();
            figures = cluster.figures(CRASHES, story.toString());
            assertThat(finished).as("the third node finished every contact while the second was stopped").isTrue();
            assertThat(cluster.count("SELECT count(*) FROM crash_inbox")).as("events left in the inbox").isZero();
        }

        assertThat(figures.timersLost()).as("timers lost").isZero();
        assertThat(figures.effectsLost()).as("effects lost").isZero();
        assertThat(figures.unfinishedContacts()).as("contacts with work left").isZero();
        assertThat(figures.duplicatesWithKeys()).as("duplicates through a channel that honours keys").isZero();
        assertThat(figures.duplicatesWithoutKeys()).as("duplicates through a channel that ignores keys")
                .isLessThanOrEqualTo(CRASHES);
    }
}
