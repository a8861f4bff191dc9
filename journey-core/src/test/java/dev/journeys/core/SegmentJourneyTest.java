package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.EnrolmentProgress;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Segment journeys: schedules, paged enrolment that resumes without entering anyone twice. */
class SegmentJourneyTest {

    private static final Segments TEXANS = Segments.builder()
            .segment(Segment.of("texans", attribute("state").isEqualTo("TX"))).build();

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory();
    private final RecordingChannel channel = MessageChannel.recording();
    private final JourneyStore store = JourneyStore.inMemory();
    private final List<JourneyEvent> events = new ArrayList<>();
    private JourneyEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static JourneyDefinition teaser(Schedule schedule) {
        return new JourneyDefinition("teaser", 1, "teaser", new Entry.FromSegment("texans", Optional.of(schedule)),
                "teaser", List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty());
    }

    private void people(int count) {
        for (int i = 0; i < count; i++) {
            contacts.put(Contact.of(String.format("c%05d", i)).withConsent("email")
                    .withAttributes(Attributes.of("state", i % 3 == 0 ? "TX" : "OK")));
        }
    }

    private JourneyEngine engine(ContactDirectory directory, JourneyDefinition journey) {
        engine = JourneyEngine.builder().clock(clock).contacts(directory).store(store).defaultChannel(channel)
                .listener(events::add).segments(TEXANS).journey(journey).build();
        return engine;
    }

    private long entered() {
        return events.stream().filter(JourneyEvent.Entered.class::isInstance).count();
    }

    @Test
    void aWeeklySegmentJourneyEnrolsItsMembersAtEachOccurrenceUntilItsEnd() {
        people(9); // c00000, c00003, c00006 are Texans
        Schedule weekly = Schedule.at(T.plus(Duration.ofHours(5))).repeating(Recurrence.weekly())
                .until(T.plus(Duration.ofDays(15)));
        engine(contacts, teaser(weekly));

        assertThat(engine.nextDueAt()).contains(T.plus(Duration.ofHours(5)));
        List<Instant> occurrences = new ArrayList<>();
        while (engine.nextDueAt().isPresent()) {
            clock.set(engine.nextDueAt().get());
            occurrences.add(clock.instant());
            engine.runDue();
        }

        assertThat(occurrences).containsExactly(T.plus(Duration.ofHours(5)), T.plus(Duration.ofDays(7)).plusSeconds(5 * 3600),
                T.plus(Duration.ofDays(14)).plusSeconds(5 * 3600));
        assertThat(channel.sent()).hasSize(9).allSatisfy(m -> assertThat(m.contactId()).isIn("c00000", "c00003", "c00006"));
        assertThat(store.enrolmentProgress("teaser")).get().satisfies(p -> {
            assertThat(p.done()).isTrue();
            assertThat(p.considered()).isEqualTo(9);
            assertThat(p.members()).isEqualTo(3);
        });
    }

    @Test
    void anInterruptedEnrolmentResumesAndEntersNobodyTwice() {
        people(2_500); // 834 Texans over three pages of 1,000
        AtomicBoolean failOnce = new AtomicBoolean(true);
        ContactDirectory flaky = new ContactDirectory() {
            @Override
            public Optional<Contact> find(String contactId) {
                return contacts.find(contactId);
            }

            @Override
            public List<Contact> page(Optional<String> afterId, int limit) {
                if (afterId.isPresent() && failOnce.getAndSet(false)) {
                    throw new IllegalStateException("directory unavailable");
                }
                return contacts.page(afterId, limit);
            }
        };
        engine(flaky, teaser(Schedule.at(T)));

        engine.runDue(); // the first page enrols, the second fails
        EnrolmentProgress interrupted = store.enrolmentProgress("teaser").orElseThrow();
        long afterFailure = entered();
        // As if the engine crashed before saving its last page: the run starts over from the beginning.
        store.saveEnrolmentProgress(EnrolmentProgress.starting("teaser", T));
        engine.runDue();

        assertThat(interrupted.done()).isFalse();
        assertThat(interrupted.lastContactId()).contains("c00999");
        assertThat(afterFailure).isEqualTo(334);
        assertThat(entered()).isEqualTo(834);
        assertThat(channel.sent()).hasSize(834);
        assertThat(store.enrolmentProgress("teaser").orElseThrow().done()).isTrue();
        assertThat(engine.stats().processingFailures()).isEqualTo(1);
    }

    @Test
    void onlyTheLatestOfSeveralMissedOccurrencesRuns() {
        people(3);
        engine(contacts, teaser(Schedule.at(T).repeating(Recurrence.daily())));

        clock.advance(Duration.ofDays(3).plusHours(1));
        engine.runDue();

        assertThat(store.enrolmentProgress("teaser").orElseThrow().occurrence()).isEqualTo(T.plus(Duration.ofDays(3)));
        assertThat(entered()).isEqualTo(1);
        assertThat(engine.nextDueAt()).contains(T.plus(Duration.ofDays(4)));
    }

    @Test
    void anEnrolmentByHandEvaluatesTheSegmentNow() {
        people(6);
        engine(contacts, new JourneyDefinition("teaser", 1, "teaser", new Entry.FromSegment("texans"), "teaser",
                List.of(email("teaser", "teaser", Optional.empty())), List.of(), Optional.empty()));

        EnrolmentProgress progress = engine.enrolSegment("teaser");

        assertThat(progress.members()).isEqualTo(2);
        assertThat(channel.sent()).extracting(OutgoingMessage::contactId).containsExactly("c00000", "c00003");
        assertThat(engine.nextDueAt()).isEmpty();
    }

    @Test
    void cronRecurrencesFollowTheWallClockAndABadScheduleIsRejected() {
        Recurrence mondays = Recurrence.cron("0 9 * * MON", ZoneId.of("America/Chicago"));

        assertThat(mondays.nextAfter(Instant.parse("2026-03-02T16:00:00Z"))) // Monday 10:00 CST
                .contains(Instant.parse("2026-03-09T14:00:00Z")); // next Monday 09:00 CDT, after the change
        assertThat(Recurrence.cron("30 8 1,15 * *", ZoneId.of("UTC")).nextAfter(T))
                .contains(Instant.parse("2026-03-15T08:30:00Z"));
        assertThatThrownBy(() -> Schedule.at(T).repeating(Recurrence.cron("0 0 30 2 *", ZoneId.of("UTC"))))
                .hasMessage("schedule's recurrence never fires: cron '0 0 30 2 *' in UTC matches no instant in the "
                        + "eight years after 2026-03-02T09:00:00Z");
        assertThatThrownBy(() -> Schedule.at(T).until(T.minusSeconds(1)))
                .hasMessage("schedule never fires: it ends at 2026-03-02T08:59:59Z, before its start 2026-03-02T09:00:00Z");
        assertThatThrownBy(() -> CronExpression.parse("0 25 * * *"))
                .hasMessage("cron expression '0 25 * * *': hour 25 is outside 0-23");
        assertThatThrownBy(() -> CronExpression.parse("0 9 * *"))
                .hasMessage("cron expression '0 9 * *' must have 5 fields (minute hour day-of-month month day-of-week), has 4");
        assertThatThrownBy(() -> CronExpression.parse("0 9 * * FUNDAY"))
                .hasMessageStartingWith("cron expression '0 9 * * FUNDAY': day of week 'FUNDAY' is not a number or one of");
    }
}
