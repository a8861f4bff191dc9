package dev.journeys.core.engine;

import dev.journeys.core.Attributes;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a dispatch is recorded on a newer state another engine saved meanwhile. */
class OutboxReconcileTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void reconcilingKeepsWhatTheOtherEngineDecidedOrChanged() {
        OutboxEntry a = entry("a");
        OutboxEntry b = entry("b");
        OutboxEntry c = entry("c");
        OutboxEntry bLater = b.dueAt(T.plusSeconds(60).toEpochMilli());
        OutboxEntry bElsewhere = b.dueAt(T.plusSeconds(5).toEpochMilli());

        // here: a dispatched, b rescheduled; there: c decided
        assertThat(OutboxDispatcher.reconcile(List.of(a, b), List.of(bLater), List.of(a, b, c)))
                .containsExactly(bLater, c);
        // there: b changed, so the other engine's b stays
        assertThat(OutboxDispatcher.reconcile(List.of(a, b), List.of(bLater), List.of(a, bElsewhere)))
                .containsExactly(bElsewhere);
        // there: a already gone
        assertThat(OutboxDispatcher.reconcile(List.of(a), List.of(), List.of())).isEmpty();
    }

    private static OutboxEntry entry(String step) {
        return OutboxEntry.of(new OutgoingMessage(new IdempotencyKey("ana", "j", 1, 1, step, 1), "email", step,
                "marketing", Attributes.empty(), T));
    }
}
