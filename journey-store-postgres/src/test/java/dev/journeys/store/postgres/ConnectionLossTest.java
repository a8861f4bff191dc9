package dev.journeys.store.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engine nodes, each a JVM of its own, run the crash tests' journey on one PostgreSQL database
 * while the server cuts one of their busy connections (running a statement, or in a transaction)
 * every {@value #CUT_EVERY_MILLIS} ms ({@code pg_terminate_backend}): the statement in flight
 * fails, its transaction is rolled back or its outcome is unknown to the node. The nodes keep serving the other work; a contact whose work
 * failed stays due and is worked on again. Every message is still sent, each once through a
 * channel that honours idempotency keys; a channel that ignores keys sees at most one duplicate per
 * connection cut in a write (a send whose recording save was cut goes again after its lease). Figures in
 * {@code target/connection-loss/figures.txt}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs its nodes with a POSIX shell's kill at hand, as CrashTest")
class ConnectionLossTest {

    private static final long CUT_EVERY_MILLIS = 200;
    /** A save, a channel's insert, or a commit: where a cut may cost a duplicate (the call made, its record lost). */
    private static final Pattern WRITE = Pattern.compile("(?i)^\\s*(update|insert|commit)\\b");

    @RegisterExtension
    static final EmbeddedDatabase DATABASE = new EmbeddedDatabase();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void connectionsCutMidRunLoseNoTimerOrEffect() throws Exception {
        AtomicLong cuts = new AtomicLong();
        AtomicLong cutsInWrites = new AtomicLong();
        CrashFigures figures;
        ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor();
        try (NodeCluster cluster = new NodeCluster(DATABASE, Path.of("target", "connection-loss"))) {
            cluster.start("node-a", "node-b");
            cutter.scheduleAtFixedRate(() -> cluster.cutBusyConnection("node-%").ifPresent(query -> {
                cuts.incrementAndGet();
                if (WRITE.matcher(query).find()) {
                    cutsInWrites.incrementAndGet();
                }
            }), CUT_EVERY_MILLIS, CUT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            cluster.startClock(); // before the sign-ups: a first message whose save was cut goes after its lease
            cluster.signUpEveryone();
            boolean finished = cluster.awaitEveryoneFinished();
            cutter.shutdownNow();
            cutter.awaitTermination(10, TimeUnit.SECONDS);
            cluster.stopRunningNodes();
            figures = cluster.figures((int) cutsInWrites.get(), cuts.get() + " connections cut, one every "
                    + CUT_EVERY_MILLIS + " ms, " + cutsInWrites.get() + " of them in a save, a channel's insert or a commit"
                    + " (the faults counted below); " + (finished ? "every contact finished the journey"
                            : "waited " + NodeCluster.PATIENCE.toSeconds() + " s in vain for every contact to finish"));
            assertThat(cluster.count("SELECT count(*) FROM crash_inbox")).as("events left in the inbox").isZero();
        } finally {
            cutter.shutdownNow();
        }

        assertThat(cuts.get()).as("connections cut").isPositive();
        assertThat(figures.timersLost()).as("timers lost").isZero();
        assertThat(figures.effectsLost()).as("effects lost").isZero();
        assertThat(figures.unfinishedContacts()).as("contacts with work left").isZero();
        assertThat(figures.duplicatesWithKeys()).as("duplicates through a channel that honours keys").isZero();
        assertThat(figures.duplicatesWithoutKeys()).as("duplicates through a channel that ignores keys")
                .isLessThanOrEqualTo(cutsInWrites.get());
    }
}
