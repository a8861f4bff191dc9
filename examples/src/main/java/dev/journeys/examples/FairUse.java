package dev.journeys.examples;

import dev.journeys.core.Attributes;
import dev.journeys.core.DeclineReason;
import dev.journeys.core.engine.EngineStats;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import dev.journeys.testkit.JourneyTestEnvironment;
import dev.journeys.testkit.Population;
import dev.journeys.testkit.Timeline;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static dev.journeys.core.Trigger.on;

/**
 * Scenario S8, "Fair use": a journey that lets in at most 100 contacts a minute receives
 * 10,000 triggers in one minute.
 *
 * <ul>
 *   <li>A {@code webinar.registered} event starts the journey: a confirmation email at once, a
 *       reminder one day later.</li>
 *   <li>The journey's {@link EntryRateLimit} allows 100 entries in any rolling minute. With the
 *       default, {@link #LIMIT}, the excess waits its turn: each contact over the limit is queued
 *       when it registers, runs no step (and gets no email) until its slot, and is let in in
 *       arrival order. With {@code LIMIT.rejecting()} the excess is turned away instead.</li>
 *   <li>The 10,000 registrations come from a seeded population, one every {@value #SPACING_MILLIS}
 *       ms from {@link #START}, so the last arrives 59.994 s after the first.</li>
 * </ul>
 *
 * <p>Run it with {@code mvn -q -pl examples -am compile exec:java
 * -Dexample.main=dev.journeys.examples.FairUse}. It runs both variants on the testkit's virtual
 * clock until everyone queued is admitted and prints who entered at once, who waited and how
 * long, when the last one got in, the admissions per minute and how many were turned away.
 *
 * <p>Not instantiable; the journeys and events it builds are immutable.
 */
public final class FairUse {

    /** When the first registration arrives. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /** The journey's id. */
    public static final String JOURNEY_ID = "webinar-reminders";

    /** The fair-use limit of scenario S8: 100 entries per minute, the excess queued. */
    public static final EntryRateLimit LIMIT = EntryRateLimit.of(100, Duration.ofMinutes(1));

    /** How many registrations arrive. */
    public static final int REGISTRATIONS = 10_000;

    /** The milliseconds between one registration and the next. */
    public static final int SPACING_MILLIS = 6;

    /** The registrants: seeded, all consenting to email. Immutable. */
    static final Population REGISTRANTS = Population.of(REGISTRATIONS).seed(8).idPrefix("registrant")
            .consent("email", 1.0);

    private FairUse() {
    }

    /**
     * Returns the S8 journey with an entry rate limit.
     *
     * @param limit the limit, such as {@link #LIMIT} or {@code LIMIT.rejecting()}
     * @return the journey
     */
    public static JourneyDefinition journey(EntryRateLimit limit) {
        return Journey.withId(JOURNEY_ID)
                .triggeredBy(on("webinar.registered"))
                .named("Webinar reminders")
                .entryRateLimit(limit)
                .send("confirmation", Message.email("webinar-confirmation"))
                .waitFor("one-day", Duration.ofDays(1))
                .send("reminder", Message.email("webinar-reminder"))
                .build();
    }

    /** Returns a webinar registration, which starts the journey. */
    public static Event registered(String eventId, String contactId, Instant at) {
        return Event.of(eventId, "webinar.registered", contactId, at)
                .withPayload(Attributes.of("webinar", "brewing-at-scale"));
    }

    /** Returns the id of the registrant who arrives {@code index}-th (from 0). */
    public static String registrantOf(int index) {
        return REGISTRANTS.idOf(index);
    }

    /** Returns when the registrant at {@code index} (from 0) registers: {@code index * 6 ms} after {@link #START}. */
    public static Instant arrivalOf(int index) {
        return START.plusMillis((long) index * SPACING_MILLIS);
    }

    /**
     * Feeds the 10,000 registrations to the journey with the limit on a virtual clock starting at
     * {@link #START}, and runs it until the last queued registrant has been admitted (or, if none
     * was queued, until the last registration).
     *
     * @param limit the journey's entry rate limit
     * @return the environment, to read; the caller closes it
     */
    static JourneyTestEnvironment simulate(EntryRateLimit limit) {
        JourneyTestEnvironment env = JourneyTestEnvironment.builder()
                .startingAt(START)
                .journey(journey(limit))
                .population(REGISTRANTS)
                .build();
        for (int i = 0; i < REGISTRATIONS; i++) {
            env.schedule(registered("registration-" + i, registrantOf(i), arrivalOf(i)));
        }
        env.advanceTo(arrivalOf(REGISTRATIONS - 1));
        lastSlot(env.timeline()).ifPresent(env::advanceTo);
        return env;
    }

    /** Returns the latest instant any queued registrant was promised admission. */
    private static Optional<Instant> lastSlot(Timeline timeline) {
        return IntStream.range(0, REGISTRATIONS)
                .mapToObj(i -> timeline.of(registrantOf(i), JourneyEvent.EntryQueued.class))
                .flatMap(List::stream)
                .map(JourneyEvent.EntryQueued::admitAt)
                .max(Comparator.naturalOrder());
    }

    /**
     * Runs both variants and prints what happened.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the queueing and the rejecting variant, printing each one's figures to {@code out}. */
    static void run(PrintStream out) {
        out.printf("Scenario S8: %,d webinar registrations, one every %d ms from %s to %s%n", REGISTRATIONS,
                SPACING_MILLIS, START, arrivalOf(REGISTRATIONS - 1));
        for (EntryRateLimit limit : List.of(LIMIT, LIMIT.rejecting())) {
            out.println();
            out.println("Journey '" + journey(limit).name() + "', " + limit + ":");
            try (JourneyTestEnvironment env = simulate(limit)) {
                Admissions.of(env.timeline()).print(out);
                EngineStats stats = env.engine().stats();
                out.printf("  engine stats     %,d entered, %,d queued, %,d declined%n", stats.entries(),
                        stats.entriesQueued(), stats.entriesDeclined());
                out.println("  report entries:  " + env.report().journey(JOURNEY_ID).entries());
            }
        }
    }

    /**
     * What happened to each registrant at the gate, read from the events.
     *
     * @param atOnce admitted on arrival
     * @param waits the wait of each queued registrant who was admitted, in arrival order
     * @param rejected turned away by the limit
     * @param lastAdmitted when the last registrant was admitted
     * @param perMinute admissions per minute since {@link #START}, by minute
     */
    private record Admissions(long atOnce, List<Duration> waits, long rejected, Instant lastAdmitted,
                              Map<Long, Long> perMinute) {

        static Admissions of(Timeline timeline) {
            long atOnce = 0;
            long rejected = 0;
            List<Duration> waits = new ArrayList<>();
            Instant lastAdmitted = START;
            SortedMap<Long, Long> perMinute = new TreeMap<>();
            for (int i = 0; i < REGISTRATIONS; i++) {
                String registrant = registrantOf(i);
                rejected += timeline.of(registrant, JourneyEvent.EntryDeclined.class).stream()
                        .filter(d -> d.reason() == DeclineReason.RATE_LIMITED).count();
                for (JourneyEvent.Entered entered : timeline.of(registrant, JourneyEvent.Entered.class)) {
                    Duration waited = Duration.between(arrivalOf(i), entered.at());
                    if (waited.isZero()) {
                        atOnce++;
                    } else {
                        waits.add(waited);
                    }
                    lastAdmitted = entered.at().isAfter(lastAdmitted) ? entered.at() : lastAdmitted;
                    perMinute.merge(Duration.between(START, entered.at()).toMinutes(), 1L, Long::sum);
                }
            }
            return new Admissions(atOnce, List.copyOf(waits), rejected, lastAdmitted,
                    Collections.unmodifiableSortedMap(perMinute));
        }

        Duration averageWait() {
            return waits.isEmpty() ? Duration.ZERO
                    : waits.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(waits.size());
        }

        Duration longestWait() {
            return waits.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }

        void print(PrintStream out) {
            out.printf("  entered at once  %,d%n", atOnce);
            out.printf("  waited           %,d%n", waits.size());
            out.printf("  rejected         %,d%n", rejected);
            out.printf("  average wait     %s%n", averageWait());
            out.printf("  longest wait     %s%n", longestWait());
            out.printf("  last admitted    %s (%s after the first registration)%n", lastAdmitted,
                    Duration.between(START, lastAdmitted));
            out.println("  admissions per minute since " + START + ":");
            out.println("    minutes   admitted each   admitted by the end");
            List<Map.Entry<Long, Long>> minutes = List.copyOf(perMinute.entrySet());
            long total = 0;
            for (int from = 0, to; from < minutes.size(); from = to + 1) {
                to = endOfRun(minutes, from);
                long first = minutes.get(from).getKey();
                long last = minutes.get(to).getKey();
                long each = minutes.get(from).getValue();
                total += each * (last - first + 1);
                out.printf("    %-9s %,13d   %,19d%n", first == last ? String.valueOf(first) : first + " - " + last,
                        each, total);
            }
        }

        /** Returns the last index of the run of consecutive minutes, from {@code from}, that admitted as many. */
        private static int endOfRun(List<Map.Entry<Long, Long>> minutes, int from) {
            int to = from;
            while (to + 1 < minutes.size() && minutes.get(to + 1).getKey() == minutes.get(to).getKey() + 1
                    && minutes.get(to + 1).getValue().equals(minutes.get(from).getValue())) {
                to++;
            }
            return to;
        }
    }
}
