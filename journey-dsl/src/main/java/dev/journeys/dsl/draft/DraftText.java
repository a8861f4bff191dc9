package dev.journeys.dsl.draft;

import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a draft as text, one line per step, for review and for the drafter's tests, which
 * compare it whole. Internal.
 */
final class DraftText {

    private DraftText() {
    }

    static String describe(Draft draft) {
        StringBuilder out = new StringBuilder();
        Optional<JourneyDefinition> journey = draft.journey();
        if (journey.isEmpty()) {
            out.append("no journey\n");
        } else {
            journey(journey.get(), out);
        }
        if (!draft.placeholders().isEmpty()) {
            out.append("placeholders:\n");
            for (Placeholder p : draft.placeholders()) {
                out.append("  ").append(p.id()).append(" (").append(p.kind()).append("): ").append(p.description())
                        .append("; at ").append(String.join(", ", p.usedAt()))
                        .append(p.boundTo().map(asset -> "; bound to '" + asset + "'").orElse("; not bound"))
                        .append('\n');
            }
        }
        if (!draft.notUnderstood().isEmpty()) {
            out.append("not understood:\n");
            draft.notUnderstood().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        if (!draft.checklist().isEmpty()) {
            out.append("checklist:\n");
            draft.checklist().forEach(item -> out.append("  - ").append(item).append('\n'));
        }
        return out.toString();
    }

    private static void journey(JourneyDefinition journey, StringBuilder out) {
        out.append("journey ").append(journey.id()).append(" \"").append(journey.name()).append("\"\n");
        Entry entry = journey.entry();
        if (entry instanceof Entry.OnEvent onEvent) {
            out.append("  entry: on ").append(onEvent.trigger()).append('\n');
        } else if (entry instanceof Entry.FromSegment segment) {
            out.append("  entry: segment '").append(segment.segment()).append("'")
                    .append(segment.schedule().map(s -> " " + s).orElse(", no schedule")).append('\n');
        }
        journey.exitTriggers().forEach(t -> out.append("  exit when ").append(t).append('\n'));
        journey.goal().ifPresent(g -> out.append("  goal '").append(g.name()).append("' when ").append(g.trigger())
                .append(g.exit() ? ", and exit" : "").append('\n'));
        journey.caps().forEach(cap -> out.append("  cap: ").append(cap).append('\n'));
        journey.quietHours().ifPresent(q -> out.append("  ").append(q).append('\n'));
        if (!journey.reentry().equals(dev.journeys.core.ReentryRule.afterExit())) {
            out.append("  re-entry: ").append(journey.reentry()).append('\n');
        }
        journey.policies().exclusions().forEach(e -> out.append("  exclude: ").append(e).append('\n'));
        out.append("  steps:\n");
        for (Step step : journey.steps()) {
            out.append("    ").append(step.id()).append(": ").append(step(step)).append('\n');
        }
    }

    private static String step(Step step) {
        if (step instanceof Step.Send send) {
            return "send '" + send.message() + "' on " + send.channel() + next(send.next());
        } else if (step instanceof Step.Wait wait) {
            return delay(wait.delay()) + next(wait.next());
        } else if (step instanceof Step.WaitForEvent wait) {
            return "wait up to " + Words.duration(wait.timeout()) + " for " + wait.trigger()
                    + wait.aboutSend().map(s -> " about '" + s + "'").orElse("")
                    + " -> on event: " + wait.onEvent().orElse("end") + ", time-out: " + wait.onTimeout().orElse("end");
        } else if (step instanceof Step.Branch branch) {
            return "branch -> " + branch.cases().stream().map(c -> (c.when().equals(dev.journeys.core.Condition.always())
                    ? "otherwise" : "if " + c.when()) + ": " + c.next().orElse("end"))
                    .collect(Collectors.joining("; "));
        } else if (step instanceof Step.Split split) {
            return "split -> " + split.paths().stream().map(p -> p.name() + " (" + p.weight() + "): "
                    + p.next().orElse("end")).collect(Collectors.joining("; "));
        } else if (step instanceof Step.Action action) {
            return "action '" + action.action() + "'" + next(action.next());
        } else if (step instanceof Step.Goal goal) {
            return "goal '" + goal.name() + "'" + (goal.exit() ? ", exit" : next(goal.next()));
        } else if (step instanceof Step.Exit exit) {
            return "exit (" + exit.reason() + ")";
        }
        throw new AssertionError(step);
    }

    private static String delay(Delay delay) {
        if (delay instanceof Delay.Fixed fixed) {
            return "wait " + Words.duration(fixed.duration());
        } else if (delay instanceof Delay.UntilInstant until) {
            return "wait until " + until.instant();
        } else if (delay instanceof Delay.UntilTimeOfDay until) {
            return "wait until " + until.timeOfDay() + " local time";
        }
        throw new AssertionError(delay);
    }

    private static String next(Optional<String> next) {
        return " -> " + next.orElse("end");
    }
}
