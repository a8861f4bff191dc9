package dev.journeys.core;

import dev.journeys.core.engine.Acceptance;
import dev.journeys.core.GovernanceRun.Changed;
import dev.journeys.core.GovernanceRun.Delivered;
import dev.journeys.core.GovernanceRun.Processing;
import dev.journeys.core.GovernanceScenario.Delivery;
import dev.journeys.core.GovernanceScenario.Feature;
import dev.journeys.core.GovernanceScenario.Shape;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Governance rules checked on the real engine over generated journeys, contacts and histories
 * ({@link GovernanceScenario}): caps, stops, consent, pausing, quiet hours, re-entry, duplicate
 * events, unsubscribes, suppression, exclusion and entry rate limits, with events delivered in
 * order, shuffled, repeated and from two threads at once ({@link GovernanceRun}).
 *
 * <p>Every property reads only what the engine reports (listener events, what {@code accept}
 * returned, what the directory held when a message went out, and where in a contact's order the
 * engine began work on an event or the run changed the directory), never its internals, and checks
 * invariants rather than exact traces, so the same checks hold for any interleaving of the
 * concurrent deliveries.
 */
class GovernancePropertyTest {

    private static final List<Delivery> ALL = List.of(Delivery.IN_ORDER, Delivery.SHUFFLED, Delivery.CONCURRENT);
    private static final List<Delivery> ONE_THREAD = List.of(Delivery.IN_ORDER, Delivery.SHUFFLED);

    @Provide
    Arbitrary<GovernanceScenario> anyDelivery() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, false, 3, 4, 40, false));
    }

    @Provide
    Arbitrary<GovernanceScenario> flakyAnyDelivery() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, true, 3, 4, 40, false));
    }

    @Provide
    Arbitrary<GovernanceScenario> flakyAcrossClockChanges() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, true, 3, 4, 40, true));
    }

    @Provide
    Arbitrary<GovernanceScenario> reliableAcrossClockChanges() {
        return GovernanceScenario.scenarios(new Shape(ALL, false, false, 3, 4, 40, true));
    }

    @Provide
    Arbitrary<GovernanceScenario> oneThread() {
        return GovernanceScenario.scenarios(new Shape(ONE_THREAD, true, false, 3, 4, 40, false));
    }

    // ---------------------------------------------------------------- 1. frequency caps

    /**
     * For every cap (the engine's over all journeys, a journey's over its own sends), on the
     * channels and categories it counts, no contact has more than its maximum of sends decided
     * in any window {@code (t - window, t]}. Caps count a send when it is decided (README,
     * "Frequency caps"), so the check reads {@link OutgoingMessage#decidedAt()}.
     */
    @Property(tries = 250, seed = "20260301", edgeCases = EdgeCasesMode.NONE)
    void noContactGetsMoreSendsInAnyWindowThanACapAllows(@ForAll("anyDelivery") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        for (Contact contact : scenario.contacts()) {
            List<OutgoingMessage> sent = run.eventsOf(contact.id()).stream()
                    .filter(JourneyEvent.MessageSent.class::isInstance)
                    .map(e -> ((JourneyEvent.MessageSent) e).message()).toList();
            for (FrequencyCap cap : scenario.engineCaps()) {
                assertWithin(cap, "engine cap", sent.stream().filter(m -> counts(scenario, cap, m)).toList());
            }
            for (JourneyDefinition journey : scenario.journeys()) {
                for (FrequencyCap cap : journey.caps()) {
                    assertWithin(cap, "cap of " + journey.id(), sent.stream()
                            .filter(m -> m.key().journeyId().equals(journey.id()) && counts(scenario, cap, m)).toList());
                }
            }
        }

        boolean capped = run.any(JourneyEvent.MessageSkipped.class, s -> s.reason() == SkipReason.CAPPED);
        Statistics.label("cap reached").collect(capped ? "a send was CAPPED" : "no cap reached");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("ops per scenario").collect(scenario.ops().size() / 10 * 10 + "-" + (scenario.ops().size() / 10 * 10 + 9));
        Statistics.label("cap reached").coverage(c -> c.check("a send was CAPPED").percentage(p -> p >= 30));
    }

    /** Names the delivery, and for two threads whether they ever worked for one contact in the same round. */
    private static String delivery(GovernanceScenario scenario, GovernanceRun run) {
        return scenario.delivery() != Delivery.CONCURRENT ? scenario.delivery().toString()
                : run.observed("one contact on both threads") ? "CONCURRENT, one contact on both threads"
                : "CONCURRENT, different contacts only";
    }

    private static boolean counts(GovernanceScenario scenario, FrequencyCap cap, OutgoingMessage message) {
        return cap.counts(message.channel(), scenario.categoryOf(message.key().journeyId(), message.key().stepId()));
    }

    private static void assertWithin(FrequencyCap cap, String which, List<OutgoingMessage> counted) {
        List<OutgoingMessage> byTime = counted.stream().sorted(Comparator.comparing(OutgoingMessage::decidedAt)).toList();
        for (int i = 0; i + cap.maxSends() < byTime.size(); i++) {
            OutgoingMessage first = byTime.get(i);
            OutgoingMessage last = byTime.get(i + cap.maxSends());
            assertThat(Duration.between(first.decidedAt(), last.decidedAt()))
                    .as("%s '%s' let %d sends through within %s: %s", which, cap, cap.maxSends() + 1, cap.window(),
                            byTime.subList(i, i + cap.maxSends() + 1))
                    .isGreaterThanOrEqualTo(cap.window());
        }
    }

    // ---------------------------------------------------------------- 2. stops, consent, pausing

    /**
     * Nothing goes out for an instance after it was stopped (an exit trigger); after it completed,
     * only what it decided before it ended; nothing that was cancelled; no key twice; nothing on
     * a channel the directory says the contact has not consented to when it goes out; and no
     * send is decided while its instance is paused (a paused instance sends nothing, README
     * "Stop, pause and resume"). Whether an effect decided before a pause may be dispatched by a
     * retry during it is a separate property, {@link #aPausedInstanceDispatchesNothingNotEvenARetry}.
     */
    @Property(tries = 250, seed = "20260302", edgeCases = EdgeCasesMode.NONE)
    void nothingGoesOutAfterAStopWithoutConsentOrDecidedWhilePaused(
            @ForAll("flakyAnyDelivery") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        assertThat(run.sentWithoutConsent()).as("sent on a channel without consent at dispatch").isEmpty();
        for (Contact contact : scenario.contacts()) {
            checkStopsAndPauses(run.eventsOf(contact.id()), false);
        }

        boolean cancelledByStop = run.any(JourneyEvent.EffectCancelled.class, c -> c.reason().contains("was stopped"));
        boolean stopMetTimer = run.observed("stop raced a due timer");
        Statistics.label("exit raced a send").collect(cancelledByStop && stopMetTimer ? "both"
                : cancelledByStop ? "a stop cancelled a send in flight (EffectCancelled)"
                : stopMetTimer ? "a stop came at the instant of a due timer" : "no race");
        Statistics.label("consent").collect(
                run.any(JourneyEvent.EffectCancelled.class, c -> c.reason().contains("consent"))
                        ? "revoked while a send was in flight"
                        : run.any(JourneyEvent.MessageSkipped.class, s -> s.reason() == SkipReason.NO_CONSENT)
                        ? "a send was skipped for no consent" : "consent never stopped a send");
        Statistics.label("paused").collect(run.observed("pause while a timer was pending")
                ? "paused while a timer was pending" : "no pause of a waiting instance");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("exit raced a send").coverage(c -> c.checkQuery(v -> !v.get(0).equals("no race"))
                .percentage(p -> p >= 20));
        Statistics.label("paused").coverage(c -> c.check("paused while a timer was pending").percentage(p -> p >= 15));
    }

    /**
     * A paused instance sends nothing (README "Stop, pause and resume", {@link Pausing}): not
     * even a retry of a send it decided before the pause. Checked on a channel that fails some
     * first attempts, so retries fall inside pauses.
     */
    @Property(tries = 120, seed = "20260303", edgeCases = EdgeCasesMode.NONE)
    void aPausedInstanceDispatchesNothingNotEvenARetry(@ForAll("flakyAnyDelivery") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        for (Contact contact : scenario.contacts()) {
            checkStopsAndPauses(run.eventsOf(contact.id()), true);
        }

        Statistics.label("paused").collect(run.observed("pause with a send in flight")
                ? "paused with a send in flight" : "no pause met a send in flight");
        Statistics.label("paused").coverage(c -> c.check("paused with a send in flight").percentage(p -> p >= 5));
    }

    private static void checkStopsAndPauses(List<JourneyEvent> events, boolean noDispatchWhilePaused) {
        Map<InstanceRef, JourneyEvent.Exited> exited = new HashMap<>();
        Map<InstanceRef, Instant> pausedSince = new HashMap<>();
        Map<InstanceRef, List<Instant[]>> pauses = new HashMap<>();
        Set<IdempotencyKey> cancelled = new HashSet<>();
        Set<IdempotencyKey> sent = new HashSet<>();
        for (JourneyEvent event : events) {
            if (event instanceof JourneyEvent.Exited exit) {
                exited.put(exit.instance(), exit);
            } else if (event instanceof JourneyEvent.PauseChanged change) {
                if (change.paused()) {
                    assertThat(pausedSince).as("%s paused twice", change.instance()).doesNotContainKey(change.instance());
                    pausedSince.put(change.instance(), change.at());
                } else {
                    Instant since = pausedSince.remove(change.instance());
                    assertThat(since).as("%s resumed while running", change.instance()).isNotNull();
                    pauses.computeIfAbsent(change.instance(), i -> new ArrayList<>()).add(new Instant[] {since, change.at()});
                }
            } else if (event instanceof JourneyEvent.EffectCancelled cancel) {
                cancelled.add(cancel.effect().key());
            } else if (event instanceof JourneyEvent.MessageSent message) {
                IdempotencyKey key = message.message().key();
                InstanceRef ref = new InstanceRef(key.contactId(), key.journeyId(), key.version(), key.instance());
                Instant decided = message.message().decidedAt();
                assertThat(sent.add(key)).as("%s went out twice", key).isTrue();
                assertThat(cancelled).as("%s went out after it was cancelled", key).doesNotContain(key);
                JourneyEvent.Exited exit = exited.get(ref);
                if (exit != null) {
                    assertThat(exit.cause().isCompletion()).as("%s went out at %s after a stop: %s", key, message.at(), exit)
                            .isTrue();
                    assertThat(decided).as("%s decided after its instance ended: %s", key, exit).isBeforeOrEqualTo(exit.at());
                }
                Instant since = pausedSince.get(ref);
                if (since != null) {
                    assertThat(noDispatchWhilePaused).as("%s (decided at %s) went out at %s while its instance was paused"
                            + " (since %s)", key, decided, message.at(), since).isFalse();
                    assertThat(decided).as("%s decided while paused (since %s)", key, since).isBeforeOrEqualTo(since);
                }
                for (Instant[] pause : pauses.getOrDefault(ref, List.of())) {
                    assertThat(decided.isAfter(pause[0]) && decided.isBefore(pause[1]))
                            .as("%s decided at %s, while paused from %s to %s", key, decided, pause[0], pause[1]).isFalse();
                }
            }
        }
    }

    // ---------------------------------------------------------------- 3. quiet hours

    /**
     * No message goes out inside the quiet hours (the journey's own, else the engine's) of the
     * contact's zone, most contacts living in a zone whose clock changes during the run; a held
     * send was inside them when held, is held to an instant outside them (or to an end that a
     * daylight-saving gap moved forward) and no longer than the maximum deferral; a send skipped
     * for quiet hours was inside them. Checked on a channel that takes every message at once, so
     * a send goes out when it is decided.
     */
    @Property(tries = 250, seed = "20260304", edgeCases = EdgeCasesMode.NONE)
    void nothingGoesOutInsideQuietHours(@ForAll("reliableAcrossClockChanges") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        for (JourneyEvent.MessageSent sent : run.sends()) {
            String journey = sent.message().key().journeyId();
            ZoneId zone = scenario.contact(sent.contactId()).zone();
            scenario.quietHoursOf(journey).ifPresent(quiet -> assertThat(quiet.contains(sent.at(), zone))
                    .as("%s went out at %s, inside %s", sent.message().key(), sent.at().atZone(zone), quiet).isFalse());
        }
        for (JourneyEvent event : run.events()) {
            if (event instanceof JourneyEvent.SendDeferred held) {
                QuietHours quiet = scenario.quietHoursOf(held.instance().journeyId()).orElseThrow();
                ZoneId zone = scenario.contact(held.contactId()).zone();
                assertThat(quiet.contains(held.at(), zone)).as("%s held at %s, outside %s", held.instance(),
                        held.at().atZone(zone), quiet).isTrue();
                // The end is outside the window, unless it fell in a daylight-saving gap and moved forward by
                // the gap (README) into the next window: the waking time before it did not exist that day.
                boolean endInGap = zone.getRules().getValidOffsets(
                        LocalDateTime.of(held.until().atZone(zone).toLocalDate(), quiet.end())).isEmpty();
                assertThat(quiet.contains(held.until(), zone) && !endInGap).as("%s held until %s, inside %s",
                        held.instance(), held.until().atZone(zone), quiet).isFalse();
                assertThat(held.until()).isAfter(held.at());
                assertThat(Duration.between(held.at(), held.until())).isLessThanOrEqualTo(quiet.maxDeferral());
            } else if (event instanceof JourneyEvent.MessageSkipped skip && skip.reason() == SkipReason.QUIET_HOURS) {
                QuietHours quiet = scenario.quietHoursOf(skip.instance().journeyId()).orElseThrow();
                ZoneId zone = scenario.contact(skip.contactId()).zone();
                assertThat(quiet.contains(skip.at(), zone)).as("%s skipped for %s at %s", skip.instance(), quiet,
                        skip.at().atZone(zone)).isTrue();
            }
        }

        boolean deferred = run.stats().sendsDeferred() > 0;
        Statistics.label("quiet hours").collect(deferred ? "a send was deferred"
                : run.any(JourneyEvent.MessageSkipped.class, s -> s.reason() == SkipReason.QUIET_HOURS)
                ? "only skips for quiet hours" : "quiet hours never held a send");
        Statistics.label("daylight saving").collect(dstChangeDuringRun(scenario, run)
                ? "a contact's clock changed during the run" : "no clock change");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("quiet hours").coverage(c -> c.check("a send was deferred").percentage(p -> p >= 30));
    }

    /**
     * A held send is held until the quiet window that holds it ends, not across the waking hours
     * after it (DESIGN 5: "deferred to its end"): of the time it is held, at most an hour (the
     * longest daylight-saving gap, by which the README lets an end in a gap move forward) may lie
     * outside the quiet hours. Likewise a send is skipped for quiet hours only if they do not end
     * for good (for more than that hour) within its maximum deferral, less that hour.
     */
    @Property(tries = 120, seed = "20260305", edgeCases = EdgeCasesMode.NONE)
    void aHeldSendIsHeldOnlyUntilTheQuietWindowEnds(@ForAll("reliableAcrossClockChanges") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        Duration hour = Duration.ofHours(1);
        for (JourneyEvent event : run.events()) {
            if (event instanceof JourneyEvent.SendDeferred held) {
                QuietHours quiet = scenario.quietHoursOf(held.instance().journeyId()).orElseThrow();
                ZoneId zone = scenario.contact(held.contactId()).zone();
                assertThat(awake(quiet, zone, held.at(), held.until()))
                        .as("%s held at %s until %s by %s, though the quiet hours ended at %s", held.instance(),
                                held.at().atZone(zone), held.until().atZone(zone), quiet,
                                firstAwakeMinute(quiet, zone, held.at(), held.until()).atZone(zone))
                        .isLessThanOrEqualTo(hour);
            } else if (event instanceof JourneyEvent.MessageSkipped skip && skip.reason() == SkipReason.QUIET_HOURS) {
                QuietHours quiet = scenario.quietHoursOf(skip.instance().journeyId()).orElseThrow();
                ZoneId zone = scenario.contact(skip.contactId()).zone();
                Instant latest = skip.at().plus(quiet.maxDeferral()).minus(hour);
                Instant ends = firstAwakeMinute(quiet, zone, skip.at(), latest);
                boolean endedForGood = ends.isBefore(latest) && awake(quiet, zone, ends, ends.plus(hour)).equals(hour);
                assertThat(endedForGood).as("%s skipped at %s for %s (held at most %s), though the quiet hours ended"
                        + " at %s", skip.instance(), skip.at().atZone(zone), quiet, quiet.maxDeferral(),
                        ends.atZone(zone)).isFalse();
            }
        }

        boolean inRepeatedHour = run.events().stream().anyMatch(e -> (e instanceof JourneyEvent.SendDeferred
                || e instanceof JourneyEvent.MessageSkipped skip && skip.reason() == SkipReason.QUIET_HOURS)
                && inRepeatedHour(e.at(), scenario.contact(e.contactId()).zone()));
        boolean acrossChange = run.events().stream().anyMatch(e -> e instanceof JourneyEvent.SendDeferred held
                && clockChangesBetween(scenario.contact(held.contactId()).zone(), held.at(), held.until()));
        Statistics.label("quiet hours").collect(run.stats().sendsDeferred() > 0 ? "a send was deferred" : "none deferred");
        Statistics.label("clock change").collect(inRepeatedHour ? "held or skipped in an hour the clock repeats"
                : acrossChange ? "held across a clock change" : dstChangeDuringRun(scenario, run)
                ? "a contact's clock changed during the run" : "no clock change");
        Statistics.label("clock change").coverage(c -> c.checkQuery(v -> !v.get(0).equals("no clock change"))
                .percentage(p -> p >= 50));
    }

    private static boolean inRepeatedHour(Instant at, ZoneId zone) {
        return zone.getRules().getValidOffsets(at.atZone(zone).toLocalDateTime()).size() == 2;
    }

    private static boolean clockChangesBetween(ZoneId zone, Instant from, Instant to) {
        return Optional.ofNullable(zone.getRules().nextTransition(from)).filter(t -> t.getInstant().isBefore(to))
                .isPresent();
    }

    /**
     * No message goes out inside quiet hours even when its first attempt failed and the engine
     * retries it: DESIGN 5 checks quiet hours "when the send is dispatched". Checked on a channel
     * that fails some first attempts.
     */
    @Property(tries = 120, seed = "20260306", edgeCases = EdgeCasesMode.NONE)
    void aRetriedSendDoesNotGoOutInsideQuietHours(@ForAll("flakyAcrossClockChanges") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        for (JourneyEvent.MessageSent sent : run.sends()) {
            ZoneId zone = scenario.contact(sent.contactId()).zone();
            scenario.quietHoursOf(sent.message().key().journeyId()).ifPresent(quiet -> assertThat(
                    quiet.contains(sent.at(), zone)).as("%s decided at %s, went out at %s, inside %s",
                    sent.message().key(), sent.message().decidedAt().atZone(zone), sent.at().atZone(zone), quiet)
                    .isFalse());
        }

        Statistics.label("retries").collect(run.any(JourneyEvent.DispatchFailed.class, f -> f.willRetry())
                ? "a send was retried" : "no retry");
    }

    /** Returns how much of {@code [from, to)}, minute by minute, lies outside the quiet hours. */
    private static Duration awake(QuietHours quiet, ZoneId zone, Instant from, Instant to) {
        long minutes = 0;
        for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(1))) {
            if (!quiet.contains(at, zone)) {
                minutes++;
            }
        }
        return Duration.ofMinutes(minutes);
    }

    /** Returns the first whole minute from {@code from} that is outside the quiet hours, or {@code limit}. */
    private static Instant firstAwakeMinute(QuietHours quiet, ZoneId zone, Instant from, Instant limit) {
        for (Instant at = from; at.isBefore(limit); at = at.plus(Duration.ofMinutes(1))) {
            if (!quiet.contains(at, zone)) {
                return at;
            }
        }
        return limit;
    }

    private static boolean dstChangeDuringRun(GovernanceScenario scenario, GovernanceRun run) {
        Instant end = run.events().stream().map(JourneyEvent::at).max(Comparator.naturalOrder()).orElse(scenario.start());
        return scenario.contacts().stream().anyMatch(c -> Optional.ofNullable(c.zone().getRules()
                .nextTransition(scenario.start())).filter(t -> t.getInstant().isBefore(end)).isPresent());
    }

    // ---------------------------------------------------------------- 4. re-entry

    /**
     * Every entry and every declined entry is what the journey's re-entry rule says, read from
     * the README's table and applied to what the contact did before: never re-enter; not while an
     * instance runs (after exit); the cool-down since the last entry or exit; the maximum number of
     * entries. A declined entry names the part of the rule that refused it, and instances are
     * numbered 1, 2, 3, ... per contact and journey.
     */
    @Property(tries = 250, seed = "20260307", edgeCases = EdgeCasesMode.NONE)
    void reentryFollowsTheJourneysRule(@ForAll("anyDelivery") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        Set<String> refusals = new HashSet<>();
        for (Contact contact : scenario.contacts()) {
            for (JourneyDefinition journey : scenario.journeys()) {
                checkReentry(journey, run.eventsOf(contact.id()), refusals);
            }
        }

        boolean reentered = run.any(JourneyEvent.Entered.class, e -> e.instance().instance() > 1);
        Statistics.label("re-entry").collect(!refusals.isEmpty() ? "a re-entry was declined"
                : reentered ? "re-entered, none declined" : "no re-entry attempt");
        Statistics.label("declined by").collect(refusals.isEmpty() ? List.of("-") : refusals.stream().sorted().toList());
        Statistics.label("re-entered").collect(reentered);
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("re-entry").coverage(c -> c.check("a re-entry was declined").percentage(p -> p >= 40));
    }

    private static void checkReentry(JourneyDefinition journey, List<JourneyEvent> events, Set<String> refusals) {
        ReentryRule rule = journey.reentry();
        int entries = 0;
        Instant lastEntered = null;
        Instant lastExited = null;
        Set<Integer> running = new HashSet<>();
        for (JourneyEvent event : events) {
            if (event instanceof JourneyEvent.Exited exit && exit.instance().journeyId().equals(journey.id())) {
                assertThat(running.remove(exit.instance().instance())).as("%s exited but was not running", exit.instance())
                        .isTrue();
                lastExited = exit.at();
            } else if (event instanceof JourneyEvent.Entered entered && entered.instance().journeyId().equals(journey.id())) {
                Optional<String> refusal = refusal(rule, entries, lastEntered, lastExited, running, entered.at());
                assertThat(refusal).as("%s entered at %s against %s", entered.instance(), entered.at(), rule).isEmpty();
                entries++;
                assertThat(entered.instance().instance()).as("instance number").isEqualTo(entries);
                lastEntered = entered.at();
                running.add(entries);
            } else if (event instanceof JourneyEvent.EntryDeclined declined && declined.journeyId().equals(journey.id())) {
                Optional<String> refusal = refusal(rule, entries, lastEntered, lastExited, running, declined.at());
                assertThat(refusal).as("%s declined for %s at %s (%s), which %s allows", declined.contactId(),
                        journey.id(), declined.at(), declined.detail(), rule).isPresent();
                assertThat(declined.detail()).as("the reason names the part of the rule that refused")
                        .contains(refusal.get());
                refusals.add(refusal.get());
            }
        }
    }

    /** The README's re-entry table as a model: the part of the rule that refuses an entry, if one does. */
    private static Optional<String> refusal(ReentryRule rule, int entries, Instant lastEntered, Instant lastExited,
                                            Set<Integer> running, Instant at) {
        if (entries == 0) {
            return Optional.empty();
        }
        if (rule.mode() == ReentryRule.Mode.NEVER) {
            return Optional.of("never");
        }
        if (rule.mode() == ReentryRule.Mode.AFTER_EXIT && !running.isEmpty()) {
            return Optional.of("already in the journey");
        }
        if (entries >= rule.maxEntries()) {
            return Optional.of("times already");
        }
        Instant since = rule.coolDownFrom() == ReentryRule.CoolDownFrom.ENTRY ? lastEntered : lastExited;
        if (!rule.coolDown().isZero() && since != null && at.isBefore(since.plus(rule.coolDown()))) {
            return Optional.of("cool-down");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- 5. duplicate events

    /**
     * Accepting an event id a second time returns {@link Acceptance#DUPLICATE} (an event no journey
     * reads is {@link Acceptance#IGNORED} both times) and changes nothing: the run with repeats
     * sends exactly what a twin engine sends that gets each event once, at the same instants, and
     * publishes the same events and ends in the same states.
     */
    @Property(tries = 300, seed = "20260308", edgeCases = EdgeCasesMode.NONE)
    void aRepeatedEventIsNotProcessedAgain(@ForAll("oneThread") GovernanceScenario scenario) {
        GovernanceRun withRepeats = GovernanceRun.of(scenario);
        GovernanceRun once = GovernanceRun.withoutRepeats(scenario);

        Map<String, Acceptance> first = new LinkedHashMap<>();
        int repeats = 0;
        for (Delivered delivered : withRepeats.deliveries()) {
            Acceptance earlier = first.putIfAbsent(delivered.event().id(), delivered.acceptance());
            if (earlier == null) {
                assertThat(delivered.acceptance()).as("first delivery of %s", delivered.event())
                        .isIn(Acceptance.ACCEPTED, Acceptance.IGNORED);
            } else {
                repeats++;
                assertThat(delivered.acceptance()).as("repeated delivery of %s", delivered.event())
                        .isEqualTo(earlier == Acceptance.ACCEPTED ? Acceptance.DUPLICATE : Acceptance.IGNORED);
            }
        }
        assertThat(withRepeats.sends()).as("sends").isEqualTo(once.sends());
        assertThat(withRepeats.events()).as("listener events").isEqualTo(once.events());
        assertThat(withRepeats.finalStates()).as("final states").isEqualTo(once.finalStates());
        assertThat(withRepeats.stats().eventsAccepted()).isEqualTo(once.stats().eventsAccepted());

        Statistics.label("repeats").collect(repeats == 0 ? "none" : repeats <= 2 ? "1-2" : "3 or more");
        Statistics.label("a repeat of").collect(repeatedTypes(withRepeats));
        Statistics.label("delivery").collect(scenario.delivery());
        Statistics.label("repeats").coverage(c -> c.checkQuery(v -> !v.get(0).equals("none")).percentage(p -> p >= 60));
    }

    private static String repeatedTypes(GovernanceRun run) {
        Set<String> seen = new HashSet<>();
        Set<String> types = new java.util.TreeSet<>();
        for (Delivered delivered : run.deliveries()) {
            if (!seen.add(delivered.event().id())) {
                String type = delivered.event().type();
                types.add(type.startsWith("go") ? "entry" : type.startsWith("stop") ? "stop" : type.startsWith("pause")
                        || type.startsWith("resume") ? "pause/resume" : type);
            }
        }
        return types.isEmpty() ? "-" : String.join("+", types);
    }

    /**
     * Under every delivery, threads included, each event id is processed at most once: of its
     * deliveries one is {@link Acceptance#ACCEPTED} and the others {@link Acceptance#DUPLICATE},
     * or all are {@link Acceptance#IGNORED}.
     */
    private static void assertEachEventProcessedOnce(GovernanceRun run) {
        Map<String, List<Acceptance>> byId = new LinkedHashMap<>();
        for (Delivered delivered : run.deliveries()) {
            byId.computeIfAbsent(delivered.event().contactId() + "/" + delivered.event().id(), id -> new ArrayList<>())
                    .add(delivered.acceptance());
        }
        byId.forEach((id, results) -> {
            if (results.contains(Acceptance.IGNORED)) {
                assertThat(results).as("deliveries of %s", id).isSubsetOf(Acceptance.IGNORED);
            } else {
                assertThat(results.stream().filter(a -> a == Acceptance.ACCEPTED).count())
                        .as("deliveries of %s: %s", id, results).isEqualTo(1);
                assertThat(results).as("deliveries of %s", id).isSubsetOf(Acceptance.ACCEPTED, Acceptance.DUPLICATE);
            }
        });
    }

    // ---------------------------------------------------------------- 6. unsubscribes

    @Provide
    Arbitrary<GovernanceScenario> unsubscribes() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, true, 3, 3, 30, false, Feature.UNSUBSCRIBE));
    }

    /**
     * An unsubscribe withdraws the consent it names (its channel, else the channels of the
     * message's step; one purpose or all) until a consent-given event gives it back (README,
     * "Consent and unsubscribes"). Replaying each contact's timeline against that model: no message
     * goes out on a channel and purpose withdrawn at the time (an unsubscribe applies after the
     * contact's work that fell due by the instant it is processed, which runs first); every
     * instance running when it applies whose journey has a send needing what it withdrew exits
     * {@link ExitCause#UNSUBSCRIBED} in that same processing, and no other does; the engine's
     * {@code ConsentChanged} events are exactly the model's changes; the stored withdrawals end as
     * the model's. Sends go out on two channels with several purposes, unsubscribes and consents
     * are duplicated, shuffled and delivered from two threads, often right after an entry or when a
     * timer or retry falls due.
     */
    @Property(tries = 250, seed = "20260309", edgeCases = EdgeCasesMode.NONE)
    void nothingGoesOutOnWhatAContactUnsubscribedFromUntilTheyConsentAgain(
            @ForAll("unsubscribes") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        assertThat(run.sentWithoutConsent()).as("sent on a channel without consent in the directory").isEmpty();
        UnsubscribeFacts facts = new UnsubscribeFacts();
        for (Contact contact : scenario.contacts()) {
            checkStopsAndPauses(run.eventsOf(contact.id()), false);
            Set<Consent> withdrawn = checkUnsubscribes(scenario, run.timelineOf(contact.id()), facts);
            assertThat(run.finalStates().get(scenario.contacts().indexOf(contact)).map(ContactState::withdrawnConsents)
                    .orElse(List.of())).as("withdrawals stored for %s", contact.id())
                    .containsExactlyInAnyOrderElementsOf(withdrawn);
        }

        Statistics.label("unsubscribe raced a pending send").collect(
                run.observed("unsubscribe with a send in flight") ? "it met a send waiting for a retry"
                : run.observed("unsubscribe met a held send") ? "it met a send held by quiet hours"
                : run.observed("unsubscribe raced a due timer") ? "it came at the instant a timer fell due"
                : "no race");
        Statistics.label("a decided send stopped").collect(run.any(JourneyEvent.EffectCancelled.class,
                c -> c.reason().contains("UNSUBSCRIBED")) ? "cancelled with the instance the unsubscribe ended"
                : run.any(JourneyEvent.MessageSkipped.class, c -> c.reason() == SkipReason.NO_CONSENT)
                ? "skipped for no consent, at its step or at dispatch" : "none");
        Statistics.label("unsubscribes processed").collect(facts.forms.isEmpty() ? "none"
                : String.join(" + ", facts.forms));
        Statistics.label("ended by an unsubscribe").collect(run.any(JourneyEvent.Exited.class,
                e -> e.cause() == ExitCause.UNSUBSCRIBED) ? "an instance exited UNSUBSCRIBED" : "none");
        Statistics.label("repeated").collect(run.deliveries().stream().anyMatch(d -> d.acceptance()
                == Acceptance.DUPLICATE && (d.event().type().equals(InteractionTypes.UNSUBSCRIBED)
                || d.event().type().equals(InteractionTypes.CONSENT_GIVEN)))
                ? "an unsubscribe or consent event came twice" : "none came twice");
        Statistics.label("consent given back").collect(facts.sentAfterLift ? "a send went out on a consent given back"
                : facts.lifted ? "given back, nothing sent on it since" : "never given back");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("unsubscribe raced a pending send").coverage(c -> c.checkQuery(v -> !v.get(0).equals("no race"))
                .percentage(p -> p >= 35));
        Statistics.label("ended by an unsubscribe").coverage(c -> c.check("an instance exited UNSUBSCRIBED")
                .percentage(p -> p >= 50));
        Statistics.label("consent given back").coverage(c -> c.check("a send went out on a consent given back")
                .percentage(p -> p >= 5));
    }

    /** What the unsubscribe replays saw, for statistics. */
    private static final class UnsubscribeFacts {
        final Set<String> forms = new TreeSet<>();
        boolean lifted;
        boolean sentAfterLift;
    }

    /** Replays one contact's timeline against the model of withdrawals; returns the withdrawals at the end. */
    private static Set<Consent> checkUnsubscribes(GovernanceScenario scenario, List<Object> timeline,
                                                  UnsubscribeFacts facts) {
        Set<Consent> withdrawn = new java.util.LinkedHashSet<>();
        Set<Consent> givenBack = new HashSet<>();
        Set<InstanceRef> running = new HashSet<>();
        Set<InstanceRef> mustLeave = new HashSet<>();
        List<String> expectedChanges = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Processing current = null;
        // An unsubscribe being processed: it applies after the contact's work that fell due by then,
        // which runs first (and may send), so at its first own event, else by the next input.
        Event pending = null;
        for (Object item : timeline) {
            if (pending != null && (item instanceof Processing || item instanceof JourneyEvent.ConsentChanged
                    || item instanceof JourneyEvent.Exited exited && exited.cause() == ExitCause.UNSUBSCRIBED)) {
                withdraw(scenario, pending, withdrawn, givenBack, running, mustLeave, expectedChanges);
                pending = null;
            }
            if (item instanceof Processing processing) {
                finishUnsubscribe(current, mustLeave, expectedChanges, changes);
                current = processing;
                Optional<Event> event = processing.event();
                if (event.isPresent() && event.get().type().equals(InteractionTypes.UNSUBSCRIBED)) {
                    facts.forms.add(event.get().payload().has(Event.PURPOSE) ? "channel and purpose"
                            : event.get().payload().has(Event.CHANNEL) ? "channel" : "message only");
                    pending = event.get();
                } else if (event.isPresent() && event.get().type().equals(InteractionTypes.CONSENT_GIVEN)) {
                    String channel = event.get().payload().string(Event.CHANNEL).orElseThrow();
                    Optional<String> purpose = event.get().payload().string(Event.PURPOSE);
                    for (java.util.Iterator<Consent> it = withdrawn.iterator(); it.hasNext(); ) {
                        Consent lifted = it.next();
                        if (lifted.channel().equals(channel) && (purpose.isEmpty() || purpose.equals(lifted.purpose()))) {
                            it.remove();
                            givenBack.add(lifted);
                            facts.lifted = true;
                            expectedChanges.add("given back " + lifted);
                        }
                    }
                }
            } else if (item instanceof JourneyEvent.Entered entered) {
                running.add(entered.instance());
            } else if (item instanceof JourneyEvent.EntryQueued queued) {
                running.add(queued.instance());
            } else if (item instanceof JourneyEvent.Exited exit) {
                running.remove(exit.instance());
                boolean expected = mustLeave.remove(exit.instance());
                assertThat(exit.cause() == ExitCause.UNSUBSCRIBED).as("%s exited %s while processing %s, which withdrew"
                        + " %s", exit.instance(), exit.cause(), current, expected ? "what it needs" : "nothing it needs")
                        .isEqualTo(expected);
            } else if (item instanceof JourneyEvent.ConsentChanged change) {
                changes.add((change.withdrawn() ? "withdrawn " : "given back ") + change.consent());
                assertThat(current.event().map(Event::id)).as("cause of %s", change).contains(change.cause());
            } else if (item instanceof JourneyEvent.MessageSent sent) {
                OutgoingMessage message = sent.message();
                assertThat(withdrawn.stream().filter(c -> c.covers(message.channel(), message.purpose())).toList())
                        .as("%s went out at %s on %s for %s, which the contact unsubscribed from", message.key(),
                                sent.at(), message.channel(), message.purpose()).isEmpty();
                if (givenBack.stream().anyMatch(c -> c.covers(message.channel(), message.purpose()))) {
                    facts.sentAfterLift = true;
                }
            }
        }
        if (pending != null) {
            withdraw(scenario, pending, withdrawn, givenBack, running, mustLeave, expectedChanges);
        }
        finishUnsubscribe(current, mustLeave, expectedChanges, changes);
        return withdrawn;
    }

    /** Applies an unsubscribe to the model: what it withdraws, and the running instances that must leave. */
    private static void withdraw(GovernanceScenario scenario, Event unsubscribe, Set<Consent> withdrawn,
                                 Set<Consent> givenBack, Set<InstanceRef> running, Set<InstanceRef> mustLeave,
                                 List<String> expectedChanges) {
        for (Consent consent : scenario.withdrawnBy(unsubscribe)) {
            if (withdrawn.add(consent)) {
                expectedChanges.add("withdrawn " + consent);
            }
            givenBack.remove(consent);
            running.stream().filter(r -> GovernanceScenario.needs(scenario.journey(r.journeyId()), consent))
                    .forEach(mustLeave::add);
        }
    }

    private static void finishUnsubscribe(Processing processing, Set<InstanceRef> mustLeave, List<String> expected,
                                          List<String> changes) {
        assertThat(mustLeave).as("instances still running after %s, whose journeys need what it withdrew", processing)
                .isEmpty();
        assertThat(changes).as("consent changes made while processing %s", processing)
                .containsExactlyInAnyOrderElementsOf(expected);
        expected.clear();
        changes.clear();
    }

    // ---------------------------------------------------------------- 7. suppression

    @Provide
    Arbitrary<GovernanceScenario> suppressions() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, true, 3, 3, 30, false, Feature.SUPPRESSION));
    }

    /**
     * A suppressed contact goes along the path but is sent nothing (README, "Exclusions and
     * suppression"): suppression is the engine's condition ({@value GovernanceScenario#DO_NOT_CONTACT})
     * or the journey's ({@value GovernanceScenario#COMPLAINT}), on flags the ops switch on and off in
     * the directory. Replaying each contact's timeline with the directory as it was: no message
     * goes out, no send is decided and none is held while a suppression holds; every send step
     * reached then is skipped with {@link SkipReason#SUPPRESSED} and never otherwise; after such a
     * skip at the step the instance goes on to the step's next step (or completes); a send decided
     * earlier and skipped at dispatch for suppression was suppressed then (its instance had gone on).
     */
    @Property(tries = 250, seed = "20260310", edgeCases = EdgeCasesMode.NONE)
    void aSuppressedContactIsSentNothingAndGoesOnAlongThePath(@ForAll("suppressions") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        SuppressionFacts facts = new SuppressionFacts();
        for (Contact contact : scenario.contacts()) {
            checkStopsAndPauses(run.eventsOf(contact.id()), false);
            checkSuppression(scenario, contact, run.timelineOf(contact.id()), facts);
        }

        Statistics.label("suppressed").collect(facts.skippedBy.isEmpty() ? "no send was suppressed"
                : "skipped SUPPRESSED by " + String.join(" and ", facts.skippedBy));
        Statistics.label("path went on").collect(facts.sentAfterSkip ? "a suppressed instance sent later, unflagged"
                : facts.skippedBy.isEmpty() ? "-" : "skipped, nothing sent later");
        Statistics.label("suppressed at dispatch").collect(run.any(JourneyEvent.EffectCancelled.class,
                c -> c.reason().startsWith("the contact is suppressed")) ? "a decided send was cancelled" : "none");
        Statistics.label("flag set on").collect(run.observed("flag set with a send in flight")
                ? "with a send in flight" : run.observed("flag set while a send was held") ? "while a send was held"
                : run.observed("flag set as a timer fell due") ? "as a timer fell due" : "no race");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("suppressed").coverage(c -> c.checkQuery(v -> !v.get(0).equals("no send was suppressed"))
                .percentage(p -> p >= 50));
        Statistics.label("path went on").coverage(c -> c.check("a suppressed instance sent later, unflagged")
                .percentage(p -> p >= 10));
        Statistics.label("flag set on").coverage(c -> c.checkQuery(v -> !v.get(0).equals("no race"))
                .percentage(p -> p >= 30));
    }

    /** What the suppression replays saw, for statistics. */
    private static final class SuppressionFacts {
        final Set<String> skippedBy = new TreeSet<>();
        boolean sentAfterSkip;
    }

    private static void checkSuppression(GovernanceScenario scenario, Contact contact, List<Object> timeline,
                                         SuppressionFacts facts) {
        Attributes flags = contact.attributes();
        Map<InstanceRef, String> goesOnTo = new HashMap<>();   // after a SUPPRESSED skip: the next step, "" for none
        Set<InstanceRef> skipped = new HashSet<>();
        // The last step each instance reached, as "step outcome": a skip not right after a step reached with
        // "skipped" was decided right before a provider call, when the instance had gone on already.
        Map<InstanceRef, String> lastReached = new HashMap<>();
        for (Object item : timeline) {
            if (item instanceof Changed changed) {
                flags = changed.contact().attributes();
                continue;
            }
            if (item instanceof Processing processing) {
                assertThat(goesOnTo).as("suppressed instances that did not go on before %s", processing).isEmpty();
                continue;
            }
            JourneyEvent event = (JourneyEvent) item;
            String journeyId = journeyOf(event);
            if (journeyId == null) {
                continue;
            }
            List<String> holding = suppressing(scenario, scenario.journey(journeyId), flags);
            if (event instanceof JourneyEvent.InstanceEvent about && goesOnTo.containsKey(about.instance())) {
                String next = goesOnTo.remove(about.instance());
                boolean wentOn = next.isEmpty() ? event instanceof JourneyEvent.Exited exit
                        && exit.cause() == ExitCause.COMPLETED
                        : event instanceof JourneyEvent.StepReached step && step.stepId().equals(next);
                assertThat(wentOn).as("after a suppressed send, %s went on to %s", about.instance(), event).isTrue();
            }
            if (event instanceof JourneyEvent.MessageSent sent) {
                assertThat(holding).as("%s went out at %s while suppressed", sent.message().key(), sent.at()).isEmpty();
                if (skipped.contains(ref(sent.message().key()))) {
                    facts.sentAfterSkip = true;
                }
            } else if (event instanceof JourneyEvent.StepReached step
                    && scenario.journey(journeyId).step(step.stepId()).orElseThrow() instanceof Step.Send
                    && step.outcome().startsWith("sends ")) {
                assertThat(holding).as("%s decided a send at %s while suppressed: %s", step.instance(), step.stepId(),
                        step.outcome()).isEmpty();
            } else if (event instanceof JourneyEvent.SendDeferred held) {
                assertThat(holding).as("%s held a send at %s while suppressed", held.instance(), held.stepId()).isEmpty();
            } else if (event instanceof JourneyEvent.MessageSkipped skip) {
                assertThat(skip.reason() == SkipReason.SUPPRESSED).as("%s skipped %s for %s; suppressions holding: %s",
                        skip.instance(), skip.stepId(), skip.reason(), holding).isEqualTo(!holding.isEmpty());
                boolean atDispatch = !lastReached.getOrDefault(skip.instance(), "").startsWith(skip.stepId() + " skipped");
                if (skip.reason() == SkipReason.SUPPRESSED) {
                    facts.skippedBy.addAll(holding);
                    skipped.add(skip.instance());
                }
                if (skip.reason() == SkipReason.SUPPRESSED && !atDispatch) {
                    Step.Send send = (Step.Send) scenario.journey(journeyId).step(skip.stepId()).orElseThrow();
                    goesOnTo.put(skip.instance(), send.next().orElse(""));
                }
            }
            if (event instanceof JourneyEvent.StepReached step) {
                lastReached.put(step.instance(), step.stepId() + " " + step.outcome());
            }
        }
        assertThat(goesOnTo).as("suppressed instances that did not go on at the end").isEmpty();
    }

    /** Returns the suppressions that hold for a contact with these flags in a journey: the engine's, then the journey's. */
    private static List<String> suppressing(GovernanceScenario scenario, JourneyDefinition journey, Attributes flags) {
        List<String> holding = new ArrayList<>();
        for (String flag : GovernanceScenario.flagsOf(scenario.engineSuppression())) {
            if (flags.bool(flag).orElse(false)) {
                holding.add("engine (" + flag + ")");
            }
        }
        for (String flag : GovernanceScenario.flagsOf(journey.policies().suppression())) {
            if (flags.bool(flag).orElse(false)) {
                holding.add("journey (" + flag + ")");
            }
        }
        return holding;
    }

    /** Returns the journey an event is about, or null if it is about none. */
    private static String journeyOf(JourneyEvent event) {
        if (event instanceof JourneyEvent.InstanceEvent about) {
            return about.instance().journeyId();
        } else if (event instanceof JourneyEvent.EntryDeclined declined) {
            return declined.journeyId();
        } else if (event instanceof JourneyEvent.MessageSent sent) {
            return sent.message().key().journeyId();
        } else if (event instanceof JourneyEvent.EffectCancelled cancel) {
            return cancel.effect().key().journeyId();
        } else if (event instanceof JourneyEvent.DispatchFailed failed) {
            return failed.effect().key().journeyId();
        }
        return null;
    }

    private static InstanceRef ref(IdempotencyKey key) {
        return new InstanceRef(key.contactId(), key.journeyId(), key.version(), key.instance());
    }

    // ---------------------------------------------------------------- 8. exclusion

    @Provide
    Arbitrary<GovernanceScenario> exclusions() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, false, 3, 3, 30, false, Feature.EXCLUSION));
    }

    /**
     * An excluded contact cannot enter, and one who becomes excluded leaves at the next step it
     * reaches (README, "Exclusions and suppression"), exclusions reading flags the ops switch on
     * and off in the directory. Replaying each contact's timeline with the directory as it was:
     * every event that triggers a journey's entry has one outcome for it; no entry while excluded;
     * a declined entry says {@link DeclineReason#EXCLUDED} exactly when the contact is excluded and
     * the re-entry rule (checked first) lets them in, else {@link DeclineReason#REENTRY_RULE} as the
     * README's re-entry table says; while excluded an instance reaches no new step: when its wait
     * ends (or its held send is tried again, or the event it waits for arrives) it leaves at once,
     * {@link ExitCause#EXCLUDED} (or {@link ExitCause#COMPLETED} where the path ends); it leaves
     * {@code EXCLUDED} only then; nothing of its goes out after it left.
     */
    @Property(tries = 250, seed = "20260311", edgeCases = EdgeCasesMode.NONE)
    void anExcludedContactNeverEntersAndOneWhoBecomesExcludedLeavesAtItsNextStep(
            @ForAll("exclusions") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        Set<String> leftAt = new TreeSet<>();
        for (Contact contact : scenario.contacts()) {
            checkStopsAndPauses(run.eventsOf(contact.id()), false);
            checkExclusion(scenario, contact, run.timelineOf(contact.id()), leftAt);
        }

        Statistics.label("excluded entry").collect(run.any(JourneyEvent.EntryDeclined.class,
                d -> d.reason() == DeclineReason.EXCLUDED) ? "an entry was declined EXCLUDED" : "none declined");
        Statistics.label("left mid-journey").collect(leftAt.isEmpty() ? "none left EXCLUDED"
                : "left EXCLUDED at a " + String.join(" and a ", leftAt));
        Statistics.label("flag set on").collect(run.observed("flag set with a send in flight")
                ? "with a send in flight" : run.observed("flag set while a send was held") ? "while a send was held"
                : run.observed("flag set as a timer fell due") ? "as a timer fell due" : "no race");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("excluded entry").coverage(c -> c.check("an entry was declined EXCLUDED")
                .percentage(p -> p >= 40));
        Statistics.label("left mid-journey").coverage(c -> c.checkQuery(v -> !v.get(0).equals("none left EXCLUDED"))
                .percentage(p -> p >= 30));
    }

    private static void checkExclusion(GovernanceScenario scenario, Contact contact, List<Object> timeline,
                                       Set<String> leftAt) {
        Attributes flags = contact.attributes();
        Map<String, ReentryModel> reentry = new HashMap<>();
        Map<InstanceRef, String> stepOf = new HashMap<>();
        Set<InstanceRef> mustLeave = new HashSet<>();
        Set<String> attempts = new HashSet<>();
        Processing current = null;
        for (Object item : timeline) {
            if (item instanceof Changed changed) {
                flags = changed.contact().attributes();
                continue;
            }
            if (item instanceof Processing processing) {
                assertThat(mustLeave).as("excluded instances that reached a step but stayed, processing %s", current)
                        .isEmpty();
                assertThat(attempts).as("journeys %s triggered no outcome, processing %s", current).isEmpty();
                current = processing;
                processing.event().ifPresent(e -> scenario.journeys().stream()
                        .filter(j -> entryType(j).equals(e.type())).forEach(j -> attempts.add(j.id())));
                continue;
            }
            JourneyEvent event = (JourneyEvent) item;
            String journeyId = journeyOf(event);
            if (journeyId == null) {
                continue;
            }
            JourneyDefinition journey = scenario.journey(journeyId);
            Attributes now = flags;
            List<String> excluding = GovernanceScenario.flagsOf(journey.policies().exclusions()).stream()
                    .filter(flag -> now.bool(flag).orElse(false)).toList();
            ReentryModel model = reentry.computeIfAbsent(journeyId, id -> new ReentryModel());
            if (event instanceof JourneyEvent.Entered entered) {
                assertThat(attempts.remove(journeyId)).as("%s entered at %s but no event of %s triggered it",
                        entered.instance(), entered.at(), current).isTrue();
                assertThat(excluding).as("%s entered at %s while excluded", entered.instance(), entered.at()).isEmpty();
                assertThat(model.refusal(journey.reentry(), entered.at())).as("%s entered at %s against %s",
                        entered.instance(), entered.at(), journey.reentry()).isEmpty();
                model.entered(entered.instance().instance(), entered.at());
            } else if (event instanceof JourneyEvent.EntryDeclined declined) {
                assertThat(attempts.remove(journeyId)).as("%s declined but no event of %s triggered it", declined,
                        current).isTrue();
                Optional<String> refusal = model.refusal(journey.reentry(), declined.at());
                assertThat(declined.reason()).as("%s declined at %s (%s); excluded by %s, re-entry refusal %s",
                        contact.id(), declined.at(), declined.detail(), excluding, refusal).isEqualTo(
                        refusal.isPresent() ? DeclineReason.REENTRY_RULE : DeclineReason.EXCLUDED);
                assertThat(refusal.isPresent() || !excluding.isEmpty()).as("%s declined at %s (%s) though allowed",
                        contact.id(), declined.at(), declined.detail()).isTrue();
            } else if (event instanceof JourneyEvent.StepReached step) {
                String at = stepOf.get(step.instance());
                if (!excluding.isEmpty()) {
                    assertThat(step.stepId()).as("%s reached step %s at %s while excluded by %s (it waited at %s)",
                            step.instance(), step.stepId(), step.at(), excluding, at).isEqualTo(at);
                    mustLeave.add(step.instance());   // its wait ended: it goes to its next step, and must leave
                } else {
                    stepOf.put(step.instance(), step.stepId());
                }
            } else if (event instanceof JourneyEvent.Exited exit) {
                model.exited(exit.instance().instance(), exit.at());
                String at = stepOf.remove(exit.instance());
                boolean noticed = mustLeave.remove(exit.instance());
                if (exit.cause() == ExitCause.EXCLUDED) {
                    assertThat(excluding).as("%s exited EXCLUDED at %s though not excluded", exit.instance(), exit.at())
                            .isNotEmpty();
                    assertThat(noticed).as("%s exited EXCLUDED at %s without reaching a step", exit.instance(),
                            exit.at()).isTrue();
                    leftAt.add(journey.step(at).orElseThrow() instanceof Step.Send ? "held send"
                            : journey.step(at).orElseThrow() instanceof Step.Wait ? "wait" : "wait for an event");
                } else if (noticed) {
                    assertThat(exit.cause()).as("%s, excluded, left at %s", exit.instance(), exit.stepId())
                            .isEqualTo(ExitCause.COMPLETED);
                    assertThat(journey.step(at).orElseThrow().successors()).as("%s completed after %s", exit.instance(),
                            at).isEmpty();
                }
            }
        }
        assertThat(mustLeave).as("excluded instances that reached a step but stayed, at the end").isEmpty();
        assertThat(attempts).as("journeys %s triggered no outcome, at the end").isEmpty();
    }

    private static String entryType(JourneyDefinition journey) {
        return ((Entry.OnEvent) journey.entry()).trigger().eventType();
    }

    /** One contact's history in one journey, as the README's re-entry table reads it. */
    private static final class ReentryModel {
        int entries;
        Instant lastEntered;
        Instant lastExited;
        final Set<Integer> running = new HashSet<>();

        Optional<String> refusal(ReentryRule rule, Instant at) {
            return GovernancePropertyTest.refusal(rule, entries, lastEntered, lastExited, running, at);
        }

        void entered(int instance, Instant at) {
            entries++;
            assertThat(instance).as("instance number").isEqualTo(entries);
            lastEntered = at;
            running.add(instance);
        }

        void exited(int instance, Instant at) {
            assertThat(running.remove(instance)).as("instance %d exited but was not running", instance).isTrue();
            lastExited = at;
        }
    }

    // ---------------------------------------------------------------- 9. entry rate limits

    @Provide
    Arbitrary<GovernanceScenario> rateLimits() {
        return GovernanceScenario.scenarios(new Shape(ALL, true, false, 3, 5, 30, false, Feature.RATE_LIMIT));
    }

    /** One entry booked at a journey's rate limit: admitted at once, or queued to be admitted later. */
    private record Booking(InstanceRef instance, Instant arrived, Instant admitted, boolean queued) {
    }

    /**
     * A journey's entry rate limit (README, "Fair-use entry rate limit"), checked over all
     * contacts: at most {@code maxEntries} entries admitted in any window of {@code per}; a queued
     * entry is admitted at its announced turn, after every entry that arrived before it, one
     * millisecond after the one before it or at the first instant the window has room, and runs no
     * step before; a declined one says {@link DeclineReason#RATE_LIMITED} only for a rejecting
     * limit whose window was full. No entry is lost: every event that triggers a journey's entry
     * has exactly one outcome for it (entered, queued, declined by the re-entry rule as its table
     * says, or rate-limited), and every queued entry is admitted at its turn, left before it (a
     * stop), or is still queued when the run ends, waiting for a turn after the end.
     */
    @Property(tries = 250, seed = "20260312", edgeCases = EdgeCasesMode.NONE)
    void aRateLimitAdmitsAtMostItsEntriesPerWindowInArrivalOrderAndLosesNone(
            @ForAll("rateLimits") GovernanceScenario scenario) {
        GovernanceRun run = GovernanceRun.of(scenario);

        assertEachEventProcessedOnce(run);
        Map<String, List<Booking>> bookings = new HashMap<>();
        Map<InstanceRef, Instant> stillQueued = new HashMap<>();
        for (Contact contact : scenario.contacts()) {
            checkStopsAndPauses(run.eventsOf(contact.id()), false);
            checkEntries(scenario, contact, run.timelineOf(contact.id()), bookings, stillQueued);
        }
        for (Map.Entry<InstanceRef, Instant> queued : stillQueued.entrySet()) {
            InstanceRef ref = queued.getKey();
            Optional<JourneyInstance> instance = run.finalStates().get(scenario.contacts().indexOf(
                    scenario.contact(ref.contactId()))).flatMap(s -> s.instances().stream()
                    .filter(i -> i.is(ref.journeyId(), ref.version(), ref.instance())).findFirst());
            assertThat(instance).as("%s, queued until %s, neither admitted nor left, nor still queued", ref,
                    queued.getValue()).hasValueSatisfying(i -> {
                        assertThat(i.isQueued()).as("%s queued", ref).isTrue();
                        assertThat(i.dueAt()).as("%s turn", ref).contains(queued.getValue());
                    });
            assertThat(queued.getValue()).as("%s still queued at the end", ref).isAfter(run.end());
        }
        for (JourneyDefinition journey : scenario.journeys()) {
            Optional<EntryRateLimit> limit = journey.policies().entryRateLimit();
            List<Booking> booked = bookings.getOrDefault(journey.id(), List.of());
            if (limit.isEmpty()) {
                assertThat(booked).as("bookings of %s, which has no limit", journey.id()).allMatch(b -> !b.queued());
                continue;
            }
            checkWindow(journey.id(), limit.get(), booked.stream().map(Booking::admitted).toList(), "bookings");
            checkWindow(journey.id(), limit.get(), run.events().stream().filter(JourneyEvent.Entered.class::isInstance)
                    .map(JourneyEvent.Entered.class::cast).filter(e -> e.instance().journeyId().equals(journey.id()))
                    .map(JourneyEvent.Entered::at).toList(), "entries");
            checkTurns(journey.id(), limit.get(), booked);
            for (JourneyEvent event : run.events()) {
                if (event instanceof JourneyEvent.EntryDeclined declined && declined.journeyId().equals(journey.id())
                        && declined.reason() == DeclineReason.RATE_LIMITED) {
                    Instant from = declined.at().minus(limit.get().per());
                    assertThat(booked.stream().filter(b -> b.admitted().isAfter(from)
                            && !b.admitted().isAfter(declined.at())).count())
                            .as("entries of %s in the window before %s, declined for %s", journey.id(), declined.at(),
                                    limit.get()).isGreaterThanOrEqualTo(limit.get().maxEntries());
                }
            }
        }

        long queued = run.stats().entriesQueued();
        long rejected = run.events().stream().filter(e -> e instanceof JourneyEvent.EntryDeclined d
                && d.reason() == DeclineReason.RATE_LIMITED).count();
        Statistics.label("limit reached").collect(queued > 0 && rejected > 0 ? "entries queued and rejected"
                : queued > 0 ? "entries queued" : rejected > 0 ? "entries rejected" : "never reached");
        Statistics.label("queued entries").collect(queued == 0 ? "none" : !stillQueued.isEmpty()
                ? "some still queued at the end" : run.any(JourneyEvent.Exited.class, e -> e.cause()
                == ExitCause.EXIT_TRIGGER && bookings.values().stream().flatMap(List::stream).anyMatch(b -> b.queued()
                && b.instance().equals(e.instance()) && !e.at().isAfter(b.admitted())))
                ? "one left before its turn" : "all admitted at their turn");
        long mostQueued = bookings.values().stream().mapToLong(list -> list.stream().filter(Booking::queued).count())
                .max().orElse(0);
        Statistics.label("queued in one journey").collect(mostQueued == 0 ? "none" : mostQueued == 1 ? "1"
                : mostQueued <= 3 ? "2-3" : "4 or more");
        Statistics.label("delivery").collect(delivery(scenario, run));
        Statistics.label("limit reached").coverage(c -> c.checkQuery(v -> !v.get(0).equals("never reached"))
                .percentage(p -> p >= 60));
        Statistics.label("limit reached").coverage(c -> c.checkQuery(v -> v.get(0).toString().contains("queued"))
                .percentage(p -> p >= 30));
        Statistics.label("limit reached").coverage(c -> c.checkQuery(v -> v.get(0).toString().contains("rejected"))
                .percentage(p -> p >= 30));
    }

    /** Replays one contact's timeline: each entry attempt's one outcome, the re-entry rule, queued instances' turns. */
    private static void checkEntries(GovernanceScenario scenario, Contact contact, List<Object> timeline,
                                     Map<String, List<Booking>> bookings, Map<InstanceRef, Instant> stillQueued) {
        Map<String, ReentryModel> reentry = new HashMap<>();
        Map<InstanceRef, JourneyEvent.EntryQueued> queued = new HashMap<>();
        Set<String> attempts = new HashSet<>();
        Processing current = null;
        for (Object item : timeline) {
            if (item instanceof Processing processing) {
                assertThat(attempts).as("journeys %s triggered no outcome, processing %s", current).isEmpty();
                current = processing;
                processing.event().ifPresent(e -> scenario.journeys().stream()
                        .filter(j -> entryType(j).equals(e.type())).forEach(j -> attempts.add(j.id())));
                continue;
            }
            if (!(item instanceof JourneyEvent event) || journeyOf(event) == null) {
                continue;
            }
            JourneyDefinition journey = scenario.journey(journeyOf(event));
            Optional<EntryRateLimit> limit = journey.policies().entryRateLimit();
            ReentryModel model = reentry.computeIfAbsent(journey.id(), id -> new ReentryModel());
            if (event instanceof JourneyEvent.Entered entered && queued.containsKey(entered.instance())) {
                JourneyEvent.EntryQueued turn = queued.remove(entered.instance());
                assertThat(entered.at()).as("%s admitted", entered.instance()).isEqualTo(turn.admitAt());
                // By a run of due work, or by an event at that very instant: the work due by then runs first.
                assertThat(current.event().isEmpty() || current.at().equals(turn.admitAt()))
                        .as("%s admitted by an event after its turn", entered.instance()).isTrue();
            } else if (event instanceof JourneyEvent.Entered || event instanceof JourneyEvent.EntryQueued) {
                JourneyEvent.InstanceEvent entry = (JourneyEvent.InstanceEvent) event;
                assertThat(attempts.remove(journey.id())).as("%s at %s but no event of %s triggered it", entry,
                        entry.at(), current).isTrue();
                assertThat(model.refusal(journey.reentry(), entry.at())).as("%s at %s against %s", entry.instance(),
                        entry.at(), journey.reentry()).isEmpty();
                model.entered(entry.instance().instance(), entry.at());
                Instant admitted = entry.at();
                if (event instanceof JourneyEvent.EntryQueued queue) {
                    assertThat(limit.map(EntryRateLimit::overflow)).as("%s queued", queue.instance())
                            .contains(EntryRateLimit.Overflow.QUEUE);
                    assertThat(queue.admitAt()).as("%s turn", queue.instance()).isAfter(queue.at());
                    queued.put(queue.instance(), queue);
                    admitted = queue.admitAt();
                }
                bookings.computeIfAbsent(journey.id(), id -> new ArrayList<>()).add(new Booking(entry.instance(),
                        entry.at(), admitted, event instanceof JourneyEvent.EntryQueued));
            } else if (event instanceof JourneyEvent.EntryDeclined declined) {
                assertThat(attempts.remove(journey.id())).as("%s declined but no event of %s triggered it", declined,
                        current).isTrue();
                Optional<String> refusal = model.refusal(journey.reentry(), declined.at());
                if (refusal.isPresent()) {
                    assertThat(declined.reason()).as("%s (%s)", declined, refusal.get())
                            .isEqualTo(DeclineReason.REENTRY_RULE);
                } else {
                    assertThat(declined.reason()).as("%s, which the re-entry rule allows", declined)
                            .isEqualTo(DeclineReason.RATE_LIMITED);
                    assertThat(limit.map(EntryRateLimit::overflow)).as("%s rate-limited", declined)
                            .contains(EntryRateLimit.Overflow.REJECT);
                }
            } else if (event instanceof JourneyEvent.Exited exit) {
                model.exited(exit.instance().instance(), exit.at());
                JourneyEvent.EntryQueued left = queued.remove(exit.instance());
                if (left != null) {
                    // An exit trigger at the very instant of its turn comes first: events at an instant run before timers.
                    assertThat(exit.at()).as("%s left while queued", exit.instance()).isBeforeOrEqualTo(left.admitAt());
                }
            } else if (event instanceof JourneyEvent.InstanceEvent about && queued.containsKey(about.instance())) {
                assertThat(about).as("an event of %s while queued", about.instance())
                        .isInstanceOf(JourneyEvent.EntryQueued.class);
            } else if (event instanceof JourneyEvent.MessageSent sent) {
                assertThat(queued).as("%s sent while queued", sent.message().key())
                        .doesNotContainKey(ref(sent.message().key()));
            }
        }
        assertThat(attempts).as("journeys %s triggered no outcome, at the end").isEmpty();
        queued.forEach((instance, queue) -> stillQueued.put(instance, queue.admitAt()));
    }

    /** At most {@code maxEntries} of the instants in any window {@code (t - per, t]}. */
    private static void checkWindow(String journeyId, EntryRateLimit limit, List<Instant> instants, String what) {
        List<Instant> byTime = instants.stream().sorted().toList();
        for (int i = 0; i + limit.maxEntries() < byTime.size(); i++) {
            assertThat(Duration.between(byTime.get(i), byTime.get(i + limit.maxEntries())))
                    .as("%s of %s let in %d within %s: %s", what, journeyId, limit.maxEntries() + 1, limit.per(),
                            byTime.subList(i, i + limit.maxEntries() + 1))
                    .isGreaterThanOrEqualTo(limit.per());
        }
    }

    /**
     * Entries go in in arrival order: one that arrived strictly earlier is admitted no later (and
     * strictly earlier than a queued one); queued ones get distinct turns; a queued entry's turn is
     * one millisecond after the latest turn before it, or the first instant the window had room.
     */
    private static void checkTurns(String journeyId, EntryRateLimit limit, List<Booking> booked) {
        for (Booking earlier : booked) {
            for (Booking later : booked) {
                if (earlier.arrived().isBefore(later.arrived())) {
                    assertThat(later.queued() ? earlier.admitted().isBefore(later.admitted())
                            : !earlier.admitted().isAfter(later.admitted()))
                            .as("%s of %s arrived before %s but goes in after it", earlier, journeyId, later).isTrue();
                }
                if (earlier != later && earlier.queued() && later.queued()) {
                    assertThat(earlier.admitted()).as("turns of %s and %s", earlier, later).isNotEqualTo(later.admitted());
                }
            }
        }
        for (Booking queued : booked) {
            if (!queued.queued()) {
                continue;
            }
            Instant justBefore = queued.admitted().minusMillis(1);
            List<Instant> before = booked.stream().map(Booking::admitted).filter(a -> a.isBefore(queued.admitted()))
                    .toList();
            boolean behindPrevious = before.stream().anyMatch(justBefore::equals);
            long inWindow = before.stream().filter(a -> a.isAfter(justBefore.minus(limit.per()))).count();
            assertThat(behindPrevious || inWindow >= limit.maxEntries())
                    .as("%s of %s waits until %s, though the window had room before (%s)", queued, journeyId,
                            queued.admitted(), before).isTrue();
        }
    }
}
