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
 * clock kept in the database (ten times faster than real time). The contacts enter at one instant,
 * so each wait ends for all of them at once and a node claims a batch of them. When the first
 * timers fall due, the first node to claim them stalls right after its claim, before it saves
 * anything, and is killed there ({@code kill -KILL}): its claims are left to run out. While the
 * second timers fire, the node then sending is stopped ({@code kill -STOP}) and left stopped, far
 * past its lease, until the third node has finished every contact, taking over the sends it held;
 * then it is continued ({@code kill -CONT}) and runs on with the stale holds it had.
 *
 * <p>Then: the contacts the killed node had claimed were claimed again once its lease ran out (the
 * take-over {@link PostgresJourneyStore#claimsTakenOver()} counts, at least one per contact it held);
 * the third node finished every contact while the second was stopped; every timer fired and every
 * message was sent (none lost), a channel that honours idempotency keys delivered each message
 * once, and one that does not saw at most one duplicate per crash. The figures are printed and
 * written to {@code target/crash/figures.txt}; the nodes' logs are beside them.
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
        int claimsHeldByKilled;
        try (NodeCluster cluster = new NodeCluster(DATABASE, Path.of("target", "crash"))) {
            cluster.startStallingOnClaim("node-a", "node-b", "node-c");
            cluster.signUpEveryone(); // at one instant: every contact's timers are then due together
            cluster.armClaimStall(); // nothing is due until the first timers: they are what the stalled node claims
            cluster.startClock();

            NodeCluster.StalledNode killed = cluster.awaitClaimStall();
            long claimedAtKill = cluster.contactsClaimed();
            cluster.signal("KILL", killed.name());
            claimsHeldByKilled = killed.contactsClaimed();
            story.append(killed.name()).append(" killed (kill -KILL) right after claiming ").append(killed.contactsClaimed())
                    .append(" due contacts, before saving them (").append(claimedAtKill)
                    .append(" contacts under a live claim then); tips sent ").append(cluster.sent("tips"))
                    .append(" of ").append(CONTACTS).append("\n");
            assertThat(killed.contactsClaimed()).as("contacts the killed node had claimed").isPositive();
            assertThat(claimedAtKill).as("contacts under a live claim when it was killed")
                    .isGreaterThanOrEqualTo(killed.contactsClaimed());

            cluster.await("the second timers to fire", () -> cluster.sent("offer") >= CONTACTS / 10);
            String paused = cluster.lastSender();
            cluster.signal("STOP", paused);
            long offersBefore = cluster.sent("offer");
            cluster.moveClock(PAUSE_JUMP);
            // it stays stopped until the third node finished everything: the sends it held must be taken over
            boolean finished = cluster.awaitEveryoneFinished();
            cluster.signal("CONT", paused);
            Thread.sleep(AFTER_CONTINUE.toMillis()); // it goes on with the work it held, its holds stale
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

        assertThat(figures.claimsTakenOver()).as("claims taken over, once their holder's lease ran out")
                .isGreaterThanOrEqualTo(claimsHeldByKilled).isPositive();
        assertThat(figures.timersLost()).as("timers lost").isZero();
        assertThat(figures.effectsLost()).as("effects lost").isZero();
        assertThat(figures.unfinishedContacts()).as("contacts with work left").isZero();
        assertThat(figures.duplicatesWithKeys()).as("duplicates through a channel that honours keys").isZero();
        assertThat(figures.duplicatesWithoutKeys()).as("duplicates through a channel that ignores keys")
                .isLessThanOrEqualTo(CRASHES);
    }
}
