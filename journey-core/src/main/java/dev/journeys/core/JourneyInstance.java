package dev.journeys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One contact's pass through one version of a journey, as it stands while the contact waits.
 *
 * <p>Kept small and flat on purpose: a waiting contact costs a few dozen bytes. Times are epoch
 * milliseconds; the accessors returning {@link Instant} read them. What ends the wait is typed by
 * {@link #timer()}, which says what {@link #timerMillis()} holds: an instant, a duration, or
 * nothing. (An enum and a number rather than a record per wait: a record would cost every waiting
 * contact another object.)
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the journey
 * @param version the version the contact entered and finishes on
 * @param number the instance's number, counted per contact and journey from 1
 * @param stepId the step the contact waits at
 * @param enteredAtMillis when the contact entered
 * @param waitingSinceMillis when the contact reached the step it waits at
 * @param timer what ends the wait
 * @param timerMillis for {@link Timer#DUE_AT}, when the wait ends; for {@link Timer#PAUSED}, how long
 *     it had left when the instance was paused; 0 for the others
 * @param visits how many steps the instance has run; the last step's visit number
 * @param facts one bit per tracked fact (a click, open or event since entry) that happened
 * @param entryData the fields of the event that started the instance that the journey keeps
 *     ({@link JourneyPolicies#triggerFields()}): passed to its messages and actions for
 *     personalisation, and read by payload conditions where no event is at hand (branches,
 *     content variants); empty if an enrolment started it
 * @param incident why the instance is parked, if it is: it then takes no step and its timer does
 *     not fire until the host retries or ends it (the timer is kept, so a wait whose time passed
 *     ends at the retry)
 */
public record JourneyInstance(String journeyId, int version, int number, String stepId, long enteredAtMillis,
                              long waitingSinceMillis, Timer timer, long timerMillis, int visits, long facts,
                              Attributes entryData, Optional<Incident> incident) {

    /** What ends an instance's wait, and what its {@link #timerMillis()} holds. */
    public enum Timer {
        /** A timer ends the wait at {@link #timerMillis()}, an instant in epoch milliseconds. */
        DUE_AT,
        /**
         * No timer ends the wait: an event does (a wait for an event without a timeout), or the
         * instance waits for nothing it can reach by time. {@link #timerMillis()} is 0.
         */
        NONE,
        /**
         * The wait ended while the instance's journey was paused: it runs on as soon as the journey
         * is resumed. {@link #timerMillis()} is 0.
         */
        HELD,
        /**
         * The instance is paused (its journey's pause triggers fired): its timer is stopped, and
         * {@link #timerMillis()} is how long the wait had left, which it gets back when resumed.
         */
        PAUSED,
        /** The instance is paused and no timer ends its wait. {@link #timerMillis()} is 0. */
        PAUSED_WITHOUT_TIMER
    }

    /**
     * Creates a running instance whose wait a timer ends.
     *
     * @param journeyId the journey
     * @param version the version
     * @param number the instance's number
     * @param stepId the step it waits at
     * @param enteredAtMillis when the contact entered
     * @param waitingSinceMillis when the contact reached the step
     * @param dueAtMillis when the wait ends
     * @param visits how many steps it has run
     * @param facts the tracked facts
     */
    public JourneyInstance(String journeyId, int version, int number, String stepId, long enteredAtMillis,
                           long waitingSinceMillis, long dueAtMillis, int visits, long facts) {
        this(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, Timer.DUE_AT, dueAtMillis,
                visits, facts, Attributes.empty(), Optional.empty());
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code timerMillis} is not what the timer holds: any
     *     instant for {@link Timer#DUE_AT}, a duration not below 0 for {@link Timer#PAUSED}, 0 for the
     *     others
     */
    public JourneyInstance {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(entryData, "entryData");
        Objects.requireNonNull(incident, "incident");
        boolean fits = switch (timer) {
            case DUE_AT -> true;
            case PAUSED -> timerMillis >= 0;
            case NONE, HELD, PAUSED_WITHOUT_TIMER -> timerMillis == 0;
        };
        if (!fits) {
            throw new IllegalArgumentException("instance #" + number + " of journey '" + journeyId + "': timer "
                    + timer + " cannot hold " + timerMillis + " ms");
        }
    }

    /** Returns whether the instance is parked by an {@link Incident}. */
    public boolean isParked() {
        return incident.isPresent();
    }

    /**
     * Returns a parked copy: its timer does not fire until it is {@linkplain #unparked() retried}.
     *
     * @param reason what failed
     * @param nowMillis when
     * @return the parked instance
     */
    public JourneyInstance parked(String reason, long nowMillis) {
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, timer,
                timerMillis, visits, facts, entryData, Optional.of(new Incident(reason, nowMillis)));
    }

    /** Returns a copy that is no longer parked, its timer as it was kept. */
    public JourneyInstance unparked() {
        return incident.isEmpty() ? this : new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis,
                waitingSinceMillis, timer, timerMillis, visits, facts, entryData, Optional.empty());
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

    /**
     * Returns when the contact's current wait ends, if a timer ends it and fires: not while the
     * instance is paused, held or parked.
     */
    public Optional<Instant> dueAt() {
        return timer == Timer.DUE_AT && incident.isEmpty() ? Optional.of(Instant.ofEpochMilli(timerMillis))
                : Optional.empty();
    }

    /**
     * Returns whether the instance's timer fires at or before an instant: it ends its wait at or
     * before it, and is not parked.
     *
     * @param nowMillis the instant, epoch milliseconds
     * @return whether the engine has the instance's timer to run
     */
    public boolean isDueBy(long nowMillis) {
        return timer == Timer.DUE_AT && timerMillis <= nowMillis && incident.isEmpty();
    }

    /** Returns whether the instance is of this journey version and number. */
    public boolean is(String journeyId, int version, int number) {
        return this.number == number && this.version == version && this.journeyId.equals(journeyId);
    }

    /**
     * Returns a copy waiting at a step until a timer ends the wait.
     *
     * @param stepId the step
     * @param sinceMillis when the contact reached it
     * @param dueAtMillis when the wait ends
     * @param visits the step's visit number
     * @return the waiting instance
     */
    public JourneyInstance withWait(String stepId, long sinceMillis, long dueAtMillis, int visits) {
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, sinceMillis, Timer.DUE_AT,
                dueAtMillis, visits, facts, entryData, incident);
    }

    /**
     * Returns a copy waiting at a step.
     *
     * @param stepId the step
     * @param sinceMillis when the contact reached it
     * @param timer what ends the wait
     * @param timerMillis what the timer holds
     * @param visits the step's visit number
     * @return the waiting instance
     */
    public JourneyInstance withWait(String stepId, long sinceMillis, Timer timer, long timerMillis, int visits) {
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, sinceMillis, timer,
                timerMillis, visits, facts, entryData, incident);
    }

    /** Returns a copy of a queued instance let in now: it entered now, and runs its first step. */
    public JourneyInstance admitted(long nowMillis) {
        return new JourneyInstance(journeyId, version, number, stepId, nowMillis, nowMillis, Timer.NONE, 0, 0,
                facts, entryData, incident);
    }

    /** Returns a copy with more facts set. */
    public JourneyInstance withFacts(long moreFacts) {
        return (facts | moreFacts) == facts ? this : new JourneyInstance(journeyId, version, number, stepId,
                enteredAtMillis, waitingSinceMillis, timer, timerMillis, visits, facts | moreFacts, entryData,
                incident);
    }

    /** Returns whether the instance's wait ended while its journey was paused, so it waits for the resume. */
    public boolean isHeld() {
        return timer == Timer.HELD;
    }

    /** Returns a copy whose wait ended while its journey is paused: it runs on when the journey resumes. */
    public JourneyInstance held() {
        return timer == Timer.HELD ? this : new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis,
                waitingSinceMillis, Timer.HELD, 0, visits, facts, entryData, incident);
    }

    /** Returns a copy whose wait ends at an instant: a held instance released, for one. */
    public JourneyInstance dueAt(long atMillis) {
        return timer == Timer.DUE_AT && atMillis == timerMillis ? this : new JourneyInstance(journeyId, version,
                number, stepId, enteredAtMillis, waitingSinceMillis, Timer.DUE_AT, atMillis, visits, facts, entryData,
                incident);
    }

    /** Returns whether the instance is paused. */
    public boolean isPaused() {
        return timer == Timer.PAUSED || timer == Timer.PAUSED_WITHOUT_TIMER;
    }

    /** Returns how long the paused instance's wait had left when it was paused, if it is paused with a timer. */
    public Optional<Duration> pausedRemaining() {
        return timer == Timer.PAUSED ? Optional.of(Duration.ofMillis(timerMillis)) : Optional.empty();
    }

    /** Returns a paused copy: its timer stopped, keeping the time it had left (none if it was held). */
    public JourneyInstance paused(long nowMillis) {
        return switch (timer) {
            case DUE_AT -> withTimer(Timer.PAUSED, Math.max(0, timerMillis - nowMillis));
            case HELD -> withTimer(Timer.PAUSED, 0);
            case NONE -> withTimer(Timer.PAUSED_WITHOUT_TIMER, 0);
            case PAUSED, PAUSED_WITHOUT_TIMER -> this;
        };
    }

    /** Returns a running copy whose wait goes on for the time it had left. */
    public JourneyInstance resumed(long nowMillis) {
        return switch (timer) {
            case PAUSED -> withTimer(Timer.DUE_AT, nowMillis + timerMillis);
            case PAUSED_WITHOUT_TIMER -> withTimer(Timer.NONE, 0);
            case DUE_AT, NONE, HELD -> this;
        };
    }

    private JourneyInstance withTimer(Timer newTimer, long newTimerMillis) {
        return new JourneyInstance(journeyId, version, number, stepId, enteredAtMillis, waitingSinceMillis, newTimer,
                newTimerMillis, visits, facts, entryData, incident);
    }
}
