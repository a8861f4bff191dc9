package dev.journeys.core;

import dev.journeys.core.GovernanceRun.Delivered;
import dev.journeys.core.GovernanceScenario.Delivery;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Governance rules checked on the real engine over generated journeys, contacts and histories
 * ({@link GovernanceScenario}): caps, stops, consent, pausing, quiet hours, re-entry and duplicate
 * events, with events delivered in order, shuffled, repeated and from two threads at once
 * ({@link GovernanceRun}).
 *
 * <p>Every property reads only what the engine reports (listener events, what {@code accept}
 * returned, what the directory held when a message went out), never its internals, and checks
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
}
