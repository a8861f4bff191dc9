package dev.journeys.dsl.diagram;

import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;

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
import java.util.TreeSet;

/**
 * A journey laid out as nodes and edges, ready to be written in any format: the start node,
 * a node per step in the order they were declared, an End node if a path ends, and a note of the
 * journey-wide triggers if it has any; then the edges, from the start and from each step in the
 * order of its exits. So the same journey always gives the same diagram. Internal.
 *
 * @param title the journey's id and version, for the format's title if it has one
 * @param nodes the nodes, in the order they are written
 * @param edges the edges, in the order they are written
 */
record DiagramGraph(String title, List<DiagramNode> nodes, List<DiagramEdge> edges) {

    static final String START = "start";
    static final String END = "done";
    static final String NOTES = "notes";

    /** Copies the lists. */
    DiagramGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** One exit of a step: the step it leads to, if any, and what the edge says. */
    private record Exit(Optional<String> next, Optional<String> label) {
    }

    /** An edge between two steps, by their ids. */
    private record Link(String from, String to) {
    }

    /**
     * Lays out a journey.
     *
     * @param journey the journey
     * @param annotations extra text for its steps and its start node
     * @return the layout
     * @throws IllegalArgumentException if the journey names a step it does not have or has two
     *     steps with one id, or the annotations name a step it does not have
     */
    static DiagramGraph of(JourneyDefinition journey, StepAnnotations annotations) {
        Map<String, Step> steps = new LinkedHashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (Step step : journey.steps()) {
            if (steps.putIfAbsent(step.id(), step) != null) {
                throw new IllegalArgumentException(journey + " has two steps with id '" + step.id()
                        + "', so it cannot be drawn");
            }
            ids.put(step.id(), "n" + ids.size());
        }
        requireKnown(journey, steps, annotations);

        List<DiagramNode> nodes = new ArrayList<>();
        List<String> startLines = new ArrayList<>(Wording.entry(journey));
        annotations.entry().ifPresent(startLines::add);
        nodes.add(new DiagramNode(START, NodeShape.START, startLines));
        for (Step step : steps.values()) {
            List<String> lines = new ArrayList<>();
            lines.add(step.id());
            lines.addAll(Wording.step(step));
            annotations.step(step.id()).ifPresent(lines::add);
            nodes.add(new DiagramNode(ids.get(step.id()), shape(step), lines));
        }

        Set<Link> back = backEdges(journey.startStep(), steps);
        List<DiagramEdge> edges = new ArrayList<>();
        edges.add(new DiagramEdge(START, ids.get(journey.startStep()), Optional.empty(), false));
        boolean ends = false;
        for (Step step : steps.values()) {
            for (Exit exit : exits(step)) {
                String to = exit.next().map(ids::get).orElse(END);
                ends |= exit.next().isEmpty();
                boolean isBack = exit.next().map(next -> back.contains(new Link(step.id(), next))).orElse(false);
                edges.add(new DiagramEdge(ids.get(step.id()), to, exit.label(), isBack));
            }
        }
        if (ends) {
            nodes.add(new DiagramNode(END, NodeShape.END, List.of("End")));
        }
        List<String> notes = Wording.notes(journey);
        if (!notes.isEmpty()) {
            nodes.add(new DiagramNode(NOTES, NodeShape.NOTE, notes));
        }
        return new DiagramGraph(journey.id() + " v" + journey.version(), nodes, edges);
    }

    private static void requireKnown(JourneyDefinition journey, Map<String, Step> steps,
                                     StepAnnotations annotations) {
        List<String> missing = new ArrayList<>();
        if (!steps.containsKey(journey.startStep())) {
            missing.add("start step '" + journey.startStep() + "'");
        }
        for (Step step : steps.values()) {
            step.successors().stream().filter(next -> !steps.containsKey(next))
                    .forEach(next -> missing.add("step '" + next + "' after '" + step.id() + "'"));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(journey + " names steps it does not have, so it cannot be drawn: "
                    + String.join(", ", missing));
        }
        Set<String> unknown = new TreeSet<>(annotations.steps().keySet());
        unknown.removeAll(steps.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("annotations name steps that " + journey + " does not have: "
                    + unknown + "; its steps are " + steps.keySet());
        }
    }

    private static NodeShape shape(Step step) {
        if (step instanceof Step.Send) {
            return NodeShape.SEND;
        } else if (step instanceof Step.Wait wait) {
            return wait.delay() instanceof Delay.Fixed ? NodeShape.WAIT : NodeShape.WAIT_UNTIL;
        } else if (step instanceof Step.WaitForEvent) {
            return NodeShape.WAIT_FOR_EVENT;
        } else if (step instanceof Step.Branch) {
            return NodeShape.BRANCH;
        } else if (step instanceof Step.Split) {
            return NodeShape.SPLIT;
        } else if (step instanceof Step.Action) {
            return NodeShape.ACTION;
        } else if (step instanceof Step.Goal) {
            return NodeShape.GOAL;
        } else if (step instanceof Step.Exit) {
            return NodeShape.EXIT;
        }
        throw new AssertionError(step);
    }

    /** Returns every exit of a step, in order, including those that end the path. */
    private static List<Exit> exits(Step step) {
        if (step instanceof Step.Send send) {
            return List.of(new Exit(send.next(), Optional.empty()));
        } else if (step instanceof Step.Wait wait) {
            return List.of(new Exit(wait.next(), Optional.empty()));
        } else if (step instanceof Step.WaitForEvent wait) {
            return List.of(new Exit(wait.onEvent(), Optional.of("on event")),
                    new Exit(wait.onTimeout(), Optional.of("timeout")));
        } else if (step instanceof Step.Branch branch) {
            List<Exit> exits = new ArrayList<>();
            List<Step.Case> cases = branch.cases();
            for (int i = 0; i < cases.size(); i++) {
                Step.Case c = cases.get(i);
                boolean otherwise = i == cases.size() - 1 && c.when().equals(Condition.always());
                exits.add(new Exit(c.next(), Optional.of(otherwise ? "otherwise" : c.when().toString())));
            }
            return exits;
        } else if (step instanceof Step.Split split) {
            long total = split.paths().stream().mapToLong(Step.SplitPath::weight).sum();
            return split.paths().stream()
                    .map(path -> new Exit(path.next(), Optional.of(Wording.splitPath(path, total)))).toList();
        } else if (step instanceof Step.Action action) {
            return List.of(new Exit(action.next(), Optional.empty()));
        } else if (step instanceof Step.Goal goal) {
            return goal.exit() ? List.of() : List.of(new Exit(goal.next(), Optional.empty()));
        } else if (step instanceof Step.Exit) {
            return List.of();
        }
        throw new AssertionError(step);
    }

    /**
     * Finds the edges that go back to a step on the path from the start to them (the loops), by
     * a depth-first walk from the start step and then from each step not reached, in the order
     * the steps were declared.
     */
    private static Set<Link> backEdges(String startStep, Map<String, Step> steps) {
        Set<Link> back = new HashSet<>();
        Set<String> done = new HashSet<>();
        List<String> roots = new ArrayList<>();
        roots.add(startStep);
        roots.addAll(steps.keySet());
        for (String root : roots) {
            if (done.contains(root)) {
                continue;
            }
            // Each frame is a step on the current path and the index of its next successor to visit.
            Deque<String> path = new ArrayDeque<>();
            Deque<int[]> next = new ArrayDeque<>();
            Set<String> onPath = new HashSet<>();
            path.push(root);
            next.push(new int[] {0});
            onPath.add(root);
            while (!path.isEmpty()) {
                String id = path.peek();
                List<String> successors = steps.get(id).successors();
                int[] index = next.peek();
                if (index[0] == successors.size()) {
                    path.pop();
                    next.pop();
                    onPath.remove(id);
                    done.add(id);
                    continue;
                }
                String successor = successors.get(index[0]++);
                if (onPath.contains(successor)) {
                    back.add(new Link(id, successor));
                } else if (!done.contains(successor)) {
                    path.push(successor);
                    next.push(new int[] {0});
                    onPath.add(successor);
                }
            }
        }
        return back;
    }
}
