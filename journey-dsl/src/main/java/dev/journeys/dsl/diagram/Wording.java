package dev.journeys.dsl.diagram;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Recurrence;
import dev.journeys.core.Schedule;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The words a diagram puts on its nodes and edges, before any escaping. Internal.
 */
final class Wording {

    private Wording() {
    }

    /** Returns the lines of the start node: the journey's name and how contacts enter. */
    static List<String> entry(JourneyDefinition journey) {
        List<String> lines = new ArrayList<>();
        lines.add(journey.name());
        Entry entry = journey.entry();
        if (entry instanceof Entry.OnEvent onEvent) {
            lines.add("on " + onEvent.trigger());
        } else if (entry instanceof Entry.FromSegment segment) {
            lines.add("segment '" + segment.segment() + "'");
            lines.add(segment.schedule().map(Wording::schedule).orElse("enrolled by the host"));
        } else {
            throw new AssertionError(entry);
        }
        return lines;
    }

    private static String schedule(Schedule schedule) {
        return "at " + schedule.start()
                + schedule.recurrence().map(r -> ", then " + recurrence(r)).orElse("")
                + schedule.end().map(end -> ", until " + end).orElse("");
    }

    private static String recurrence(Recurrence recurrence) {
        if (recurrence instanceof Recurrence.Every every) {
            return "every " + duration(every.period());
        } else if (recurrence instanceof Recurrence.Cron cron) {
            return cron.toString();
        }
        throw new AssertionError(recurrence);
    }

    /** Returns what a step does, under its id: nothing for a branch or a split, whose edges say it. */
    static List<String> step(Step step) {
        if (step instanceof Step.Send send) {
            return send(send);
        } else if (step instanceof Step.Wait wait) {
            return List.of(delay(wait.delay()));
        } else if (step instanceof Step.WaitForEvent wait) {
            List<String> lines = new ArrayList<>();
            lines.add("wait up to " + duration(wait.timeout()) + " for " + wait.trigger());
            wait.aboutSend().ifPresent(send -> lines.add("about the message of '" + send + "'"));
            if (wait.lookBack()) {
                lines.add("counting events since entry");
            }
            return lines;
        } else if (step instanceof Step.Branch || step instanceof Step.Split) {
            return List.of();
        } else if (step instanceof Step.Action action) {
            String parameters = action.parameters().asMap().entrySet().stream()
                    .map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining(", "));
            return parameters.isEmpty() ? List.of("action " + action.action())
                    : List.of("action " + action.action(), "with " + parameters);
        } else if (step instanceof Step.Goal goal) {
            return List.of("goal '" + goal.name() + "'" + (goal.exit() ? " and exit" : ""));
        } else if (step instanceof Step.Exit exit) {
            return List.of("exit: " + exit.reason());
        }
        throw new AssertionError(step);
    }

    private static List<String> send(Step.Send send) {
        List<String> lines = new ArrayList<>();
        lines.add("send " + send.message() + " by " + channel(send.channel())
                + (send.category() == MessageCategory.TRANSACTIONAL ? " (transactional)" : ""));
        for (ContentVariant variant : send.variants()) {
            lines.add("or " + variant.message() + " if " + variant.when());
        }
        return lines;
    }

    private static String channel(ChannelChoice channel) {
        if (channel instanceof ChannelChoice.Fixed fixed) {
            return fixed.channel();
        } else if (channel instanceof ChannelChoice.Preferred preferred) {
            return "preferred of " + String.join(", ", preferred.allowed());
        }
        throw new AssertionError(channel);
    }

    /** Returns what a wait holds the contact for, such as {@code wait 2 days}. */
    static String delay(Delay delay) {
        if (delay instanceof Delay.Fixed fixed) {
            return "wait " + duration(fixed.duration());
        } else if (delay instanceof Delay.UntilInstant until) {
            return "wait until " + until.instant()
                    + (until.ifPassed() == Delay.IfPassed.EXIT ? ", exit if passed" : "");
        } else if (delay instanceof Delay.UntilTimeOfDay until) {
            return "wait until " + until.timeOfDay() + " local time";
        }
        throw new AssertionError(delay);
    }

    /**
     * Returns a duration in words, such as {@code 2 days} or {@code 1 hour 30 minutes}; one that is
     * not positive or has a fraction of a second in ISO-8601, such as {@code PT0.5S}.
     */
    static String duration(Duration duration) {
        if (duration.isZero() || duration.isNegative() || duration.getNano() != 0) {
            return duration.toString();
        }
        List<String> parts = new ArrayList<>();
        unit(parts, duration.toDays(), "day");
        unit(parts, duration.toHoursPart(), "hour");
        unit(parts, duration.toMinutesPart(), "minute");
        unit(parts, duration.toSecondsPart(), "second");
        return String.join(" ", parts);
    }

    private static void unit(List<String> parts, long count, String unit) {
        if (count > 0) {
            parts.add(count + " " + unit + (count == 1 ? "" : "s"));
        }
    }

    /** Returns the label of a split's path: its name and its share, such as {@code a (50%)}. */
    static String splitPath(Step.SplitPath path, long totalWeight) {
        if (totalWeight <= 0) {
            return path.name() + " (weight " + path.weight() + ")";
        }
        BigDecimal percent = BigDecimal.valueOf(path.weight()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(totalWeight), 1, RoundingMode.HALF_UP).stripTrailingZeros();
        return path.name() + " (" + percent.toPlainString() + "%)";
    }

    /** Returns the lines of the note: the journey-wide exit, goal, pause and resume triggers. */
    static List<String> notes(JourneyDefinition journey) {
        List<String> lines = new ArrayList<>();
        journey.exitTriggers().forEach(trigger -> lines.add("exit when " + trigger));
        journey.goal().ifPresent(goal -> lines.add("goal '" + goal.name() + "' when " + goal.trigger()
                + (goal.exit() ? ", and exit" : "")));
        journey.pausing().pauseWhen().stream().map(Trigger::toString).forEach(t -> lines.add("pause when " + t));
        journey.pausing().resumeWhen().stream().map(Trigger::toString).forEach(t -> lines.add("resume when " + t));
        return lines;
    }
}
