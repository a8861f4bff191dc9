package dev.journeys.dsl;

import dev.journeys.core.Condition;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Trigger;

/**
 * The journey-wide settings, available until the first step is added.
 *
 * <p>Not thread-safe.
 */
public interface JourneyOptions extends JourneyPath {

    /**
     * Sets a human name. Default: the id.
     *
     * @param name the name
     * @return these options
     */
    JourneyOptions named(String name);

    /**
     * Sets the version. Default: 1.
     *
     * @param version at least 1
     * @return these options
     */
    JourneyOptions version(int version);

    /**
     * Adds an exit trigger: a matching event ends the instance at once, wherever the contact is.
     *
     * @param trigger the event type and filter
     * @return these options
     */
    JourneyOptions exitWhen(Trigger trigger);

    /**
     * Sets the journey-level goal: a matching event while the contact is in the journey counts as
     * a conversion.
     *
     * @param name the goal's name
     * @param trigger the event type and filter
     * @param exit whether reaching it ends the instance
     * @return these options
     */
    JourneyOptions goal(String name, Trigger trigger, boolean exit);

    /**
     * Sets when a contact may enter again. Default: {@link ReentryRule#afterExit()}.
     *
     * @param rule the rule, such as {@code ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(24))}
     * @return these options
     */
    JourneyOptions reentry(ReentryRule rule);

    /**
     * Adds a frequency cap that counts only this journey's sends; caps across every journey are
     * set on the engine.
     *
     * @param cap the cap, such as {@code FrequencyCap.of(1, Duration.ofDays(1))}
     * @return these options
     */
    JourneyOptions frequencyCap(FrequencyCap cap);

    /**
     * Sets this journey's quiet hours, which replace the engine's for its sends.
     *
     * @param quietHours the window, such as {@code QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0))}
     * @return these options
     */
    JourneyOptions quietHours(QuietHours quietHours);

    /**
     * Adds an exclusion: a contact for whom the condition holds cannot enter, and a contact who
     * comes to match it leaves at the next step it reaches ({@code ExitCause.EXCLUDED}).
     *
     * @param exclusion a condition on the contact, such as {@code Condition.attribute("employee").is(true)},
     *     or a {@code Condition.custom} predicate backed by the host's own segment
     * @return these options
     */
    JourneyOptions exclude(Condition exclusion);

    /**
     * Adds a suppression: a contact for whom the condition holds goes along the path but is sent
     * nothing ({@code SkipReason.SUPPRESSED}); checked when a send is reached and again right
     * before the channel is called.
     *
     * @param suppression a condition on the contact
     * @return these options
     */
    JourneyOptions suppress(Condition suppression);

    /**
     * Limits how fast contacts enter: over the limit they wait their turn in arrival order, or are
     * turned away if the limit {@linkplain EntryRateLimit#rejecting() rejects}.
     *
     * @param limit the limit, such as {@code EntryRateLimit.of(100, Duration.ofMinutes(1))}
     * @return these options
     */
    JourneyOptions entryRateLimit(EntryRateLimit limit);

    /**
     * Keeps these fields of the entry event's payload with each instance and passes them to its
     * messages and actions ({@code OutgoingMessage.data()}, {@code ActionRequest.data()}), such as
     * the cart {@code items} of a {@code checkout.abandoned} event for a personalised reminder.
     * By default nothing is kept, so a waiting contact costs only its position.
     *
     * @param fields the payload fields to keep
     * @return these options
     */
    JourneyOptions keepTriggerFields(String... fields);

    /**
     * Adds a trigger that pauses a running instance, wherever the contact is: nothing is sent and
     * timers are held until a {@link #resumeWhen} trigger fires.
     *
     * @param trigger the event type and filter
     * @return these options
     */
    JourneyOptions pauseWhen(Trigger trigger);

    /**
     * Adds a trigger that resumes a paused instance; its wait goes on for the time it had left.
     *
     * @param trigger the event type and filter
     * @return these options
     */
    JourneyOptions resumeWhen(Trigger trigger);
}
