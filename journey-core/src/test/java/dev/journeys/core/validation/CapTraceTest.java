package dev.journeys.core.validation;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.Delay;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;
import dev.journeys.core.TestJourneys;
import dev.journeys.core.Trigger;
import dev.journeys.core.ValidationProblem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cap trace, one counted send at a time, finds what the min-plus matrix power it replaced found
 * (kept here as the reference), on random graphs of sends, waits, waits for events and branches,
 * loops included.
 */
class CapTraceTest {

    record Case(Map<String, Step> steps, Duration window, int maxSends) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> size = Arbitraries.integers().between(2, 8);
        return size.flatMap(n -> {
            return Combinators.combine(Arbitraries.integers().between(0, 4).list().ofSize(n),
                            Arbitraries.integers().between(0, n).list().ofSize(n),
                            Arbitraries.integers().between(0, n - 1).list().ofSize(n),
                            Arbitraries.integers().between(0, 3).list().ofSize(n),
                            Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 6))
                    .as((kinds, nexts, others, hours, window, maxSends) -> {
                        Map<String, Step> steps = new LinkedHashMap<>();
                        for (int i = 0; i < n; i++) {
                            String id = "s" + i;
                            Optional<String> next = nexts.get(i) == n ? Optional.empty()
                                    : Optional.of("s" + nexts.get(i));
                            String other = "s" + others.get(i);
                            Duration hold = Duration.ofHours(hours.get(i));
                            steps.put(id, switch (kinds.get(i)) {
                                case 0, 1 -> new Step.Send(id, "m", ChannelChoice.of("email"), List.of(), next);
                                case 2 -> new Step.Wait(id, new Delay.Fixed(hold), next);
                                case 3 -> new Step.WaitForEvent(id, Trigger.on("e"), Optional.empty(),
                                        hold.plusMinutes(30), false, Optional.of(other), next);
                                default -> new Step.Branch(id, List.of(
                                        new Step.Case(Condition.attribute("a").exists(), Optional.of(other)),
                                        new Step.Case(Condition.always(), next)));
                            });
                        }
                        return new Case(steps, Duration.ofHours(window), maxSends);
                    });
        });
    }

    @Property(tries = 1000, seed = "20261207")
    void theLayeredTraceFindsWhatTheMatrixPowerFound(@ForAll("cases") Case c) {
        Set<String> reachable = reachable("s0", c.steps());
        List<String> counted = c.steps().values().stream().filter(Step.Send.class::isInstance).map(Step::id)
                .filter(reachable::contains).toList();

        List<CapTrace.Found> found = counted.isEmpty() ? List.of()
                : CapTrace.trace(counted, c.steps(), reachable, c.window(), c.maxSends(), new CapTrace.Budget());

        assertThat(found).isEqualTo(reference(counted, c.steps(), c.window(), c.maxSends()));
        Statistics.label("reported").collect(!found.isEmpty());
        Statistics.label("reported").coverage(coverage -> coverage.check(true).percentage(p -> p > 10));
    }

    @Test
    void aLoopThatCanGoOnPastTheVisitBudgetIsReportedAsMayReachTheCap() {
        int sends = 2_000;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            steps.add(new Step.Send("s" + i, "m", ChannelChoice.of("email"), List.of(),
                    Optional.of(i + 1 < sends ? "s" + (i + 1) : "again")));
        }
        steps.add(new Step.Wait("again", new Delay.Fixed(Duration.ofSeconds(1)), Optional.of("s0")));
        JourneyDefinition loop = TestJourneys.journey("loop", steps.toArray(Step[]::new));
        loop = loop.withPolicies(loop.policies().withCaps(List.of(
                FrequencyCap.of(Integer.MAX_VALUE, Duration.ofDays(1)).exitingWhenReached(),
                FrequencyCap.of(Integer.MAX_VALUE, Duration.ofDays(2)).exitingWhenReached())));

        List<ValidationProblem> problems = JourneyValidator.validate(loop);

        // 20,000,000 visits over 2,001 steps: 9,995 layers, paths of 9,996 sends, five times round the
        // loop; the journey's second cap then has one layer left.
        assertThat(problems).hasSize(2 * sends);
        assertThat(problems.get(sends).message()).startsWith("step 's0', looping, can send 2 messages that "
                + "journey cap 'at most 2147483647 marketing messages per PT48H, exit when reached' counts within PT1S");
        assertThat(problems.get(0).message()).isEqualTo("step 's0', looping, can send 9996 messages that journey cap "
                + "'at most 2147483647 marketing messages per PT24H, exit when reached' counts within PT5S (waits at "
                + "their shortest, other caps aside), so 's0' may reach the cap (the check stops after 20000000 step "
                + "visits for the journey, before 2147483648 messages)");
    }

    // The reference: the algorithm before, N shortest-path searches and a min-plus matrix power.

    private static List<CapTrace.Found> reference(List<String> counted, Map<String, Step> steps, Duration window,
                                                  int maxSends) {
        Duration[][] hop = new Duration[counted.size()][];
        for (int from = 0; from < counted.size(); from++) {
            Map<String, Duration> shortest = shortestFrom(counted.get(from), steps, window);
            hop[from] = counted.stream().map(shortest::get).toArray(Duration[]::new);
        }
        Duration[][] after = power(hop, maxSends, window);
        List<CapTrace.Found> found = new ArrayList<>();
        for (int to = 0; to < counted.size(); to++) {
            int origin = -1;
            for (int from = 0; from < counted.size(); from++) {
                if (after[from][to] != null && (origin < 0 || after[from][to].compareTo(after[origin][to]) < 0)) {
                    origin = from;
                }
            }
            if (origin >= 0) {
                found.add(new CapTrace.Found(counted.get(origin), counted.get(to), after[origin][to], maxSends + 1L));
            }
        }
        return found;
    }

    private static Map<String, Duration> shortestFrom(String start, Map<String, Step> steps, Duration limit) {
        record Reached(String step, Duration at) {
        }
        Map<String, Duration> shortest = new HashMap<>();
        PriorityQueue<Reached> queue = new PriorityQueue<>(Comparator.comparing(Reached::at));
        relax(steps.get(start), Duration.ZERO, limit, (step, at) -> queue.add(new Reached(step, at)));
        while (!queue.isEmpty()) {
            Reached next = queue.poll();
            if (shortest.putIfAbsent(next.step(), next.at()) == null) {
                relax(steps.get(next.step()), next.at(), limit, (step, at) -> {
                    if (!shortest.containsKey(step)) {
                        queue.add(new Reached(step, at));
                    }
                });
            }
        }
        return shortest;
    }

    private interface Reach {
        void at(String step, Duration at);
    }

    private static void relax(Step step, Duration now, Duration limit, Reach reach) {
        if (step == null) {
            return;
        }
        for (String next : step.successors()) {
            plusBelow(now, shortestHold(step, next), limit).ifPresent(at -> reach.at(next, at));
        }
    }

    private static Duration shortestHold(Step step, String next) {
        if (step instanceof Step.Wait wait && wait.delay() instanceof Delay.Fixed fixed) {
            return fixed.duration();
        }
        if (step instanceof Step.WaitForEvent wait && !wait.onEvent().map(next::equals).orElse(false)) {
            return wait.timeout();
        }
        return Duration.ZERO;
    }

    private static Optional<Duration> plusBelow(Duration a, Duration b, Duration limit) {
        return b.compareTo(limit.minus(a)) < 0 ? Optional.of(a.plus(b)) : Optional.empty();
    }

    private static Duration[][] power(Duration[][] matrix, int exponent, Duration limit) {
        int n = matrix.length;
        Duration[][] result = new Duration[n][n];
        for (int i = 0; i < n; i++) {
            result[i][i] = Duration.ZERO;
        }
        Duration[][] base = matrix;
        for (int e = exponent; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = times(result, base, limit);
            }
            if (e > 1) {
                base = times(base, base, limit);
            }
        }
        return result;
    }

    private static Duration[][] times(Duration[][] a, Duration[][] b, Duration limit) {
        int n = a.length;
        Duration[][] product = new Duration[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                if (a[i][k] == null) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    if (b[k][j] != null) {
                        Optional<Duration> sum = plusBelow(a[i][k], b[k][j], limit);
                        if (sum.isPresent() && (product[i][j] == null || sum.get().compareTo(product[i][j]) < 0)) {
                            product[i][j] = sum.get();
                        }
                    }
                }
            }
        }
        return product;
    }

    private static Set<String> reachable(String start, Map<String, Step> steps) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            Step step = steps.get(id);
            if (step != null && reached.add(id)) {
                todo.addAll(step.successors());
            }
        }
        return reached;
    }
}
