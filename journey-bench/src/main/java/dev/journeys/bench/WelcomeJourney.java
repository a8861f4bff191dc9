package dev.journeys.bench;

import dev.journeys.core.Event;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;

import java.time.Duration;
import java.time.Instant;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Trigger.on;

/**
 * The reference journey the benchmarks measure, and the contacts that run through it: a
 * contact signs up, is sent a welcome, waits two days, and is sent one of two offers by their {@code group} (about
 * half each way); then the journey ends.
 *
 * <pre>{@code
 * Journey.withId("welcome").triggeredBy(on("signed.up"))
 *         .send("welcome", Message.email("welcome"))
 *         .waitFor("two-days", Duration.ofDays(2))
 *         .branch("by-group", cases -> cases
 *                 .when(attribute("group").isEqualTo("a"), path -> path.send("offer-a", Message.email("offer-a")))
 *                 .otherwise(path -> path.send("offer-b", Message.email("offer-b"))))
 *         .build();
 * }</pre>
 *
 * <p>Every implementation in the comparison (this engine, the hand-written baseline, Camunda,
 * Flowable) runs this same journey on the same contacts. Immutable and thread-safe.
 */
public final class WelcomeJourney {

    /** The journey's id, and the process key on the peer engines. */
    public static final String ID = "welcome";
    /** The entry event's type. */
    public static final String TRIGGER = "signed.up";
    /** The message sent on entry. */
    public static final String WELCOME = "welcome";
    /** The message sent after the wait to group {@code a}. */
    public static final String OFFER_A = "offer-a";
    /** The message sent after the wait to everyone else. */
    public static final String OFFER_B = "offer-b";
    /** How long a contact waits between the two sends. */
    public static final Duration WAIT = Duration.ofDays(2);
    /** When every run starts. */
    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    /** The most contacts the ids below can name. */
    public static final int MAX_CONTACTS = 100_000_000;

    private WelcomeJourney() {
    }

    /** Returns the journey. */
    public static JourneyDefinition definition() {
        return Journey.withId(ID).triggeredBy(on(TRIGGER))
                .send("welcome", Message.email(WELCOME))
                .waitFor("two-days", WAIT)
                .branch("by-group", cases -> cases
                        .when(attribute("group").isEqualTo("a"), path -> path.send("offer-a", Message.email(OFFER_A)))
                        .otherwise(path -> path.send("offer-b", Message.email(OFFER_B))))
                .build();
    }

    /**
     * Returns the id of the contact with this number: {@code c} and eight digits, so ids sort by
     * number.
     */
    public static String contactId(int index) {
        if (index < 0 || index >= MAX_CONTACTS) {
            throw new IllegalArgumentException("contact number must be within 0-99,999,999, was " + index);
        }
        char[] id = new char[9];
        id[0] = 'c';
        for (int i = 8, n = index; i > 0; i--, n /= 10) {
            id[i] = (char) ('0' + n % 10);
        }
        return new String(id);
    }

    /** Returns the number in a contact id made by {@link #contactId}, or -1 if it is not one. */
    public static int indexOf(String contactId) {
        if (contactId.length() != 9 || contactId.charAt(0) != 'c') {
            return -1;
        }
        int n = 0;
        for (int i = 1; i < 9; i++) {
            char c = contactId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Returns whether the contact with this number is in group {@code a}: a stable hash of the
     * number, so about half are, in no regular pattern.
     */
    public static boolean inGroupA(int index) {
        return (index * 0x9E3779B9) >>> 31 == 0;
    }

    /** Returns the contact's group: {@code a} or {@code b}. */
    public static String group(int index) {
        return inGroupA(index) ? "a" : "b";
    }

    /** Returns how many of the first {@code contacts} contacts are in group {@code a}. */
    public static int countGroupA(int contacts) {
        int count = 0;
        for (int i = 0; i < contacts; i++) {
            count += inGroupA(i) ? 1 : 0;
        }
        return count;
    }

    /** Returns the entry events of the first {@code contacts} contacts, all at {@code at}. */
    public static Event[] entryEvents(int contacts, Instant at) {
        Event[] events = new Event[contacts];
        for (int i = 0; i < contacts; i++) {
            events[i] = Event.of("signup-" + i, TRIGGER, contactId(i), at);
        }
        return events;
    }
}
