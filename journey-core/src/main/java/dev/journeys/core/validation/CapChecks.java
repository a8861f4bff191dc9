package dev.journeys.core.validation;

import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationProblem.Code;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The checks of a journey's frequency caps, reported as {@link Code#CONFLICTING_CAPS} warnings.
 * Part of {@link JourneyValidator}; package-private.
 *
 * <p>The engine checks the engine's caps, then the journey's, in the order they were declared,
 * and the first one a send would exceed decides; a skipped send is not counted and a deferred
 * one is counted when it goes. From that follow the rules, checked cap by cap in that order:
 * <ol>
 *   <li>A journey cap that can count none of the journey's sends (none uses its channel, or all
 *       it could count are transactional and it counts marketing only) never applies.</li>
 *   <li>A journey cap never applies if another journey cap with the same channel, the same
 *       category ({@code includeTransactional}) and the same window allows fewer sends, or as
 *       many and was declared before it: the count never gets past the other's limit.</li>
 *   <li>A journey cap never applies if an engine cap with the same channel, category and window
 *       allows no more sends: the engine's cap counts at least the journey's sends and is checked
 *       first.</li>
 *   <li>For a cap that ends the instance or defers, and that is not pointless by the rules above:
 *       a send that can be the {@code maxSends + 1}-th message the cap counts within less than its
 *       window, along some path from the start with every wait at its shortest (a fixed wait its
 *       duration, a time-out its length, the event exit of a wait for an event and any other wait
 *       no time), is reported: an exiting cap ends the instance there; a deferring cap needs to
 *       hold the send for the window minus that time, and if that is more than its
 *       {@code maxDeferral} the send is skipped instead. A send counts if the cap counts it on any
 *       channel it may use. Other caps, consent, suppression, quiet hours and pausing can only
 *       spread sends out or drop them, so the report says "can".</li>
 * </ol>
 * A cap that skips is not traced along paths: skipping is what it is for. Rule 4's search is
 * {@link CapTrace}: at most quadratic in the journey's size, and bounded in step visits.
 *
 * <p>Stateless and thread-safe.
 */
final class CapChecks {

    private CapChecks() {
    }

    static void check(JourneyDefinition journey, Map<String, Step> steps, List<FrequencyCap> engineCaps,
                      Consumer<ValidationProblem> problems) {
        List<Step.Send> sends = steps.values().stream().filter(Step.Send.class::isInstance)
                .map(Step.Send.class::cast).toList();
        Set<String> reachable = reachable(journey.startStep(), steps);
        CapTrace.Budget budget = new CapTrace.Budget();
        for (FrequencyCap cap : engineCaps) {
            trace(cap, "engine cap", sends, reachable, steps, budget, problems);
        }
        List<FrequencyCap> caps = journey.caps();
        for (int i = 0; i < caps.size(); i++) {
            Optional<String> pointless = neverApplies(i, caps, engineCaps, sends);
            if (pointless.isPresent()) {
                problems.accept(ValidationProblem.ofJourney(Code.CONFLICTING_CAPS, pointless.get()));
            } else {
                trace(caps.get(i), "journey cap", sends, reachable, steps, budget, problems);
            }
        }
    }

    /** Rules 1 to 3: why the journey's {@code index}-th cap never applies, if it never does. */
    private static Optional<String> neverApplies(int index, List<FrequencyCap> caps, List<FrequencyCap> engineCaps,
                                                 List<Step.Send> sends) {
        FrequencyCap cap = caps.get(index);
        String named = "journey cap '" + cap + "'";
        if (sends.stream().noneMatch(send -> counts(cap, send))) {
            Set<String> used = new LinkedHashSet<>();
            sends.forEach(send -> used.addAll(send.channel().channels()));
            if (sends.isEmpty()) {
                return Optional.of(named + " never applies: the journey sends nothing");
            }
            return Optional.of(cap.channel().filter(c -> !used.contains(c))
                    .map(c -> named + " never applies: no send of the journey uses channel '" + c + "'; they use " + used)
                    .orElse(named + " never applies: every send it could count is transactional, and it counts "
                            + "marketing messages only"));
        }
        for (int other = 0; other < caps.size(); other++) {
            FrequencyCap first = caps.get(other);
            if (other != index && sameScope(first, cap) && (first.maxSends() < cap.maxSends()
                    || first.maxSends() == cap.maxSends() && other < index)) {
                return Optional.of(first.equals(cap) ? named + " is declared twice; the second never applies"
                        : named + " never applies: journey cap '" + first + "' counts the same messages in the same "
                        + "window and is reached first");
            }
        }
        return engineCaps.stream().filter(e -> sameScope(e, cap) && e.maxSends() <= cap.maxSends()).findFirst()
                .map(e -> named + " never applies: engine cap '" + e + "' counts the same messages of every journey "
                        + "in the same window and is reached first");
    }

    private static boolean sameScope(FrequencyCap a, FrequencyCap b) {
        return a.channel().equals(b.channel()) && a.includeTransactional() == b.includeTransactional()
                && a.window().equals(b.window());
    }

    /** Whether the cap counts the send on some channel it may use. */
    private static boolean counts(FrequencyCap cap, Step.Send send) {
        return send.channel().channels().stream().anyMatch(channel -> cap.counts(channel, send.category()));
    }

    /** Rule 4. */
    private static void trace(FrequencyCap cap, String kind, List<Step.Send> sends, Set<String> reachable,
                              Map<String, Step> steps, CapTrace.Budget budget, Consumer<ValidationProblem> problems) {
        if (cap.whenReached() == FrequencyCap.WhenReached.SKIP) {
            return;
        }
        List<String> counted = sends.stream().filter(s -> reachable.contains(s.id()) && counts(cap, s))
                .map(Step.Send::id).toList();
        if (counted.isEmpty()) {
            return;
        }
        for (CapTrace.Found found : CapTrace.trace(counted, steps, reachable, cap.window(), cap.maxSends(), budget)) {
            report(cap, kind, found, problems);
        }
    }

    private static void report(FrequencyCap cap, String kind, CapTrace.Found found, Consumer<ValidationProblem> problems) {
        String first = found.first();
        String last = found.last();
        Duration within = found.within();
        boolean stopped = found.sends() <= cap.maxSends();
        String path = (first.equals(last) ? "step '" + last + "', looping," : "steps '" + first + "' to '" + last + "'")
                + " can send " + found.sends() + " messages that " + kind + " '" + cap + "' counts within "
                + within + " (waits at their shortest, other caps aside), so ";
        if (stopped) {
            problems.accept(ValidationProblem.atStep(Code.CONFLICTING_CAPS, last, path + "'" + last + "' may reach "
                    + "the cap (the check stops after " + CapTrace.MAX_VISITS + " step visits for the journey, before "
                    + (cap.maxSends() + 1L) + " messages)"));
            return;
        }
        if (cap.whenReached() == FrequencyCap.WhenReached.EXIT) {
            problems.accept(ValidationProblem.atStep(Code.CONFLICTING_CAPS, last,
                    path + "a contact sent them all exits at '" + last + "'"));
        } else {
            Duration needed = cap.window().minus(within);
            if (needed.compareTo(cap.maxDeferral()) > 0) {
                problems.accept(ValidationProblem.atStep(Code.CONFLICTING_CAPS, last, path + "'" + last
                        + "' needs a deferral of " + needed + ", longer than the cap's " + cap.maxDeferral()
                        + ", and is skipped"));
            }
        }
    }

    private static Set<String> reachable(String start, Map<String, Step> steps) {
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        if (steps.containsKey(start)) {
            todo.add(start);
        }
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
