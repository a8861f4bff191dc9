package dev.journeys.dsl;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.TimeBounds;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes steps into a journey's graph. A path keeps its open tails: the exits still waiting for
 * the step that follows. Adding a step links every tail to it; ending the path drops them; a
 * nested path's tails that are left open join the path around it. Internal.
 *
 * @param <P> the path type returned by step methods
 * @param <E> the type returned when the path ends
 */
abstract class AbstractPath<P, E> implements Steps<P, E> {

    private final List<StepDraft> steps;
    private List<Consumer<String>> tails;

    AbstractPath(List<StepDraft> steps, List<Consumer<String>> tails) {
        this.steps = steps;
        this.tails = new ArrayList<>(tails);
    }

    abstract P self();

    abstract E ended();

    /** Called before a step is added; the main path closes its options then. */
    void beforeStep() {
    }

    List<Consumer<String>> tails() {
        return tails;
    }

    private StepDraft add(String id, Function<List<Optional<String>>, Step> make) {
        Objects.requireNonNull(id, "step id");
        beforeStep();
        StepDraft draft = new StepDraft(make);
        steps.add(draft);
        tails.forEach(tail -> tail.accept(id));
        tails = new ArrayList<>();
        return draft;
    }

    private P linear(String id, Function<Optional<String>, Step> make) {
        StepDraft draft = add(id, links -> make.apply(links.get(0)));
        int exit = draft.addExit();
        tails.add(target -> draft.link(exit, target));
        return self();
    }

    /** Writes a nested path from one exit of a step and returns its open tails. */
    private List<Consumer<String>> nested(StepDraft draft, Consumer<Path> body) {
        Objects.requireNonNull(body, "path");
        int exit = draft.addExit();
        NestedPath path = new NestedPath(steps, List.of(target -> draft.link(exit, target)));
        body.accept(path);
        return path.tails();
    }

    @Override
    public P send(String id, Message message) {
        Objects.requireNonNull(message, "message");
        return linear(id, next -> new Step.Send(id, message.message(), message.channel(), message.variants(),
                message.category(), message.purpose(), message.fields(), next));
    }

    @Override
    public P waitFor(String id, Duration duration) {
        TimeBounds.requireDuration(duration, "wait '" + id + "'");
        return linear(id, next -> new Step.Wait(id, new Delay.Fixed(duration), next));
    }

    @Override
    public P waitUntil(String id, Instant instant) {
        return waitUntil(id, instant, Delay.IfPassed.CONTINUE);
    }

    @Override
    public P waitUntil(String id, Instant instant, Delay.IfPassed ifPassed) {
        TimeBounds.requireInstant(instant, "wait '" + id + "' until");
        Delay delay = new Delay.UntilInstant(instant, ifPassed);
        return linear(id, next -> new Step.Wait(id, delay, next));
    }

    @Override
    public P waitUntilLocalTime(String id, LocalTime timeOfDay) {
        Delay delay = new Delay.UntilTimeOfDay(timeOfDay);
        return linear(id, next -> new Step.Wait(id, delay, next));
    }

    @Override
    public P waitForEvent(String id, Trigger trigger, Duration timeout, Function<EventWait, EventWait.Complete> exits) {
        Objects.requireNonNull(trigger, "trigger");
        TimeBounds.requireDuration(timeout, "time-out of step '" + id + "'");
        Objects.requireNonNull(exits, "exits");
        EventWaitDraft options = new EventWaitDraft();
        StepDraft draft = add(id, links -> new Step.WaitForEvent(id, trigger, options.about, timeout,
                options.lookBack, links.get(0), links.get(1)));
        List<Consumer<String>> joined = new ArrayList<>();
        options.onPath = body -> joined.addAll(nested(draft, body));
        exits.apply(options);
        tails = joined;
        return self();
    }

    @Override
    public P branch(String id, Function<BranchCases, BranchCases.Complete> cases) {
        Objects.requireNonNull(cases, "cases");
        List<Condition> conditions = new ArrayList<>();
        StepDraft draft = add(id, links -> {
            List<Step.Case> built = new ArrayList<>();
            for (int i = 0; i < conditions.size(); i++) {
                built.add(new Step.Case(conditions.get(i), links.get(i)));
            }
            return new Step.Branch(id, built);
        });
        List<Consumer<String>> joined = new ArrayList<>();
        cases.apply(new BranchCases() {
            @Override
            public BranchCases when(Condition condition, Consumer<Path> path) {
                conditions.add(Objects.requireNonNull(condition, "condition"));
                joined.addAll(nested(draft, path));
                return this;
            }

            @Override
            public BranchCases.Complete otherwise(Consumer<Path> path) {
                when(Condition.always(), path);
                return new BranchCases.Complete() {
                };
            }
        });
        tails = joined;
        return self();
    }

    @Override
    public P split(String id, Consumer<SplitPaths> paths) {
        Objects.requireNonNull(paths, "paths");
        List<String> names = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        StepDraft draft = add(id, links -> {
            List<Step.SplitPath> built = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                built.add(new Step.SplitPath(names.get(i), weights.get(i), links.get(i)));
            }
            return new Step.Split(id, built);
        });
        List<Consumer<String>> joined = new ArrayList<>();
        paths.accept(new SplitPaths() {
            @Override
            public SplitPaths path(String name, int weight, Consumer<Path> path) {
                names.add(Objects.requireNonNull(name, "name"));
                weights.add(weight);
                joined.addAll(nested(draft, path));
                return this;
            }
        });
        tails = joined;
        return self();
    }

    @Override
    public P action(String id, String action) {
        return action(id, action, Attributes.empty());
    }

    @Override
    public P action(String id, String action, Attributes parameters) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(parameters, "parameters");
        return linear(id, next -> new Step.Action(id, action, parameters, next));
    }

    @Override
    public P goal(String id, String goal) {
        Objects.requireNonNull(goal, "goal");
        return linear(id, next -> new Step.Goal(id, goal, false, next));
    }

    @Override
    public E exitWithGoal(String id, String goal) {
        Objects.requireNonNull(goal, "goal");
        add(id, links -> new Step.Goal(id, goal, true, Optional.empty()));
        return ended();
    }

    @Override
    public E exit(String id, String reason) {
        Objects.requireNonNull(reason, "reason");
        add(id, links -> new Step.Exit(id, reason));
        return ended();
    }

    @Override
    public E goTo(String stepId) {
        Objects.requireNonNull(stepId, "stepId");
        tails.forEach(tail -> tail.accept(stepId));
        tails = new ArrayList<>();
        return ended();
    }

    @Override
    public E end() {
        tails = new ArrayList<>();
        return ended();
    }

    /** The options and exits of a wait for an event, as they are written. */
    private static final class EventWaitDraft implements EventWait, EventWait.OnTimeout, EventWait.Complete {
        private Optional<String> about = Optional.empty();
        private boolean lookBack;
        private Consumer<Consumer<Path>> onPath;

        @Override
        public EventWait about(String sendStep) {
            about = Optional.of(Objects.requireNonNull(sendStep, "sendStep"));
            return this;
        }

        @Override
        public EventWait lookingBack() {
            lookBack = true;
            return this;
        }

        @Override
        public OnTimeout onEvent(Consumer<Path> path) {
            onPath.accept(path);
            return this;
        }

        @Override
        public Complete onTimeout(Consumer<Path> path) {
            onPath.accept(path);
            return this;
        }
    }
}
