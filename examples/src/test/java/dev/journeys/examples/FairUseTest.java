package dev.journeys.examples;

import dev.journeys.core.Contact;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.testkit.EntryCounts;
import dev.journeys.testkit.JourneyCounts;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.JourneyTestExtension;
import dev.journeys.testkit.StartAt;
import dev.journeys.testkit.Timeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.journeys.examples.FairUse.REGISTRATIONS;
import static dev.journeys.examples.FairUse.START;
import static dev.journeys.examples.FairUse.arrivalOf;
import static dev.journeys.examples.FairUse.registrantOf;
import static dev.journeys.testkit.JourneyAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario S8, every "then", with exact figures: 10,000 registrations 6 ms apart (the last at
 * 59.994 s) meet a limit of 100 entries per rolling minute. Each variant is simulated once for the
 * class; the small given/when/then at the end shows one queued contact step by step.
 *
 * <p>The figures follow from the rule in {@code EntryWindows}: an entry is admitted at the first
 * instant its window {@code (t - 1 min, t]} holds fewer than 100 admissions, so a queued entry
 * goes in when the oldest of the last 100 admissions leaves the window (that admission plus one
 * minute) or one millisecond after the entry queued before it, whichever is later.
 *
 * <p>Registrant {@code i} (from 0) arrives at {@code r(i) = 6i} ms after {@link FairUse#START}; write
 * {@code i = 100k + j} with {@code 0 <= j < 100}. The first 100 ({@code k = 0}) find room and enter
 * on arrival, at {@code 6j}. Every later one arrives before 60,000 ms, when the first slot frees,
 * so it is queued and {@code a(i) = max(a(i - 100) + 60,000, a(i - 1) + 1)}. By induction
 * {@code a(i) = 60,000k + 6j}: the first term is {@code 60,000(k - 1) + 6j + 60,000}; the second
 * is smaller, {@code 6(j - 1) + 1 < 6j} inside a block and {@code 60,000(k - 1) + 594 + 1 < 60,000k}
 * at a block's start, so the one-millisecond rule never binds at this spacing.
 *
 * <ul>
 *   <li>last admission: {@code i = 9,999}, {@code k = j = 99}: 5,940,000 + 594 = 5,940,594 ms,
 *       {@code PT1H39M0.594S} after the start, 10:39:00.594Z;</li>
 *   <li>wait of a queued entry: {@code a(i) - r(i) = 60,000k + 6j - 6(100k + j) = 59,400k} ms, so the
 *       longest ({@code k = 99}) is 5,880,600 ms = {@code PT1H38M0.6S}; the total over the 9,900
 *       queued is {@code 100 * 59,400 * (1 + ... + 99) = 100 * 59,400 * 4,950 = 29,403,000,000} ms and
 *       the average {@code 2,970,000} ms = {@code PT49M30S};</li>
 *   <li>rejecting: the first admission (at 0) leaves the window only at 60,000 ms, after the last
 *       arrival (59,994 ms), so all 10,000 arrive within one window: 100 enter and exactly
 *       10,000 - 100 = 9,900 are rejected.</li>
 * </ul>
 */
@ExtendWith(JourneyTestExtension.class)
@StartAt("2026-03-02T09:00:00Z")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FairUseTest {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final int LIMIT = 100;
    private static final int QUEUED = REGISTRATIONS - LIMIT;

    private JourneyTestEnvironment queueing;
    private JourneyTestEnvironment rejecting;

    @BeforeAll
    void simulateBothVariants() {
        queueing = FairUse.simulate(FairUse.LIMIT);
        rejecting = FairUse.simulate(FairUse.LIMIT.rejecting());
    }

    @AfterAll
    void close() {
        queueing.close();
        rejecting.close();
    }

    /** The instant the derivation above gives for registrant {@code i}: {@code 60,000k + 6j} ms. */
    private static Instant expectedAdmission(int i) {
        return START.plusMillis(MINUTE * (i / LIMIT) + (long) FairUse.SPACING_MILLIS * (i % LIMIT));
    }

    /** Each registrant's one admission, in the order they were fed. */
    private static List<Instant> admissionsInArrivalOrder(JourneyTestEnvironment env) {
        List<Instant> admissions = new ArrayList<>();
        for (int i = 0; i < REGISTRATIONS; i++) {
            List<JourneyEvent.Entered> entered = env.timeline().of(registrantOf(i), JourneyEvent.Entered.class);
            assertThat(entered).as("admissions of %s", registrantOf(i)).hasSize(1);
            admissions.add(entered.get(0).at());
        }
        return admissions;
    }

    /** Every event of a kind, over every registrant, in arrival order. */
    private static <T extends JourneyEvent> List<T> all(JourneyTestEnvironment env, Class<T> kind) {
        List<T> events = new ArrayList<>();
        for (int i = 0; i < REGISTRATIONS; i++) {
            events.addAll(env.timeline().of(registrantOf(i), kind));
        }
        return events;
    }

    @Test
    void theFirstHundredEnterOnArrivalAndGetTheConfirmationAtOnce() {
        Timeline timeline = queueing.timeline();
        for (int i = 0; i < REGISTRATIONS; i++) {
            Instant arrival = arrivalOf(i);
            List<JourneyEvent.EntryQueued> queued = timeline.of(registrantOf(i), JourneyEvent.EntryQueued.class);
            if (i < LIMIT) {
                assertThat(queued).as("registrant %d", i).isEmpty();
                assertThat(timeline.of(registrantOf(i), JourneyEvent.Entered.class)).singleElement()
                        .satisfies(e -> assertThat(e.at()).isEqualTo(arrival));
                assertThat(queueing.contact(registrantOf(i))).receivedAt("webinar-confirmation", arrival);
            } else {
                assertThat(queued).as("registrant %d", i).singleElement()
                        .satisfies(q -> assertThat(q.at()).isEqualTo(arrival));
            }
        }
        List<Instant> admissions = admissionsInArrivalOrder(queueing);
        long onArrival = IntStream.range(0, REGISTRATIONS).filter(i -> admissions.get(i).equals(arrivalOf(i))).count();
        assertThat(onArrival).isEqualTo(100);
    }

    @Test
    void noRollingMinuteAdmitsMoreThanOneHundred() {
        List<Instant> admissions = new ArrayList<>(admissionsInArrivalOrder(queueing));
        admissions.sort(null);

        // A window (t - 1 min, t] holds 101 admissions exactly when some 101 consecutive ones span less than a minute.
        long tightest = Long.MAX_VALUE;
        for (int k = 0; k + LIMIT < admissions.size(); k++) {
            long span = Duration.between(admissions.get(k), admissions.get(k + LIMIT)).toMillis();
            assertThat(span).as("admissions %d to %d", k, k + LIMIT).isGreaterThanOrEqualTo(MINUTE);
            tightest = Math.min(tightest, span);
        }
        assertThat(tightest).as("the limit is used to the full").isEqualTo(MINUTE);
    }

    @Test
    void everyoneIsAdmittedInArrivalOrderAtTheSlotTheyWerePromisedAndNotBefore() {
        List<Instant> admissions = admissionsInArrivalOrder(queueing);

        assertThat(admissions).hasSize(REGISTRATIONS).isSorted().doesNotHaveDuplicates();
        for (JourneyEvent.EntryQueued queued : all(queueing, JourneyEvent.EntryQueued.class)) {
            String registrant = queued.contactId();
            assertThat(queueing.timeline().of(registrant, JourneyEvent.Entered.class)).singleElement()
                    .satisfies(e -> assertThat(e.at()).isEqualTo(queued.admitAt()));
            assertThat(queueing.timeline().of(registrant, JourneyEvent.MessageSent.class)).singleElement()
                    .satisfies(sent -> {
                        assertThat(sent.message().message()).isEqualTo("webinar-confirmation");
                        assertThat(sent.at()).isEqualTo(queued.admitAt());
                    });
        }
        JourneyCounts s8 = queueing.report().journey(FairUse.JOURNEY_ID);
        assertThat(s8.entered()).isEqualTo(REGISTRATIONS);
        assertThat(s8.entries().stillQueued()).isZero();
        assertThat(s8.step("one-day").waiting()).isEqualTo(REGISTRATIONS);
    }

    @Test
    void theLastIsAdmittedAtTheInstantTheLimitImplies() {
        List<Instant> admissions = admissionsInArrivalOrder(queueing);

        // a(100k + j) = 60,000k + 6j ms, derived in the class comment; the last is k = j = 99.
        for (int i = 0; i < REGISTRATIONS; i++) {
            assertThat(admissions.get(i)).as("admission of registrant %d", i).isEqualTo(expectedAdmission(i));
        }
        assertThat(admissions.get(REGISTRATIONS - 1))
                .isEqualTo(START.plus(Duration.ofHours(1).plusMinutes(39).plusMillis(594)))
                .isEqualTo(Instant.parse("2026-03-02T10:39:00.594Z"));
    }

    @Test
    void theReportCountsTheQueuedEntriesAndTheirWaitsAsTheEventsShowThem() {
        List<JourneyEvent.EntryQueued> queuedEvents = all(queueing, JourneyEvent.EntryQueued.class);
        List<Instant> admissions = admissionsInArrivalOrder(queueing);
        Duration total = Duration.ZERO;
        Duration longest = Duration.ZERO;
        for (int i = LIMIT; i < REGISTRATIONS; i++) {
            Duration waited = Duration.between(arrivalOf(i), admissions.get(i));
            total = total.plus(waited);
            longest = waited.compareTo(longest) > 0 ? waited : longest;
        }

        EntryCounts entries = queueing.report().journey(FairUse.JOURNEY_ID).entries();

        assertThat(queuedEvents).hasSize(QUEUED);
        assertThat(entries.queued()).isEqualTo(queuedEvents.size()).isEqualTo(9_900);
        assertThat(entries.stillQueued()).isZero();
        assertThat(entries.declined()).isEmpty();
        assertThat(entries.totalWait()).isEqualTo(total).isEqualTo(Duration.ofMillis(29_403_000_000L));
        assertThat(entries.longestWait()).isEqualTo(longest).isEqualTo(Duration.ofMillis(5_880_600))
                .isEqualTo(Duration.parse("PT1H38M0.6S"));
        assertThat(entries.averageWait()).isEqualTo(total.dividedBy(QUEUED)).isEqualTo(Duration.ofMillis(2_970_000))
                .isEqualTo(Duration.parse("PT49M30S"));
        assertThat(queuedEvents.stream().map(JourneyEvent.EntryQueued::waits).reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(total);
        assertThat(queueing.engine().stats().entriesQueued()).isEqualTo(9_900);
        assertThat(queueing.engine().stats().entriesDeclined()).isZero();
    }

    @Test
    void withRejectingExactlyTheExcessOverTheOneMinuteIsTurnedAwayAndNobodyQueued() {
        List<JourneyEvent.EntryDeclined> declined = all(rejecting, JourneyEvent.EntryDeclined.class);
        EntryCounts entries = rejecting.report().journey(FairUse.JOURNEY_ID).entries();

        assertThat(declined).hasSize(9_900).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DeclineReason.RATE_LIMITED));
        for (int i = 0; i < REGISTRATIONS; i++) {
            List<JourneyEvent.Entered> entered = rejecting.timeline().of(registrantOf(i), JourneyEvent.Entered.class);
            if (i < LIMIT) {
                Instant arrival = arrivalOf(i);
                assertThat(entered).singleElement().satisfies(e -> assertThat(e.at()).isEqualTo(arrival));
            } else {
                assertThat(entered).as("registrant %d", i).isEmpty();
                assertThat(rejecting.timeline().of(registrantOf(i), JourneyEvent.MessageSent.class)).isEmpty();
            }
        }
        assertThat(entries.declined()).isEqualTo(Map.of(DeclineReason.RATE_LIMITED, 9_900L));
        assertThat(entries.queued()).isZero();
        assertThat(entries.stillQueued()).isZero();
        assertThat(all(rejecting, JourneyEvent.EntryQueued.class)).isEmpty();
        assertThat(rejecting.report().journey(FairUse.JOURNEY_ID).entered()).isEqualTo(100);
        assertThat(rejecting.engine().stats().entriesDeclined()).isEqualTo(9_900);
        assertThat(rejecting.engine().stats().entriesQueued()).isZero();
    }

    @Test
    void aQueuedRegistrantGetsNothingUntilItsSlotAndTheReminderADayAfterIt(JourneyTestEnvironment.Builder given) {
        JourneyTestEnvironment env = given.journey(FairUse.journey(EntryRateLimit.of(1, Duration.ofMinutes(1))))
                .contact(Contact.of("ana").withConsent("email"))
                .contact(Contact.of("ben").withConsent("email"))
                .build();
        Instant t = env.now();

        // given ana and ben register in the same minute and only one may enter per minute
        env.accept(FairUse.registered("r1", "ana", t));
        env.accept(FairUse.registered("r2", "ben", t.plusSeconds(10)));

        // then ben waits, with nothing sent, until ana's entry leaves the window
        env.advance(Duration.ofSeconds(59));
        assertThat(env.contact("ben").eventsOf(JourneyEvent.EntryQueued.class)).singleElement()
                .satisfies(q -> assertThat(q.admitAt()).isEqualTo(t.plusSeconds(60)));
        assertThat(env.contact("ben")).received();

        // when two days pass, ben is admitted at his slot and his reminder counts from there
        env.advance(Duration.ofDays(2));
        assertThat(env.contact("ben"))
                .received("webinar-confirmation", "webinar-reminder")
                .receivedAt("webinar-confirmation", t.plusSeconds(60))
                .receivedAt("webinar-reminder", t.plusSeconds(60).plus(Duration.ofDays(1)));
        assertThat(env.contact("ana")).receivedAt("webinar-reminder", t.plus(Duration.ofDays(1)));
    }

    @Test
    void theExampleProgramPrintsWhoWaitedHowLongAndHowManyWereRejected() {
        String printed = Printed.by(FairUse::run);

        List<String> lines = printed.lines().toList();
        assertThat(lines).contains("Scenario S8: 10,000 webinar registrations, one every 6 ms from 2026-03-02T09:00:00Z"
                + " to 2026-03-02T09:00:59.994Z");
        assertThat(lines).containsSequence(
                "Journey 'Webinar reminders', at most 100 entries per PT1M, excess queued:",
                "  entered at once  100",
                "  waited           9,900",
                "  rejected         0",
                "  average wait     PT49M30S",
                "  longest wait     PT1H38M0.6S",
                "  last admitted    2026-03-02T10:39:00.594Z (PT1H39M0.594S after the first registration)",
                "  admissions per minute since 2026-03-02T09:00:00Z:",
                "    minutes   admitted each   admitted by the end",
                "    0 - 99              100                10,000",
                "  engine stats     10,000 entered, 9,900 queued, 0 declined",
                "  report entries:  declined {}, queued 9,900 (still 0, average wait PT49M30S, longest PT1H38M0.6S)");
        assertThat(lines).containsSequence(
                "Journey 'Webinar reminders', at most 100 entries per PT1M, excess rejected:",
                "  entered at once  100",
                "  waited           0",
                "  rejected         9,900",
                "  average wait     PT0S",
                "  longest wait     PT0S",
                "  last admitted    2026-03-02T09:00:00.594Z (PT0.594S after the first registration)",
                "  admissions per minute since 2026-03-02T09:00:00Z:",
                "    minutes   admitted each   admitted by the end",
                "    0                   100                   100",
                "  engine stats     100 entered, 0 queued, 9,900 declined",
                "  report entries:  declined {RATE_LIMITED=9900}, queued 0 (still 0, average wait PT0S, longest PT0S)");
    }
}
