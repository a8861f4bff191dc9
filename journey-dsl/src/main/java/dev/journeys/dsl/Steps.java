package dev.journeys.dsl;

import dev.journeys.core.Attributes;
import dev.journeys.core.Delay;
import dev.journeys.core.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The steps a path of a journey can take, each named by an id unique in the journey. A step
 * method returns the path, to add the step that follows; a method that ends the path returns a
 * type with nothing more to add.
 *
 * <p>Branches, splits and waits for an event take one lambda per exit. A path inside such a
 * lambda that does not end (with {@link #exit}, {@link #end} or {@link #goTo}) joins the step
 * that follows the branch, split or wait, so
 * <pre>{@code
 * .branch("vip?", b -> b
 *         .when(attribute("tier").isEqualTo("gold"), p -> p.send("gift", Message.email("gift")))
 *         .otherwise(p -> p.send("thanks", Message.email("thanks"))))
 * .waitFor("a-week", Duration.ofDays(7))   // both paths continue here
 * }</pre>
 *
 * <p>Not thread-safe: build a journey on one thread.
 *
 * @param <P> the type of the path, returned to add the next step
 * @param <E> the type returned when the path ends
 */
public interface Steps<P, E> {

    /**
     * Sends a message.
     *
     * @param id the step's id
     * @param message what to send and on which channel
     * @return the path
     */
    P send(String id, Message message);

    /**
     * Holds the contact for a duration.
     *
     * @param id the step's id
     * @param duration how long; must be positive
     * @return the path
     */
    P waitFor(String id, Duration duration);

    /**
     * Holds the contact until an instant; a contact who arrives after it goes on at once.
     *
     * @param id the step's id
     * @param instant when the wait ends
     * @return the path
     */
    P waitUntil(String id, Instant instant);

    /**
     * Holds the contact until an instant, saying what a contact who arrives after it does.
     *
     * @param id the step's id
     * @param instant when the wait ends
     * @param ifPassed go on at once, or exit
     * @return the path
     */
    P waitUntil(String id, Instant instant, Delay.IfPassed ifPassed);

    /**
     * Holds the contact until the next time their local clock shows the time of day.
     *
     * @param id the step's id
     * @param timeOfDay the local time, in the contact's zone
     * @return the path
     */
    P waitUntilLocalTime(String id, LocalTime timeOfDay);

    /**
     * Holds the contact until a matching event arrives or the time-out passes, with one path for
     * each.
     *
     * <pre>{@code
     * .waitForEvent("clicked?", Trigger.on(InteractionTypes.LINK_CLICKED), Duration.ofDays(3), w -> w
     *         .about("guide")
     *         .onEvent(p -> p.send("offer", Message.email("offer")))
     *         .onTimeout(p -> p.end()))
     * }</pre>
     *
     * @param id the step's id
     * @param trigger the event type and filter
     * @param timeout how long to wait; must be positive
     * @param exits the two paths
     * @return the path, joined by the exits' paths that do not end
     */
    P waitForEvent(String id, Trigger trigger, Duration timeout, Function<EventWait, EventWait.Complete> exits);

    /**
     * Takes the first case whose condition holds, or otherwise.
     *
     * @param id the step's id
     * @param cases the cases, ending with {@link BranchCases#otherwise}
     * @return the path, joined by the cases' paths that do not end
     */
    P branch(String id, Function<BranchCases, BranchCases.Complete> cases);

    /**
     * Sends each contact down one weighted path, chosen by a stable hash so it is sticky.
     *
     * @param id the step's id
     * @param paths the paths
     * @return the path, joined by the paths that do not end
     */
    P split(String id, Consumer<SplitPaths> paths);

    /**
     * Runs a named host action with no parameters.
     *
     * @param id the step's id
     * @param action the action's name
     * @return the path
     */
    P action(String id, String action);

    /**
     * Runs a named host action.
     *
     * @param id the step's id
     * @param action the action's name
     * @param parameters what the action is told
     * @return the path
     */
    P action(String id, String action, Attributes parameters);

    /**
     * Records a conversion and goes on.
     *
     * @param id the step's id
     * @param goal the goal's name
     * @return the path
     */
    P goal(String id, String goal);

    /**
     * Records a conversion and ends the instance.
     *
     * @param id the step's id
     * @param goal the goal's name
     * @return the end of the path
     */
    E exitWithGoal(String id, String goal);

    /**
     * Ends the instance, with a reason.
     *
     * @param id the step's id
     * @param reason why, as reported
     * @return the end of the path
     */
    E exit(String id, String reason);

    /**
     * Continues at another step of the journey, declared before or after (a join, or a loop that
     * must pass a wait).
     *
     * @param stepId the step's id
     * @return the end of the path
     */
    E goTo(String stepId);

    /**
     * Ends the path: the contact completes the journey here.
     *
     * @return the end of the path
     */
    E end();
}
