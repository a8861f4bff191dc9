package dev.journeys.core;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {

    @Test
    void idempotencyKeyRoundTripsThroughItsTextEvenWithColonsInTheContactId() {
        IdempotencyKey key = new IdempotencyKey("crm:42", "brew-better", 3, 7, "guide", 11);

        assertThat(key.toString()).isEqualTo("crm:42:brew-better:3:7:guide:11");
        assertThat(IdempotencyKey.parse(key.toString())).contains(key);
        assertThat(IdempotencyKey.parse("not-a-key")).isEmpty();
        assertThat(IdempotencyKey.parse("a:b:x:1:s:1")).isEmpty();
    }

    @Test
    void anInstanceTimerSaysWhatItsTimeHolds() {
        long t = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        JourneyInstance waiting = new JourneyInstance("welcome", 1, 1, "wait", t, t, t + 60_000, 1, 0);

        JourneyInstance paused = waiting.paused(t + 20_000);
        assertThat(paused.timer()).isEqualTo(JourneyInstance.Timer.PAUSED);
        assertThat(paused.pausedRemaining()).contains(java.time.Duration.ofSeconds(40));
        assertThat(paused.dueAt()).isEmpty();
        assertThat(paused.paused(t + 50_000)).as("pausing again keeps what was left").isEqualTo(paused);
        assertThat(paused.resumed(t + 100_000).dueAt()).contains(Instant.ofEpochMilli(t + 140_000));

        JourneyInstance held = waiting.held();
        assertThat(held.isDueBy(Long.MAX_VALUE)).isFalse();
        assertThat(held.paused(t).pausedRemaining()).as("a held wait has ended").contains(java.time.Duration.ZERO);
        JourneyInstance untimed = waiting.withWait("wait", t, JourneyInstance.Timer.NONE, 0, 1);
        assertThat(untimed.paused(t).timer()).isEqualTo(JourneyInstance.Timer.PAUSED_WITHOUT_TIMER);
        assertThat(untimed.paused(t).resumed(t + 1).timer()).isEqualTo(JourneyInstance.Timer.NONE);

        JourneyInstance parked = waiting.parked("a condition failed", t);
        assertThat(parked.isDueBy(t + 60_000)).isFalse();
        assertThat(parked.unparked().isDueBy(t + 60_000)).isTrue();
        ContactState state = new ContactState("ana", 1, List.of(parked, held), List.of(), List.of(), List.of(), List.of());
        assertThat(state.nextDueAtMillis()).isEmpty();
        assertThat(state.hasWorkDueBy(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aTimeATimerCannotHoldIsRefusedByName() {
        assertThatThrownBy(() -> new JourneyInstance("welcome", 1, 2, "wait", 0, 0, JourneyInstance.Timer.NONE,
                Long.MAX_VALUE, 1, 0, Attributes.empty(), java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance #2 of journey 'welcome': timer NONE cannot hold 9223372036854775807 ms");
        assertThatThrownBy(() -> new JourneyInstance("welcome", 1, 2, "wait", 0, 0, JourneyInstance.Timer.PAUSED,
                -1, 1, 0, Attributes.empty(), java.util.Optional.empty()))
                .hasMessageContaining("timer PAUSED cannot hold -1 ms");
    }

    @Test
    void anOutboxEntryHeldByAPauseHasNoTime() {
        IdempotencyKey key = new IdempotencyKey("ana", "welcome", 1, 1, "guide", 1);
        OutboxEntry entry = OutboxEntry.of(new OutgoingMessage(key, "email", "guide", "marketing", Attributes.empty(),
                Instant.parse("2026-03-02T09:00:00Z")));

        OutboxEntry held = entry.heldBy(OutboxEntry.Hold.JOURNEY_PAUSED);
        assertThat(held.isDueBy(Long.MAX_VALUE)).isFalse();
        assertThat(held.dueAt(5).isDueBy(5)).isTrue();
        assertThatThrownBy(() -> new OutboxEntry(entry.effect(), 0, OutboxEntry.Hold.INSTANCE_PAUSED, 5,
                java.util.Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an entry held by INSTANCE_PAUSED has no time to be dispatched, was given 5");
    }

    @Test
    void aHistoryRecordThatALiveInstanceImpliesIsNotKeptButStillRead() {
        long t = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        JourneyInstance waiting = new JourneyInstance("welcome", 1, 1, "wait", t, t, t + 1_000, 1, 0);
        JourneyHistory entered = new JourneyHistory("welcome", 1, t);
        JourneyHistory other = new JourneyHistory("other", 2, t - 5, OptionalLong.of(t - 1), OptionalLong.empty());

        ContactState state = new ContactState("ana", 1, List.of(waiting), List.of(other, entered), List.of(),
                List.of(), List.of());

        assertThat(state.history()).containsExactly(other, entered);
        assertThat(state.historyOf("welcome")).contains(entered);
        assertThat(state.historyOf("other")).contains(other);
        assertThat(state.historyOf("never")).isEmpty();
        assertThat(state).isEqualTo(new ContactState("ana", 1, List.of(waiting), List.of(other), List.of(), List.of(),
                List.of()));
        assertThat(state.withOutbox(List.of()).historyOf("welcome")).contains(entered);
    }

    @Test
    void aHistoryRecordThatSaysMoreThanTheInstanceIsKept() {
        long t = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        JourneyInstance admitted = new JourneyInstance("welcome", 1, 2, "wait", t + 60_000, t + 60_000, t + 1_000, 1, 0);
        JourneyInstance older = new JourneyInstance("welcome", 1, 1, "wait", t - 9, t - 9, t + 1_000, 1, 0);
        JourneyHistory queuedAt = new JourneyHistory("welcome", 2, t); // entered the queue earlier
        JourneyHistory leftBefore = new JourneyHistory("welcome", 2, t + 60_000, OptionalLong.of(t + 30_000), OptionalLong.empty());
        JourneyHistory byOccurrence = new JourneyHistory("welcome", 2, t + 60_000, OptionalLong.empty(), OptionalLong.of(t));
        JourneyHistory newest = new JourneyHistory("welcome", 2, t + 60_000);

        for (JourneyHistory kept : List.of(queuedAt, leftBefore, byOccurrence)) {
            ContactState state = new ContactState("ana", 1, List.of(older, admitted), List.of(kept), List.of(),
                    List.of(), List.of());
            assertThat(state.historyOf("welcome")).contains(kept);
            assertThat(state.history()).containsExactly(kept);
        }
        ContactState parallel = new ContactState("ana", 1, List.of(older, admitted), List.of(newest), List.of(),
                List.of(), List.of());
        assertThat(parallel).isEqualTo(new ContactState("ana", 1, List.of(older, admitted), List.of(), List.of(),
                List.of(), List.of()));
        assertThat(parallel.history()).containsExactly(newest); // implied by the newest instance
    }

    @Test
    void idsRejectWhiteSpaceAndColons() {
        assertThatThrownBy(() -> new Step.Exit("bad id", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("step id must start with a letter or digit and hold no white space and no ':', was 'bad id'");
        assertThatThrownBy(() -> new Step.Exit("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Step.Exit("clicked?", "x").id()).isEqualTo("clicked?");
    }

    @Test
    void operatorsCompareNumbersByValueWhateverTheirType() {
        assertThat(Operator.EQUAL.test(3, 3L)).isTrue();
        assertThat(Operator.EQUAL.test(3.0, new BigDecimal("3.00"))).isTrue();
        assertThat(Operator.GREATER_OR_EQUAL.test(1500L, 1000)).isTrue();
        assertThat(Operator.LESS.test("a", "b")).isTrue();
        assertThat(Operator.GREATER.test("10", 2)).isFalse();
        assertThat(Operator.NOT_EQUAL.test(null, "x")).isTrue();
        assertThat(Operator.IN.test("TX", List.of("CA", "TX"))).isTrue();
        assertThat(Operator.CONTAINS.test(List.of("beans", "grinder"), "grinder")).isTrue();
        assertThat(Operator.EXISTS.test(null, true)).isFalse();
    }

    @Test
    void attributesRejectUnsupportedValuesNamingTheAttribute() {
        assertThatThrownBy(() -> Attributes.of("when", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("attribute 'when' has a value of unsupported type java.lang.Object");
        assertThatThrownBy(() -> Attributes.of("odd")).hasMessageContaining("odd count: 1");
        assertThat(Attributes.of("n", 2).number("n")).contains(BigDecimal.valueOf(2));
        assertThat(Attributes.of("n", 2).string("n")).isEmpty();
    }

    @Test
    void timeOfDayWaitFollowsTheDocumentedRuleInDaylightSavingGapsAndOverlaps() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        // 2026-03-08 02:30 does not exist in Chicago (clocks jump 02:00 -> 03:00): the wait ends at 03:30 CDT.
        Delay gap = new Delay.UntilTimeOfDay(LocalTime.of(2, 30));
        assertThat(gap.endsAt(Instant.parse("2026-03-08T06:00:00Z"), chicago))
                .isEqualTo(Instant.parse("2026-03-08T08:30:00Z"));
        // 2026-11-01 01:30 happens twice in Chicago: the wait ends at the earlier, 01:30 CDT (06:30Z).
        Delay overlap = new Delay.UntilTimeOfDay(LocalTime.of(1, 30));
        assertThat(overlap.endsAt(Instant.parse("2026-11-01T05:00:00Z"), chicago))
                .isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
        // Already past today: tomorrow.
        assertThat(overlap.endsAt(Instant.parse("2026-11-02T12:00:00Z"), chicago))
                .isEqualTo(Instant.parse("2026-11-03T07:30:00Z"));
    }

    @Test
    void conditionsPrintReadably() {
        Condition condition = Condition.clicked("guide", "shop-grinders")
                .and(Condition.not(Condition.attribute("state").isEqualTo("TX")));

        assertThat(condition).hasToString("(clicked link 'shop-grinders' in 'guide') and (not (state == 'TX'))");
        assertThat(Trigger.on("form.submitted").where(Condition.payload("form").isEqualTo("x")))
                .hasToString("'form.submitted' where event.form == 'x'");
    }

    @Test
    void retryPolicyDoublesItsBackoffAndStopsAfterTheLastAttempt() {
        RetryPolicy policy = RetryPolicy.of(3, java.time.Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(policy.retryAt(1, now)).contains(now.plusSeconds(60));
        assertThat(policy.retryAt(2, now)).contains(now.plusSeconds(120));
        assertThat(policy.retryAt(3, now)).isEmpty();
        assertThatThrownBy(() -> RetryPolicy.of(0, java.time.Duration.ofMinutes(1)))
                .hasMessage("maxAttempts must be at least 1, was 0");
    }
}
