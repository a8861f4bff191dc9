package dev.journeys.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One contact's pass through one version of a journey, as it stands while the contact waits.
 *
 * <p>Kept small and flat on purpose: a waiting contact costs a few dozen bytes. Times are epoch
 * milliseconds; the accessors returning {@link Instant} read them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param version the version the contact entered and finishes on
 * @param number the instance's number, counted per contact and journey from 1
 * @param stepId the step the contact waits at
 * @param enteredAtMillis when the contact entered
 * @param waitingSinceMillis when the contact reached the step it waits at
 * @param dueAtMillis when the wait ends, or {@link Long#MAX_VALUE} if it ends by no timer
 * @param visits how many steps the instance has run; the last step's visit number
 * @param facts one bit per tracked fact (a click, open or event since entry) that happened
 * @param pausedRemainingMillis {@link #NOT_PAUSED} while running; while paused, how long the wait
 *     had left ({@link #NOT_DUE} if no timer ends it)
 * @param entryData the fields of the event that started the instance that the journey keeps
 *     ({@link JourneyPolicies#triggerFields()}): passed to its messages and actions for
 *     personalisation, and read by payload conditions where no event is at hand (branches,
 *     content variants); empty if an enrolment started it
 * @param incident why the instance is parked, if it is: it then takes no step and has no timer
 *     until the host retries or ends it
 */
public record JourneyInstance(String journeyId, int version, int number, String stepId, long enteredAtMillis,
                              long waitingSinceMillis, long dueAtMillis, int visits, long facts,
                              long pausedRemainingMillis, Attributes entryData, Optional<Incident> incident) {

    /** The {@link #dueAtMillis()} of an instance that no timer ends. */
    public static final long NOT_DUE = Long.MAX_VALUE;

    /**
     * The {@link #dueAtMillis()} of an instance whose wait ended while its journey was paused:
     * it runs on when the journey is resumed. Not a time: {@link ContactState#nextDueAtMillis()}
     * does not count it.
     */
    public static final long HELD = Long.MAX_VALUE - 1;

    /** The {@link #pausedRemainingMillis()} of a running instance. */
    public static final long NOT_PAUSED = -1;

    /**
     * Creates a running instance.
     *
     * @param journeyId the journey
     * @param version the version
     * @param number the instance's number
     * @param stepId the step it waits at
     * @param enteredAtMillis when the contact entered
     * @param waitingSinceMillis when the contact reached the step
     * @param dueAtMillis when the wait ends, or {@link #NOT_DUE}
     * @param visits how many steps it has run
     * @param facts the tracked facts
     */
    public JourneyInstance(String journeyId, int version, int number, String stepId, long enteredAtMillis,
                           long waitingSinceMillis, long dueAtMillis, int visits, long facts) {
        this(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, dueAtMillis, visits, facts,
                NOT_PAUSED, Attributes.empty(), Optional.empty());
    }

    /**
     * Creates an instance that is not parked.
     *
     * @param journeyId the journey
     * @param version the version
     * @param number the instance's number
     * @param stepId the step it waits at
     * @param enteredAtMillis when the contact entered
     * @param waitingSinceMillis when the contact reached the step
     * @param dueAtMillis when the wait ends, or {@link #NOT_DUE}
     * @param visits how many steps it has run
     * @param facts the tracked facts
     * @param pausedRemainingMillis {@link #NOT_PAUSED}, or how long a paused wait had left
     * @param entryData the kept fields of the event that started it
     */
    public JourneyInstance(String journeyId, int version, int number, String stepId, long enteredAtMillis,
                           long waitingSinceMillis, long dueAtMillis, int visits, long facts,
                           long pausedRemainingMillis, Attributes entryData) {
        this(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, dueAtMillis, visits, facts,
                pausedRemainingMillis, entryData, Optional.empty());
    }

    /** Checks the components. */
    public JourneyInstance {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(entryData, "entryData");
        Objects.requireNonNull(incident, "incident");
    }

    /** Returns whether the instance is parked by an {@link Incident}. */
    public boolean isParked() {
        return incident.isPresent();
    }

    /**
     * Returns a parked copy: no timer ends its wait until it is {@linkplain #unparked() retried}.
     *
     * @param reason what failed
     * @param nowMillis when
     * @return the parked instance
     */
    public JourneyInstance parked(String reason, long nowMillis) {
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, NOT_DUE,
                visits, facts, pausedRemainingMillis, entryData,
                Optional.of(new Incident(reason, nowMillis, dueAtMillis)));
    }

    /** Returns a copy that is no longer parked, its timer as it was when it was parked. */
    public JourneyInstance unparked() {
        return incident.map(parked -> new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis,
                waitingSinceMillis, parked.resumeDueAtMillis(), visits, facts, pausedRemainingMillis, entryData,
                Optional.empty())).orElse(this);
    }

    /**
     * Returns whether the instance is queued by its journey's {@link EntryRateLimit}: it has run no
     * step yet, and starts at its {@link #dueAt()}, the entry slot it was given.
     */
    public boolean isQueued() {
        return visits == 0;
    }

    /** Returns when the contact entered. */
    public Instant enteredAt() {
        return Instant.ofEpochMilli(enteredAtMillis);
    }

    /** Returns when the contact's current wait ends, if a timer ends it. */
    public Optional<Instant> dueAt() {
        return dueAtMillis == NOT_DUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(dueAtMillis));
    }

    /** Returns whether the instance is of this journey version and number. */
    public boolean is(String journeyId, int version, int number) {
        return this.number == number && this.version == version && this.journeyId.equals(journeyId);
    }

    /** Returns a copy waiting at a step. */
    public JourneyInstance withWait(String stepId, long sinceMillis, long dueAtMillis, int visits) {
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, sinceMillis, dueAtMillis,
                visits, facts, pausedRemainingMillis, entryData, incident);
    }

    /** Returns a copy of a queued instance let in now: it entered now, and runs its first step. */
    public JourneyInstance admitted(long nowMillis) {
        return new JourneyInstance(journeyId, version, number, stepId, nowMillis, nowMillis, NOT_DUE, 0, facts,
                NOT_PAUSED, entryData, incident);
    }

    /** Returns a copy with more facts set. */
    public JourneyInstance withFacts(long moreFacts) {
        return (facts | moreFacts) == facts ? this : new JourneyInstance(journeyId, version, number, stepId,
                enteredAtMillis, waitingSinceMillis, dueAtMillis, visits, facts | moreFacts, pausedRemainingMillis,
                entryData, incident);
    }

    /** Returns whether the instance's wait ended while its journey was paused, so it waits for the resume. */
    public boolean isHeld() {
        return dueAtMillis == HELD;
    }

    /** Returns a copy due at another time: {@link #HELD}, or the time a held instance is released. */
    public JourneyInstance dueAt(long atMillis) {
        return atMillis == dueAtMillis ? this : new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis,
                waitingSinceMillis, atMillis, visits, facts, pausedRemainingMillis, entryData, incident);
    }

    /** Returns whether the instance is paused. */
    public boolean isPaused() {
        return pausedRemainingMillis != NOT_PAUSED;
    }

    /** Returns a paused copy: its timer held, keeping the time it had left. */
    public JourneyInstance paused(long nowMillis) {
        long remaining = dueAtMillis == NOT_DUE ? NOT_DUE
                : dueAtMillis == HELD ? 0 : Math.max(0, dueAtMillis - nowMillis);
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, NOT_DUE,
                visits, facts, remaining, entryData, incident);
    }

    /** Returns a running copy whose wait goes on for the time it had left. */
    public JourneyInstance resumed(long nowMillis) {
        long due = pausedRemainingMillis == NOT_DUE ? NOT_DUE : nowMillis + pausedRemainingMillis;
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, due,
                visits, facts, NOT_PAUSED, entryData, incident);
    }
}
