package dev.journeys.core.engine;

import dev.journeys.core.Attributes;
import dev.journeys.core.ContactState;
import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.OutboxEntry;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.ConcurrentUpdateException;
import dev.journeys.core.spi.JourneyStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What one engine writes about the entries it dispatches lands only on entries still as it holds
 * them, whatever another engine saved meanwhile.
 */
class HeldOutboxTest {

    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    private final JourneyStore store = JourneyStore.inMemory();

    @Test
    void outcomesAreWrittenOnTheNewerStateOnlyToEntriesStillAsHeld() {
        OutboxEntry a = entry("a");
        OutboxEntry b = entry("b");
        OutboxEntry c = entry("c");
        ContactState mine = save(ContactState.empty("ana").withOutbox(List.of(a, b)));
        HeldOutbox outbox = new HeldOutbox(store, mine);
        // another engine: claims b again once its hold ran out, and decides c
        OutboxEntry bClaimedThere = b.dueAt(T.plusSeconds(120).toEpochMilli());
        save(mine.withOutbox(List.of(a, bClaimedThere, c)));

        outbox.settle(key("a"), Optional.empty()); // sent here
        outbox.settle(key("b"), Optional.of(b.withFailure("refused", T.plusSeconds(60)))); // failed here
        ContactState written = outbox.writeOutcomes(3);

        assertThat(written.outbox()).containsExactly(bClaimedThere, c);
        assertThat(store.load("ana").orElseThrow()).isEqualTo(written);
    }

    @Test
    void theConfirmationBeforeACallFailsOnANewerStateAndTheEntryIsNoLongerHeldIfThatStateTookIt() {
        OutboxEntry a = entry("a");
        ContactState mine = save(ContactState.empty("ana").withOutbox(List.of(a)));
        HeldOutbox outbox = new HeldOutbox(store, mine);
        save(mine.withOutbox(List.of())); // another engine's exit cancelled it

        assertThatThrownBy(() -> outbox.writeCalling(a)).isInstanceOfSatisfying(ConcurrentUpdateException.class,
                outbox::reload);

        assertThat(outbox.stillHeld(key("a"))).isEmpty();
    }

    @Test
    void theConfirmationMarksTheEntryAsCalledSoAnotherEngineSeesTheCallUnderWay() {
        OutboxEntry a = OutboxEntry.decided(message("a"));
        HeldOutbox outbox = new HeldOutbox(store, save(ContactState.empty("ana").withOutbox(List.of(a))));

        outbox.writeCalling(a);

        OutboxEntry stored = store.load("ana").orElseThrow().outbox().get(0);
        assertThat(stored.calling()).isTrue();
        assertThat(stored.callUnderWayAt(T.toEpochMilli())).isTrue();
        assertThat(stored.callUnderWayAt(a.nextAttemptAtMillis())).as("not once the hold ran out").isFalse();
        assertThat(outbox.stillHeld(key("a"))).contains(stored);
    }

    private ContactState save(ContactState state) {
        store.save(state);
        return state;
    }

    private static IdempotencyKey key(String step) {
        return new IdempotencyKey("ana", "j", 1, 1, step, 1);
    }

    private static OutgoingMessage message(String step) {
        return new OutgoingMessage(key(step), "email", step, "marketing", Attributes.empty(), T);
    }

    private static OutboxEntry entry(String step) {
        return OutboxEntry.of(message(step));
    }
}
