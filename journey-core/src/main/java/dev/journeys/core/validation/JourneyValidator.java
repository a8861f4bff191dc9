package dev.journeys.core.validation;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.Step;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationReport;
import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.ValidationProblem.Code;
import dev.journeys.core.kernel.ConditionWalk;
import dev.journeys.core.kernel.TrackedFact;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks a journey and reports every problem at once, each with its code, its severity and the
 * step it concerns: errors stop a journey from being built or published, warnings do not.
 *
 * <pre>{@code
 * List<ValidationProblem> problems = JourneyValidator.validate(journey);   // errors and warnings
 * JourneyValidator.requireValid(journey); // throws InvalidJourneyException if any is an error
 * ValidationReport report = JourneyValidator.report(journey, context);      // against the host's catalogue
 * }</pre>
 *
 * <p>Without a context (what the DSL's {@code build()} runs), it finds: duplicate step ids; a
 * missing start step; references to steps that do not exist (next steps, and the send steps
 * that conditions and waits name); unreachable steps; cycles that pass no wait that always holds
 * (a wait until a fixed instant does not, once the instant has passed); branches without an
 * otherwise case; waits and time-outs that are not positive; splits without paths, with a weight
 * that is not positive or with weights summing past {@code Integer.MAX_VALUE}; exclusions and
 * suppressions that ask about more than the contact; more tracked facts than an instance holds;
 * then, as warnings, a segment journey without a schedule and caps that conflict (see
 * {@link ValidationProblem.Code#CONFLICTING_CAPS}).
 *
 * <p>With a {@link ValidationContext} (what {@link JourneyEngine#publish} runs), it also checks
 * what the host declared, each only if declared: channels and actions bound, message assets,
 * consent purposes, the event types waited for, the segments and attributes named, and the
 * journey's sends against the engine's caps.
 *
 * <p>The problems come in a stable order: the graph checks in the order above (each in the order
 * the steps were declared), the schedule, the caps (engine caps, then the journey's, each in the
 * order declared), then the context's checks step by step, then the journey's triggers, then the
 * segments.
 *
 * <p>Stateless and thread-safe.
 */
public final class JourneyValidator {

    private JourneyValidator() {
    }

    /**
     * Throws if the journey has an error; warnings do not stop it.
     *
     * @param journey the journey
     * @return the journey, for chaining
     * @throws InvalidJourneyException listing every error, and the warnings found with them
     */
    public static JourneyDefinition requireValid(JourneyDefinition journey) {
        report(journey).requireNoErrors();
        return journey;
    }

    /**
     * Returns every problem with the journey, with the errors and warnings told apart.
     *
     * @param journey the journey
     * @return the report; {@linkplain ValidationReport#isEmpty() empty} if there is no problem
     */
    public static ValidationReport report(JourneyDefinition journey) {
        return new ValidationReport(journey.id(), validate(journey));
    }

    /**
     * Returns every problem with the journey that can be found without the host's catalogue,
     * errors and warnings; empty if there is none. The same as {@code validate(journey,
     * ValidationContext.none())}.
     *
     * @param journey the journey
     * @return the problems, in the stable order described above
     */
    public static List<ValidationProblem> validate(JourneyDefinition journey) {
        return validate(journey, ValidationContext.none());
    }

    /**
     * Returns every problem with the journey, errors and warnings, checked against what the host
     * declared; empty if there is none.
     *
     * @param journey the journey
     * @param context what the host declared exists
     * @return the problems, in the stable order described above
     */
    public static List<ValidationProblem> validate(JourneyDefinition journey, ValidationContext context) {
        java.util.Objects.requireNonNull(journey, "journey");
        java.util.Objects.requireNonNull(context, "context");
        List<ValidationProblem> problems = new ArrayList<>();
        Map<String, Step> steps = new LinkedHashMap<>();
        for (Step step : journey.steps()) {
            if (steps.putIfAbsent(step.id(), step) != null) {
                problems.add(ValidationProblem.atStep(Code.DUPLICATE_STEP_ID, step.id(),
                        "step id '" + step.id() + "' is used by more than one step"));
            }
        }
        if (!steps.containsKey(journey.startStep())) {
            problems.add(ValidationProblem.ofJourney(Code.MISSING_START, journey.steps().isEmpty()
                    ? "the journey has no steps"
                    : "start step '" + journey.startStep() + "' does not exist"));
        }
        for (Step step : steps.values()) {
            checkStep(step, steps, problems::add);
        }
        checkReachable(journey, steps, problems::add);
        checkCycles(steps, problems::add);
        checkAboutContact(journey.policies().exclusions(), "exclusion", problems::add);
        checkAboutContact(journey.policies().suppression(), "suppression", problems::add);
        int facts = TrackedFact.of(journey).size();
        if (facts > TrackedFact.MAX) {
            problems.add(ValidationProblem.ofJourney(Code.TOO_MANY_TRACKED_FACTS, "the journey's conditions track "
                    + facts + " distinct clicks, opens and events, at most " + TrackedFact.MAX + " are allowed"));
        }
        if (journey.entry() instanceof Entry.FromSegment from && from.schedule().isEmpty()) {
            problems.add(ValidationProblem.ofJourney(Code.SEGMENT_JOURNEY_WITHOUT_SCHEDULE, "journey '" + journey.id()
                    + "' enrols from segment '" + from.segment() + "' but has no schedule, so nobody enters until the "
                    + "host calls JourneyEngine.enrolSegment or enrol"));
        }
        EntryFieldChecks.check(journey, problems::add);
        CapChecks.check(journey, steps, context.engineCaps(), problems::add);
        CatalogueChecks.check(journey, context, problems::add);
        return List.copyOf(problems);
    }

    /**
     * Returns every problem with the journey, checked against what the host declared, with the
     * errors and warnings told apart.
     *
     * @param journey the journey
     * @param context what the host declared exists
     * @return the report; {@linkplain ValidationReport#isEmpty() empty} if there is no problem
     */
    public static ValidationReport report(JourneyDefinition journey, ValidationContext context) {
        return new ValidationReport(journey.id(), validate(journey, context));
    }

    /**
     * Throws if the journey, checked against what the host declared, has an error; warnings do
     * not stop it.
     *
     * @param journey the journey
     * @param context what the host declared exists
     * @return the journey, for chaining
     * @throws InvalidJourneyException listing every error, and the warnings found with them
     */
    public static JourneyDefinition requireValid(JourneyDefinition journey, ValidationContext context) {
        report(journey, context).requireNoErrors();
        return journey;
    }

    /**
     * Checks a journey against the segments and attribute types an engine knows: the segment it
     * enrols from exists, every {@link Condition#inSegment} names a defined segment, and every
     * attribute test fits the declared types. {@link #validate(JourneyDefinition, ValidationContext)}
     * runs it when the context {@linkplain ValidationContext#withSegments has segments}.
     *
     * @param journey the journey
     * @param segments the engine's segments
     * @return the problems, empty if none
     */
    public static List<ValidationProblem> segmentProblems(JourneyDefinition journey, Segments segments) {
        java.util.Objects.requireNonNull(journey, "journey");
        java.util.Objects.requireNonNull(segments, "segments");
        List<ValidationProblem> problems = new ArrayList<>();
        if (journey.entry() instanceof Entry.FromSegment from && segments.segment(from.segment()).isEmpty()) {
            problems.add(ValidationProblem.ofJourney(Code.UNKNOWN_SEGMENT, "journey '" + journey.id()
                    + "' enrols from segment '" + from.segment() + "', which is not defined; defined are "
                    + segments.all().stream().map(Segment::id).toList()));
        }
        for (Condition condition : ConditionWalk.of(journey)) {
            problems.addAll(segments.check(condition, "journey '" + journey.id() + "'"));
        }
        return problems;
    }

    /** Exclusions and suppressions are tested on the contact alone, so they may ask only about the contact. */
    private static void checkAboutContact(List<Condition> conditions, String what,
                                          Consumer<ValidationProblem> problems) {
        for (Condition condition : conditions) {
            Optional<Condition> foreign = notAboutContact(condition);
            foreign.ifPresent(part -> problems.accept(ValidationProblem.ofJourney(Code.NOT_ABOUT_THE_CONTACT,
                    what + " '" + condition + "' asks about " + part + ", which is not about the contact; "
                            + "use contact attributes or Condition.custom")));
        }
    }

    private static Optional<Condition> notAboutContact(Condition condition) {
        if (condition instanceof Condition.Attribute attribute) {
            return attribute.source() == Condition.Source.CONTACT ? Optional.empty() : Optional.of(condition);
        }
        if (condition instanceof Condition.AllOf all) {
            return all.conditions().stream().map(JourneyValidator::notAboutContact).flatMap(Optional::stream).findFirst();
        }
        if (condition instanceof Condition.AnyOf any) {
            return any.conditions().stream().map(JourneyValidator::notAboutContact).flatMap(Optional::stream).findFirst();
        }
        if (condition instanceof Condition.Not not) {
            return notAboutContact(not.condition());
        }
        return condition instanceof Condition.Custom || condition instanceof Condition.InSegment
                || condition instanceof Condition.HadEvent ? Optional.empty() : Optional.of(condition);
    }

    private static void checkStep(Step step, Map<String, Step> steps, Consumer<ValidationProblem> problems) {
        for (String next : step.successors()) {
            if (!steps.containsKey(next)) {
                problems.accept(ValidationProblem.atStep(Code.DANGLING_REFERENCE, step.id(),
                        "step '" + step.id() + "' leads to step '" + next + "', which does not exist"));
            }
        }
        if (step instanceof Step.Wait wait && wait.delay() instanceof Delay.Fixed fixed) {
            requirePositive(fixed.duration(), "wait", step.id(), problems);
        } else if (step instanceof Step.WaitForEvent wait) {
            requirePositive(wait.timeout(), "time-out", step.id(), problems);
            wait.aboutSend().ifPresent(send -> requireSendStep(send, step.id(), steps, problems));
            checkCondition(wait.trigger().filter(), step.id(), steps, problems);
        } else if (step instanceof Step.Branch branch) {
            if (branch.otherwise().isEmpty()) {
                problems.accept(ValidationProblem.atStep(Code.BRANCH_WITHOUT_OTHERWISE, step.id(),
                        "branch '" + step.id() + "' has no otherwise case; its last case must be otherwise"));
            }
            branch.cases().forEach(c -> checkCondition(c.when(), step.id(), steps, problems));
        } else if (step instanceof Step.Split split) {
            if (split.paths().isEmpty()) {
                problems.accept(ValidationProblem.atStep(Code.BAD_SPLIT, step.id(),
                        "split '" + step.id() + "' has no paths"));
            }
            for (Step.SplitPath path : split.paths()) {
                if (path.weight() <= 0) {
                    problems.accept(ValidationProblem.atStep(Code.BAD_SPLIT, step.id(), "weight of path '"
                            + path.name() + "' must be positive, was " + path.weight() + " at step '" + step.id() + "'"));
                }
            }
            long total = split.paths().stream().mapToLong(Step.SplitPath::weight).sum();
            if (total > Integer.MAX_VALUE) {
                problems.accept(ValidationProblem.atStep(Code.BAD_SPLIT, step.id(), "weights of split '" + step.id()
                        + "' sum to " + total + ", more than " + Integer.MAX_VALUE));
            }
        } else if (step instanceof Step.Send send) {
            send.variants().forEach(v -> checkCondition(v.when(), step.id(), steps, problems));
        }
    }

    private static void requirePositive(Duration duration, String what, String stepId,
                                        Consumer<ValidationProblem> problems) {
        if (duration.isZero() || duration.isNegative()) {
            problems.accept(ValidationProblem.atStep(Code.WAIT_NOT_POSITIVE, stepId,
                    what + " must be positive, was " + duration + " at step '" + stepId + "'"));
        }
    }

    private static void checkCondition(Condition condition, String stepId, Map<String, Step> steps,
                                       Consumer<ValidationProblem> problems) {
        if (condition instanceof Condition.Clicked clicked) {
            requireSendStep(clicked.sendStep(), stepId, steps, problems);
        } else if (condition instanceof Condition.Opened opened) {
            requireSendStep(opened.sendStep(), stepId, steps, problems);
        } else if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(c -> checkCondition(c, stepId, steps, problems));
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(c -> checkCondition(c, stepId, steps, problems));
        } else if (condition instanceof Condition.Not not) {
            checkCondition(not.condition(), stepId, steps, problems);
        } else if (condition instanceof Condition.HappenedSinceEntry happened) {
            checkCondition(happened.filter(), stepId, steps, problems);
        }
    }

    private static void requireSendStep(String sendStep, String stepId, Map<String, Step> steps,
                                        Consumer<ValidationProblem> problems) {
        Step target = steps.get(sendStep);
        if (!(target instanceof Step.Send)) {
            problems.accept(ValidationProblem.atStep(Code.DANGLING_REFERENCE, stepId, "step '" + stepId
                    + "' asks about the message of step '" + sendStep + "', which "
                    + (target == null ? "does not exist" : "is not a send step")));
        }
    }

    private static void checkReachable(JourneyDefinition journey, Map<String, Step> steps,
                                       Consumer<ValidationProblem> problems) {
        if (!steps.containsKey(journey.startStep())) {
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(journey.startStep()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            Step step = steps.get(id);
            if (step != null && reached.add(id)) {
                todo.addAll(step.successors());
            }
        }
        for (String id : steps.keySet()) {
            if (!reached.contains(id)) {
                problems.accept(ValidationProblem.atStep(Code.UNREACHABLE_STEP, id,
                        "step '" + id + "' cannot be reached from start step '" + journey.startStep() + "'"));
            }
        }
    }

    /** Finds cycles among the steps that do not always hold the contact. */
    private static void checkCycles(Map<String, Step> steps, Consumer<ValidationProblem> problems) {
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        Set<String> reported = new HashSet<>();
        for (String start : steps.keySet()) {
            if (!holds(steps.get(start)) && !state.containsKey(start)) {
                findCycle(start, steps, state, new ArrayList<>(), reported, problems);
            }
        }
    }

    /** Depth-first, with its own stack: a chain of any length is walked without recursing per step. */
    private static void findCycle(String root, Map<String, Step> steps, Map<String, Integer> state,
                                  List<String> path, Set<String> reported, Consumer<ValidationProblem> problems) {
        record Visit(String id, List<String> successors, int[] next) {
        }
        Deque<Visit> stack = new ArrayDeque<>();
        state.put(root, 1);
        path.add(root);
        stack.push(new Visit(root, steps.get(root).successors(), new int[1]));
        while (!stack.isEmpty()) {
            Visit top = stack.peek();
            if (top.next()[0] == top.successors().size()) {
                stack.pop();
                path.remove(path.size() - 1);
                state.put(top.id(), 2);
                continue;
            }
            String next = top.successors().get(top.next()[0]++);
            Step target = steps.get(next);
            if (target == null || holds(target)) {
                continue;
            }
            Integer seen = state.get(next);
            if (seen == null) {
                state.put(next, 1);
                path.add(next);
                stack.push(new Visit(next, target.successors(), new int[1]));
            } else if (seen == 1 && reported.add(next)) {
                List<String> loop = new ArrayList<>(path.subList(path.lastIndexOf(next), path.size()));
                loop.add(next);
                problems.accept(ValidationProblem.atStep(Code.CYCLE_WITHOUT_WAIT, next, "steps "
                        + String.join(" -> ", loop) + " form a cycle that passes no wait that always holds"));
            }
        }
    }

    /** Whether a contact reaching the step always waits there: only such steps break a cycle. */
    private static boolean holds(Step step) {
        return step instanceof Step.Wait wait && wait.delay().alwaysHolds() || step instanceof Step.WaitForEvent;
    }

    /** Returns the problem for a send step whose fixed or allowed channels are not all bound, if any is not. */
    static Optional<ValidationProblem> unboundChannel(Step.Send send, Set<String> bound) {
        List<String> channels = send.channel() instanceof ChannelChoice.Fixed fixed ? List.of(fixed.channel())
                : ((ChannelChoice.Preferred) send.channel()).allowed();
        List<String> missing = channels.stream().filter(c -> !bound.contains(c)).toList();
        return missing.isEmpty() ? Optional.empty()
                : Optional.of(ValidationProblem.atStep(Code.UNBOUND_CHANNEL, send.id(), "step '" + send.id()
                + "' sends on " + missing + ", which no channel is bound to; bind one with "
                + "JourneyEngineBuilder.channel, or set a defaultChannel"));
    }

    /** Returns the problem for an action step whose action is not bound, if it is not. */
    static Optional<ValidationProblem> unboundAction(Step.Action action, Set<String> bound) {
        return bound.contains(action.action()) ? Optional.empty()
                : Optional.of(ValidationProblem.atStep(Code.UNBOUND_ACTION, action.id(), "action '" + action.action()
                + "' of step '" + action.id() + "' has no handler; register one with JourneyEngineBuilder.action"));
    }
}
