package dev.journeys.dsl.draft;

import dev.journeys.core.Delay;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The review checklist of a draft: the journey type chosen and why, its timing and the defaults
 * the drafter used, its stop conditions, the governance not yet set, the event types to check,
 * the placeholders to bind and how much was not understood. Internal.
 */
final class Checklist {

    private Checklist() {
    }

    static List<String> of(Plan plan, JourneyDefinition journey, List<Placeholder> placeholders,
                           List<NotUnderstood> notUnderstood) {
        List<String> items = new ArrayList<>();
        items.add("Journey type: " + plan.entryWhy() + ".");
        items.add(timing(journey));
        plan.notes().forEach(note -> items.add("Check: " + note + "."));
        stops(plan, journey, items);
        if (journey.caps().isEmpty()) {
            items.add("Governance not yet set: no frequency cap on this journey (caps set on the engine still apply); "
                    + "say, for example, 'no more than 2 emails a week'.");
        } else {
            journey.caps().forEach(cap -> items.add("Frequency cap: " + cap + "."));
        }
        if (journey.quietHours().isEmpty()) {
            items.add("Governance not yet set: no quiet hours on this journey (the engine's apply, if it has any); "
                    + "say, for example, 'no messages between 9pm and 8am'.");
        } else {
            items.add("Quiet hours: " + journey.quietHours().get().start() + " to " + journey.quietHours().get().end()
                    + " in each contact's zone.");
        }
        if (plan.reentry().isEmpty()) {
            items.add("Governance not yet set: re-entry is the default, again once the previous journey ended; say, "
                    + "for example, 'people can enter only once'.");
        } else {
            items.add("Re-entry: " + plan.reentryWhat() + ".");
        }
        if (!plan.exclusions().isEmpty()) {
            items.add("Exclusions: " + plan.exclusions().stream().map(Object::toString)
                    .collect(Collectors.joining(", ")) + ".");
        }
        Set<String> types = new TreeSet<>(plan.eventTypes());
        if (!types.isEmpty()) {
            items.add("Event types: check that your host sends " + types.stream().map(t -> "'" + t + "'"
                    + (t.equals(Happenings.FORM_SUBMITTED) ? " (with the form's id in 'form')"
                    : t.equals(Happenings.EVENT_REGISTERED) ? " (with the event's id in 'event')" : ""))
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (journey.steps().stream().anyMatch(s -> s instanceof Step.WaitForEvent w
                && (w.trigger().eventType().equals(InteractionTypes.OPENED)
                || w.trigger().eventType().equals(InteractionTypes.LINK_CLICKED)))
                || journey.steps().stream().anyMatch(s -> s instanceof Step.Branch b && b.cases().stream()
                .anyMatch(c -> c.when().toString().contains("clicked") || c.when().toString().contains("opened")))) {
            items.add("Opens and clicks: your channels must report them as '" + InteractionTypes.OPENED + "' and '"
                    + InteractionTypes.LINK_CLICKED + "' events carrying the message id.");
        }
        if (!placeholders.isEmpty()) {
            items.add("Bind " + placeholders.size() + (placeholders.size() == 1 ? " placeholder" : " placeholders")
                    + " before publishing: " + placeholders.stream().map(Placeholder::id)
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (!notUnderstood.isEmpty()) {
            items.add("Not understood: " + notUnderstood.size() + (notUnderstood.size() == 1 ? " part" : " parts")
                    + " of the request; review them and say them another way, or change the journey by hand.");
        }
        return items;
    }

    private static void stops(Plan plan, JourneyDefinition journey, List<String> items) {
        List<String> exitSteps = journey.steps().stream().filter(Step.Exit.class::isInstance).map(Step::id).toList();
        if (!journey.exitTriggers().isEmpty()) {
            items.add("Stop conditions: a contact leaves at once, wherever they are, on " + journey.exitTriggers()
                    .stream().map(Trigger::toString).collect(Collectors.joining(" or ")) + ".");
        }
        journey.goal().ifPresent(goal -> items.add("Goal: '" + goal.name() + "' is reached on " + goal.trigger()
                + (goal.exit() ? ", and the contact then leaves" : ", which is counted; the contact goes on") + "."));
        if (!exitSteps.isEmpty()) {
            items.add("Stop conditions: some paths end the journey (at " + String.join(", ", exitSteps) + ").");
        }
        if (journey.exitTriggers().isEmpty() && journey.goal().isEmpty() && exitSteps.isEmpty()) {
            items.add("Stop conditions: none; every contact goes to the end, whatever they do; say, for example, "
                    + "'stop if they purchase'.");
        }
    }

    private static String timing(JourneyDefinition journey) {
        Map<String, Step> steps = new HashMap<>();
        journey.steps().forEach(s -> steps.put(s.id(), s));
        Duration longest = longest(journey.startStep(), steps, new HashMap<>(), new HashSet<>());
        List<Instant> dates = new ArrayList<>();
        boolean timeOfDay = false;
        for (Step step : journey.steps()) {
            if (step instanceof Step.Wait wait && wait.delay() instanceof Delay.UntilInstant until) {
                dates.add(until.instant());
            } else if (step instanceof Step.Wait wait && wait.delay() instanceof Delay.UntilTimeOfDay) {
                timeOfDay = true;
            }
        }
        if (longest.isZero() && dates.isEmpty() && !timeOfDay) {
            return "Timing: every step runs as soon as the contact reaches it, with no wait.";
        }
        String text = "Timing: " + (longest.isZero() ? "no fixed wait"
                : "the longest path waits " + Words.duration(longest) + " in all")
                + (timeOfDay ? ", plus waits until a time of day (up to a day each)" : "")
                + (dates.isEmpty() ? "" : ", and waits until " + dates.stream().map(Instant::toString)
                .collect(Collectors.joining(", ")));
        return text + ".";
    }

    /** The longest total of fixed waits and time-outs from a step to the end of any path. */
    private static Duration longest(String id, Map<String, Step> steps, Map<String, Duration> memo, Set<String> onPath) {
        Step step = steps.get(id);
        if (step == null || !onPath.add(id)) {
            return Duration.ZERO;
        }
        Duration known = memo.get(id);
        if (known != null) {
            onPath.remove(id);
            return known;
        }
        Duration own = Duration.ZERO;
        if (step instanceof Step.Wait wait && wait.delay() instanceof Delay.Fixed fixed) {
            own = fixed.duration();
        } else if (step instanceof Step.WaitForEvent wait) {
            own = wait.timeout();
        }
        Duration after = Duration.ZERO;
        for (String next : step.successors()) {
            Duration d = longest(next, steps, memo, onPath);
            if (d.compareTo(after) > 0) {
                after = d;
            }
        }
        onPath.remove(id);
        Duration total = own.plus(after);
        memo.put(id, total);
        return total;
    }
}
