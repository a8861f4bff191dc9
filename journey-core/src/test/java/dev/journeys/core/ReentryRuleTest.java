package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.emailable;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReentryRuleTest {

    /** Entered by 'go', waits six hours, sends, ends; 'stop' ends it early. */
    private static JourneyDefinition journey(ReentryRule rule) {
        return new JourneyDefinition("re", 1, "re", new Entry.OnEvent(Trigger.on("go")), "wait",
                List.of(waitFor("wait", Duration.ofHours(6), to("hello")), email("hello", "hello", Optional.empty())),
                List.of(Trigger.on("stop")), Optional.empty(), JourneyPolicies.defaults().withReentry(rule));
    }

    private static List<JourneyEvent> run(ReentryRule rule, List<Integer> minutes, List<Boolean> stops) {
        TestClock clock = new TestClock(T);
        List<JourneyEvent> events = new ArrayList<>();
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock)
                .contacts(ContactDirectory.inMemory().put(emailable("ana")))
                .listener(events::add).journey(journey(rule)).build()) {
            Instant at = T;
            for (int i = 0; i < minutes.size(); i++) {
                Instant next = T.plus(Duration.ofMinutes(minutes.get(i)));
                while (engine.nextDueAt().filter(due -> !due.isAfter(next)).isPresent()) {
                    Instant due = engine.nextDueAt().get();
                    clock.advance(Duration.between(clock.instant(), due));
                    engine.runDue();
                }
                clock.advance(Duration.between(clock.instant(), next));
                engine.accept(Event.of("e" + i, stops.get(i) ? "stop" : "go", "ana", next));
            }
        }
        return events;
    }

    @Test
    void eachModeLetsTheRightEntriesIn() {
        List<Integer> minutes = List.of(0, 60, 400, 500, 2000);
        List<Boolean> noStops = List.of(false, false, false, false, false);

        assertThat(entries(run(ReentryRule.never(), minutes, noStops))).containsExactly(0L);
        assertThat(entries(run(ReentryRule.afterExit(), minutes, noStops))).containsExactly(0L, 400L, 2000L);
        assertThat(entries(run(ReentryRule.always(), minutes, noStops))).containsExactly(0L, 60L, 400L, 500L, 2000L);
        assertThat(entries(run(ReentryRule.always().withMaxEntries(2), minutes, noStops))).containsExactly(0L, 60L);
        assertThat(entries(run(ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24)), minutes, noStops)))
                .containsExactly(0L, 2000L);
        assertThat(entries(run(ReentryRule.always().withCoolDownSinceExit(Duration.ofMinutes(200)), minutes, noStops)))
                .containsExactly(0L, 60L, 2000L);
    }

    @Test
    void aDeclinedEntrySaysWhichPartOfTheRuleRefusedIt() {
        List<JourneyEvent> events = run(ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24)),
                List.of(0, 30, 400), List.of(false, false, false));

        assertThat(events).filteredOn(JourneyEvent.EntryDeclined.class::isInstance)
                .extracting(e -> ((JourneyEvent.EntryDeclined) e).detail()).containsExactly(
                        "already in the journey; re-entry only after the instance ends",
                        "cool-down of PT24H since the last entry at 2026-03-02T09:00:00Z has not passed");
    }

    @Test
    void badRulesAreRejectedWithTheValueNamed() {
        assertThatThrownBy(() -> ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(-1)))
                .hasMessage("re-entry cool-down must not be negative, was PT-1H");
        assertThatThrownBy(() -> ReentryRule.always().withMaxEntries(0))
                .hasMessage("re-entry maxEntries must be at least 1, was 0");
    }

    private static List<Long> entries(List<JourneyEvent> events) {
        return events.stream().filter(JourneyEvent.Entered.class::isInstance)
                .map(e -> Duration.between(T, e.at()).toMinutes()).toList();
    }

    @Provide
    Arbitrary<ReentryRule> rules() {
        Arbitrary<ReentryRule> base = Arbitraries.of(ReentryRule.never(), ReentryRule.afterExit(), ReentryRule.always());
        return base.flatMap(rule -> Arbitraries.integers().between(0, 3).flatMap(variant -> Arbitraries.integers()
                .between(1, 600).map(minutes -> switch (variant) {
                    case 0 -> rule;
                    case 1 -> rule.withCoolDownSinceEntry(Duration.ofMinutes(minutes));
                    case 2 -> rule.withCoolDownSinceExit(Duration.ofMinutes(minutes));
                    default -> rule.withMaxEntries(1 + minutes % 3);
                })));
    }

    @Provide
    Arbitrary<List<Integer>> minutes() {
        return Arbitraries.integers().between(0, 3000).list().ofMinSize(1).ofMaxSize(12)
                .map(list -> list.stream().sorted().toList());
    }

    @Property(tries = 300, seed = "42")
    void reEntryNeverViolatesItsRule(@ForAll("rules") ReentryRule rule, @ForAll("minutes") List<Integer> minutes,
                                     @ForAll("stopFlags") List<Boolean> stopFlags) {
        List<Boolean> stops = new ArrayList<>();
        for (int i = 0; i < minutes.size(); i++) {
            stops.add(i > 0 && stopFlags.get(i % stopFlags.size()));
        }
        List<JourneyEvent> events = run(rule, minutes, stops);

        List<JourneyEvent.Entered> entered = events.stream().filter(JourneyEvent.Entered.class::isInstance)
                .map(JourneyEvent.Entered.class::cast).toList();
        List<JourneyEvent.Exited> exited = events.stream().filter(JourneyEvent.Exited.class::isInstance)
                .map(JourneyEvent.Exited.class::cast).toList();
        Statistics.collect(rule.mode(), entered.size() > 1 ? "re-entered" : "entered once or never",
                events.stream().anyMatch(JourneyEvent.EntryDeclined.class::isInstance) ? "declined" : "none declined");

        assertThat(entered.size()).isLessThanOrEqualTo(rule.maxEntries());
        if (rule.mode() == ReentryRule.Mode.NEVER) {
            assertThat(entered).hasSizeLessThanOrEqualTo(1);
        }
        for (int i = 1; i < entered.size(); i++) {
            Instant entry = entered.get(i).at();
            Instant previousEntry = entered.get(i - 1).at();
            List<Instant> exitsBefore = exited.stream().map(JourneyEvent::at).filter(at -> !at.isAfter(entry)).toList();
            if (rule.mode() == ReentryRule.Mode.AFTER_EXIT) {
                assertThat(exitsBefore).as("an exit before entry %d", i).hasSizeGreaterThanOrEqualTo(i);
            }
            if (rule.coolDownFrom() == ReentryRule.CoolDownFrom.ENTRY) {
                assertThat(entry).isAfterOrEqualTo(previousEntry.plus(rule.coolDown()));
            } else if (!exitsBefore.isEmpty()) {
                assertThat(entry).isAfterOrEqualTo(exitsBefore.get(exitsBefore.size() - 1).plus(rule.coolDown()));
            }
        }
    }

    @Provide
    Arbitrary<List<Boolean>> stopFlags() {
        return Arbitraries.of(true, false, false).list().ofMinSize(1).ofMaxSize(5);
    }
}
