package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuietHoursTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    /** 22:00 in Chicago on 2026-03-02 (CST, UTC-6). */
    private static final Instant LATE = Instant.parse("2026-03-03T04:00:00Z");
    private static final QuietHours NIGHT = QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0));

    private final TestClock clock = new TestClock(LATE);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory()
            .put(Contact.of("ana").withZone(CHICAGO).withConsent("email"));
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<JourneyEvent> events = new ArrayList<>();

    private static JourneyDefinition welcome(Optional<QuietHours> own) {
        return new JourneyDefinition("welcome", 1, "welcome", new Entry.OnEvent(Trigger.on("go")), "hello",
                List.of(email("hello", "hello", to("later")), waitFor("later", Duration.ofHours(1), to("bye")),
                        email("bye", "bye", Optional.empty())),
                List.of(), Optional.empty(), own.map(JourneyPolicies.defaults()::withQuietHours).orElse(JourneyPolicies.defaults()));
    }

    private JourneyEngine engine(QuietHours engineQuiet, JourneyDefinition journey) {
        return JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel).listener(events::add)
                .quietHours(engineQuiet).journey(journey).build();
    }

    private void runUntil(JourneyEngine engine, Instant until) {
        while (engine.nextDueAt().filter(due -> !due.isAfter(until)).isPresent()) {
            clock.advance(Duration.between(clock.instant(), engine.nextDueAt().get()));
            engine.runDue();
        }
        clock.advance(Duration.between(clock.instant(), until));
    }

    @Test
    void aSendDueInsideQuietHoursGoesOutWhenTheyEndWithTheSameKey() {
        try (JourneyEngine engine = engine(NIGHT, welcome(Optional.empty()))) {
            engine.accept(Event.of("g", "go", "ana", LATE));
            assertThat(channel.sent()).isEmpty();
            assertThat(engine.nextDueAt()).contains(Instant.parse("2026-03-03T14:00:00Z")); // 08:00 in Chicago

            runUntil(engine, Instant.parse("2026-03-04T00:00:00Z"));

            assertThat(channel.sent()).extracting(OutgoingMessage::message, m -> m.decidedAt(), m -> m.key().visit())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("hello", Instant.parse("2026-03-03T14:00:00Z"), 1),
                            org.assertj.core.groups.Tuple.tuple("bye", Instant.parse("2026-03-03T15:00:00Z"), 3));
            assertThat(events).filteredOn(JourneyEvent.SendDeferred.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((JourneyEvent.SendDeferred) e).until())
                            .isEqualTo(Instant.parse("2026-03-03T14:00:00Z")));
            assertThat(engine.stats().sendsDeferred()).isEqualTo(1);
        }
    }

    @Test
    void aSendThatWouldBeHeldTooLongIsSkippedAndThePathGoesOn() {
        try (JourneyEngine engine = engine(NIGHT.withMaxDeferral(Duration.ofHours(1)), welcome(Optional.empty()))) {
            engine.accept(Event.of("g", "go", "ana", LATE));
            runUntil(engine, Instant.parse("2026-03-04T00:00:00Z"));

            assertThat(events).filteredOn(JourneyEvent.MessageSkipped.class::isInstance)
                    .extracting(e -> ((JourneyEvent.MessageSkipped) e).reason(), e -> ((JourneyEvent.MessageSkipped) e).stepId())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(SkipReason.QUIET_HOURS, "hello"),
                            org.assertj.core.groups.Tuple.tuple(SkipReason.QUIET_HOURS, "bye"));
            assertThat(channel.sent()).isEmpty();
        }
    }

    @Test
    void consentIsCheckedAgainWhenAHeldSendIsReleased() {
        try (JourneyEngine engine = engine(NIGHT, welcome(Optional.empty()))) {
            engine.accept(Event.of("g", "go", "ana", LATE));
            contacts.update("ana", c -> c.withoutConsent("email"));
            runUntil(engine, Instant.parse("2026-03-03T14:00:00Z"));

            assertThat(channel.sent()).isEmpty();
            assertThat(events).filteredOn(JourneyEvent.MessageSkipped.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((JourneyEvent.MessageSkipped) e).reason()).isEqualTo(SkipReason.NO_CONSENT));
        }
    }

    @Test
    void aJourneysOwnQuietHoursReplaceTheEngines() {
        QuietHours evening = QuietHours.between(LocalTime.of(18, 0), LocalTime.of(23, 0));
        try (JourneyEngine engine = engine(NIGHT, welcome(Optional.of(evening)))) {
            engine.accept(Event.of("g", "go", "ana", LATE)); // 22:00: inside the journey's window, until 23:00

            assertThat(engine.nextDueAt()).contains(Instant.parse("2026-03-03T05:00:00Z"));
        }
    }

    @Test
    void quietHoursWithEqualStartAndEndAreRejected() {
        assertThatThrownBy(() -> QuietHours.between(LocalTime.NOON, LocalTime.NOON))
                .hasMessage("quiet hours need different start and end, both were 12:00");
    }

    @Provide
    Arbitrary<List<Integer>> entryMinutes() {
        return Arbitraries.integers().between(0, 4 * 24 * 60).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneId.of("America/Chicago"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Tokyo"),
                ZoneId.of("UTC"), ZoneId.of("America/St_Johns"));
    }

    @Property(tries = 200, seed = "3")
    void noMessageIsEverSentInsideQuietHours(@ForAll("entryMinutes") List<Integer> minutes, @ForAll("zones") ZoneId zone,
                                            @ForAll("zones") ZoneId otherZone) {
        Instant start = Instant.parse("2026-03-06T00:00:00Z"); // spans the US daylight-saving change on 03-08
        TestClock clock = new TestClock(start);
        InMemoryContactDirectory directory = ContactDirectory.inMemory()
                .put(Contact.of("a").withZone(zone).withConsent("email"))
                .put(Contact.of("b").withZone(otherZone).withConsent("email"));
        RecordingChannel sent = MessageChannel.recording();
        try (JourneyEngine engine = JourneyEngine.builder().clock(clock).contacts(directory).defaultChannel(sent)
                .quietHours(NIGHT).journey(welcome(Optional.empty())).build()) {
            int n = 0;
            for (int minute : minutes.stream().sorted().toList()) {
                Instant at = start.plus(Duration.ofMinutes(minute));
                while (engine.nextDueAt().filter(due -> !due.isAfter(at)).isPresent()) {
                    clock.advance(Duration.between(clock.instant(), engine.nextDueAt().get()));
                    engine.runDue();
                }
                clock.advance(Duration.between(clock.instant(), at));
                engine.accept(Event.of("e" + n, "go", n % 2 == 0 ? "a" : "b", at));
                n++;
            }
            Instant end = start.plus(Duration.ofDays(6));
            while (engine.nextDueAt().filter(due -> !due.isAfter(end)).isPresent()) {
                clock.advance(Duration.between(clock.instant(), engine.nextDueAt().get()));
                engine.runDue();
            }
            Statistics.collect(engine.stats().sendsDeferred() > 0 ? "deferred" : "none deferred");
        }
        for (OutgoingMessage message : sent.sent()) {
            ZoneId contactZone = message.contactId().equals("a") ? zone : otherZone;
            assertThat(NIGHT.contains(message.decidedAt(), contactZone))
                    .as("%s sent at %s", message.key(), message.decidedAt().atZone(contactZone)).isFalse();
        }
    }
}
