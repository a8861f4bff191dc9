package dev.journeys.core.validation;

import dev.journeys.core.Delay;
import dev.journeys.core.Step;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The search behind rule 4 of {@link CapChecks}: for each send a cap counts, the least time in
 * which a path from the start can make it the {@code maxSends + 1}-th counted send, and the
 * counted send that path began at.
 *
 * <p>It goes one counted send at a time: layer {@code c} holds, for each counted send, the least
 * time (and, on ties, the first-declared origin) of a path with {@code c} counted sends ending
 * there, found from layer {@code c - 1} by one shortest-path search over the steps. A layer costs
 * O((steps + transitions) log steps), and the search stops when a layer is empty (no path fits the
 * window), when a layer repeats (waits that take no time: every later layer is the same), or after
 * {@code maxSends} layers. Before it starts, a cap allowing more sends than any path can make
 * (no loop through a counted send, and fewer counted sends on the longest path than it allows) is
 * settled in O(steps + transitions). Loops that take time can make the layers go on until the window
 * is used up, so the searches for all the caps of one journey follow at most {@link #MAX_VISITS}
 * step visits (and each at least one layer): past that a search reports what it has found, saying
 * it stopped. Package-private; stateless but for the {@link Budget} a validation hands it.
 */
final class CapTrace {

    /** The most layers times reachable steps the searches for one journey visit before they stop. */
    static final long MAX_VISITS = 20_000_000L;

    /** The step visits left to one validation's searches; not thread-safe, made for each validation. */
    static final class Budget {
        private long left = MAX_VISITS;
    }

    /**
     * A path found.
     *
     * @param first the counted send it begins at
     * @param last the counted send it ends at
     * @param within the least time from the first to the last
     * @param sends how many counted sends it makes: {@code maxSends + 1}, or fewer if the search stopped
     */
    record Found(String first, String last, Duration within, long sends) {
    }

    private CapTrace() {
    }

    /**
     * Returns, for each counted send in order that a path with {@code maxSends + 1} counted sends
     * can end at within less than the window, that path.
     *
     * @param counted the sends the cap counts, reachable from the start, in declaration order
     * @param steps every step by id
     * @param reachable the ids reachable from the start
     * @param window the cap's window
     * @param maxSends the cap's limit
     * @param budget the step visits left, used up by this search
     */
    static List<Found> trace(List<String> counted, Map<String, Step> steps, Set<String> reachable, Duration window,
                             int maxSends, Budget budget) {
        if ((long) maxSends + 1 > mostCounted(counted, steps, reachable)) {
            return List.of();
        }
        Graph graph = new Graph(counted, steps, reachable, window);
        long layerLimit = Math.max(1, budget.left / Math.max(1, reachable.size()));
        Layer layer = new Layer(counted.size());
        for (int i = 0; i < counted.size(); i++) {
            layer.at[i] = 0;
            layer.origin[i] = i;
        }
        long hops = 0;
        while (hops < maxSends) {
            if (hops == layerLimit) {
                return found(counted, layer, hops + 1);
            }
            Layer next = graph.next(layer);
            hops++;
            budget.left = Math.max(0, budget.left - reachable.size());
            if (next.isEmpty()) {
                return List.of();
            }
            if (next.equals(layer)) {
                break;
            }
            layer = next;
        }
        return found(counted, layer, (long) maxSends + 1);
    }

    private static List<Found> found(List<String> counted, Layer layer, long sends) {
        List<Found> found = new ArrayList<>();
        for (int to = 0; to < layer.at.length; to++) {
            if (layer.at[to] >= 0) {
                found.add(new Found(counted.get(layer.origin[to]), counted.get(to), Duration.ofNanos(layer.at[to]),
                        sends));
            }
        }
        return found;
    }

    /** For each counted send, the least time of a path ending there (-1: none) and where it began. */
    private static final class Layer {
        final long[] at;
        final int[] origin;

        Layer(int size) {
            at = new long[size];
            origin = new int[size];
            Arrays.fill(at, -1);
        }

        boolean isEmpty() {
            return Arrays.stream(at).allMatch(t -> t < 0);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Layer layer && Arrays.equals(at, layer.at) && Arrays.equals(origin, layer.origin);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(at);
        }
    }

    /**
     * The reachable steps numbered, with each transition's shortest hold in nanoseconds. A hold or
     * window beyond what a {@code long} of nanoseconds holds (292 years) is taken as 146 years.
     */
    private static final class Graph {
        private final int[][] successors;
        private final long[][] holds;
        private final int[] sendOf;
        private final int[] stepOf;
        private final long window;

        Graph(List<String> counted, Map<String, Step> steps, Set<String> reachable, Duration window) {
            List<String> ids = new ArrayList<>(reachable);
            Map<String, Integer> number = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                number.put(ids.get(i), i);
            }
            this.window = nanos(window);
            successors = new int[ids.size()][];
            holds = new long[ids.size()][];
            sendOf = new int[ids.size()];
            Arrays.fill(sendOf, -1);
            for (int i = 0; i < ids.size(); i++) {
                Step step = steps.get(ids.get(i));
                List<String> next = step.successors().stream().filter(number::containsKey).toList();
                successors[i] = next.stream().mapToInt(number::get).toArray();
                holds[i] = next.stream().mapToLong(n -> Math.min(nanos(shortestHold(step, n)), this.window)).toArray();
            }
            stepOf = new int[counted.size()];
            for (int c = 0; c < counted.size(); c++) {
                stepOf[c] = number.get(counted.get(c));
                sendOf[stepOf[c]] = c;
            }
        }

        private static long nanos(Duration duration) {
            try {
                return Math.min(duration.toNanos(), Long.MAX_VALUE / 2);
            } catch (ArithmeticException beyond) {
                return Long.MAX_VALUE / 2;
            }
        }

        private record Reached(long at, int origin, int step) {
        }

        /** One layer on: one shortest-path search from every labelled counted send at once. */
        Layer next(Layer layer) {
            PriorityQueue<Reached> queue = new PriorityQueue<>(Comparator.comparingLong(Reached::at)
                    .thenComparingInt(Reached::origin));
            int n = successors.length;
            long[] bestAt = new long[n];
            int[] bestOrigin = new int[n];
            Arrays.fill(bestAt, Long.MAX_VALUE);
            boolean[] settled = new boolean[n];
            Layer next = new Layer(layer.at.length);
            for (int from = 0; from < layer.at.length; from++) {
                if (layer.at[from] >= 0) {
                    relax(stepOf[from], layer.at[from], layer.origin[from], bestAt, bestOrigin, settled, queue);
                }
            }
            while (!queue.isEmpty()) {
                Reached reached = queue.poll();
                int v = reached.step();
                if (settled[v]) {
                    continue;
                }
                settled[v] = true;
                if (sendOf[v] >= 0) {
                    next.at[sendOf[v]] = reached.at();
                    next.origin[sendOf[v]] = reached.origin();
                }
                relax(v, reached.at(), reached.origin(), bestAt, bestOrigin, settled, queue);
            }
            return next;
        }

        private void relax(int v, long at, int origin, long[] bestAt, int[] bestOrigin, boolean[] settled,
                           PriorityQueue<Reached> queue) {
            for (int k = 0; k < successors[v].length; k++) {
                int w = successors[v][k];
                long then = at + holds[v][k];
                if (then < window && !settled[w]
                        && (then < bestAt[w] || then == bestAt[w] && origin < bestOrigin[w])) {
                    bestAt[w] = then;
                    bestOrigin[w] = origin;
                    queue.add(new Reached(then, origin, w));
                }
            }
        }
    }

    /** The least time a contact spends at a step before leaving it for {@code next}. */
    private static Duration shortestHold(Step step, String next) {
        if (step instanceof Step.Wait wait && wait.delay() instanceof Delay.Fixed fixed) {
            return positive(fixed.duration());
        }
        if (step instanceof Step.WaitForEvent wait && !wait.onEvent().map(next::equals).orElse(false)) {
            return positive(wait.timeout());
        }
        return Duration.ZERO;
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /**
     * The most counted sends a path through the reachable steps can make, or {@link Long#MAX_VALUE}
     * if a loop passes a counted send. Strongly connected components (Kosaraju, without recursion),
     * then the longest path over the acyclic graph of components.
     */
    static long mostCounted(List<String> counted, Map<String, Step> steps, Set<String> reachable) {
        List<String> ids = new ArrayList<>(reachable);
        Map<String, Integer> number = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            number.put(ids.get(i), i);
        }
        int n = ids.size();
        int[][] out = new int[n][];
        List<List<Integer>> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(new ArrayList<>());
        }
        boolean[] selfLoop = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = steps.get(ids.get(i)).successors().stream().filter(number::containsKey)
                    .mapToInt(number::get).distinct().toArray();
            for (int j : out[i]) {
                in.get(j).add(i);
                selfLoop[i] |= j == i;
            }
        }
        // Pass 1: finishing order of a depth-first search along the transitions.
        int[] order = new int[n];
        int finished = 0;
        boolean[] seen = new boolean[n];
        int[] cursor = new int[n];
        Deque<Integer> stack = new ArrayDeque<>();
        for (int root = 0; root < n; root++) {
            if (seen[root]) {
                continue;
            }
            seen[root] = true;
            stack.push(root);
            while (!stack.isEmpty()) {
                int top = stack.peek();
                if (cursor[top] < out[top].length) {
                    int next = out[top][cursor[top]++];
                    if (!seen[next]) {
                        seen[next] = true;
                        stack.push(next);
                    }
                } else {
                    order[finished++] = stack.pop();
                }
            }
        }
        // Pass 2: components along reversed transitions, in reverse finishing order; this numbers
        // them in a topological order of the component graph.
        int[] component = new int[n];
        Arrays.fill(component, -1);
        List<List<Integer>> members = new ArrayList<>();
        for (int k = n - 1; k >= 0; k--) {
            int root = order[k];
            if (component[root] >= 0) {
                continue;
            }
            int c = members.size();
            List<Integer> group = new ArrayList<>();
            members.add(group);
            component[root] = c;
            stack.push(root);
            while (!stack.isEmpty()) {
                int v = stack.pop();
                group.add(v);
                for (int u : in.get(v)) {
                    if (component[u] < 0) {
                        component[u] = c;
                        stack.push(u);
                    }
                }
            }
        }
        Set<String> countedSet = Set.copyOf(counted);
        long[] weight = new long[members.size()];
        for (int c = 0; c < members.size(); c++) {
            List<Integer> group = members.get(c);
            long sends = group.stream().filter(v -> countedSet.contains(ids.get(v))).count();
            boolean loops = group.size() > 1 || selfLoop[group.get(0)];
            if (loops && sends > 0) {
                return Long.MAX_VALUE;
            }
            weight[c] = sends;
        }
        // Components come out with every transition going to a later one: sum from the last.
        long[] most = new long[members.size()];
        long best = 0;
        for (int c = members.size() - 1; c >= 0; c--) {
            long after = 0;
            for (int v : members.get(c)) {
                for (int w : out[v]) {
                    if (component[w] != c) {
                        after = Math.max(after, most[component[w]]);
                    }
                }
            }
            most[c] = weight[c] + after;
            best = Math.max(best, most[c]);
        }
        return best;
    }
}
