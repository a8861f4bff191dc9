package dev.journeys.core.kernel;

import dev.journeys.core.ActionRequest;
import dev.journeys.core.Condition;
import dev.journeys.core.ContactState;
import dev.journeys.core.Delay;
import dev.journeys.core.ExitCause;
import dev.journeys.core.JourneyInstance;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.SentRecord;
import dev.journeys.core.Step;
import dev.journeys.core.event.JourneyEvent;

import java.time.Instant;
import java.util.Optional;

/**
 * Runs an instance along its journey's steps, from one step until it waits or leaves: waits,
 * waits for events, branches, splits, actions, goals, exits, and sends with their governance
 * decision ({@link SendDecider}); an instance that comes back to a step without waiting exits.
 * What starts a run (an event, a timer, an entry, a retry) is the subclasses' ({@link EventRules},
 * {@link TimerRules}, {@link EntryRules}, {@link JourneyKernel}'s run). Part of the kernel; package-private.
 *
 * <p>Not thread-safe: one evaluation, on one thread.
 */
abstract class PathRunner extends ContactWork {

    PathRunner(JourneyCatalog catalog, ContactState state, Subject subject, boolean observed) {
        super(catalog, state, subject, observed);
    }

    /** Runs the instance from a step until it waits or leaves. */
    void advance(JourneyInstance instance, CompiledJourney journey, Optional<String> first) {
        Optional<String> next = first;
        int visits = instance.visits();
        String last = instance.stepId();
        // A run that visits more steps than the journey has must have come back to one without waiting.
        for (int budget = journey.definition().steps().size(); ; budget--) {
            if (next.isEmpty()) {
                exit(instance, last, ExitCause.COMPLETED, "the path ended after step '" + last + "'");
                return;
            }
            if (budget == 0) {
                exit(instance, last, ExitCause.LOOP_WITHOUT_WAIT, "came back to step '" + next.get()
                        + "' without waiting; the journey has a cycle that passes no wait");
                return;
            }
            Step step = journey.step(next.get());
            if (!journey.definition().policies().exclusions().isEmpty()) {
                Optional<Condition> exclusion = exclusionOf(journey);
                if (exclusion.isPresent()) {
                    exit(instance, step.id(), ExitCause.EXCLUDED, "excluded: " + exclusion.get());
                    return;
                }
            }
            last = step.id();
            visits++;
            if (step instanceof Step.Send send) {
                // A held send tried again is the same visit, reached when it was first held.
                long reachedAt = send.id().equals(instance.stepId()) && visits == instance.visits() + 1
                        ? instance.waitingSinceMillis() : nowMillis;
                if (!send(instance, journey, send, visits, reachedAt)) {
                    return;
                }
                next = send.next();
            } else if (step instanceof Step.Wait wait) {
                Instant end = wait.delay().endsAt(now, contact.zone());
                if (end.isAfter(now)) {
                    hold(instance, wait.id(), end, visits);
                    if (observed) {
                        observe(instance, step.id(), visits, "waits " + wait.delay() + ", until " + end);
                    }
                    return;
                }
                if (wait.delay() instanceof Delay.UntilInstant until && until.ifPassed() == Delay.IfPassed.EXIT
                        && end.isBefore(now)) {
                    exit(instance, step.id(), ExitCause.WAIT_PASSED, until.instant() + " had passed");
                    return;
                }
                if (observed) {
                    observe(instance, step.id(), visits, "continues at once: " + end + " is not after " + now);
                }
                next = wait.next();
            } else if (step instanceof Step.WaitForEvent wait) {
                int bit = wait.lookBack() ? journey.factBit(new TrackedFact(wait.trigger().eventType(),
                        wait.trigger().filter(), wait.aboutSend())) : -1;
                if (bit >= 0 && (instance.facts() & (1L << bit)) != 0) {
                    if (observed) {
                        observe(instance, step.id(), visits, "a matching event already arrived since entry");
                    }
                    next = wait.onEvent();
                } else {
                    Instant end = now.plus(wait.timeout());
                    hold(instance, wait.id(), end, visits);
                    if (observed) {
                        observe(instance, step.id(), visits, "waits for " + wait.trigger() + " until " + end);
                    }
                    return;
                }
            } else if (step instanceof Step.Branch branch) {
                next = Optional.empty();
                for (int i = 0; i < branch.cases().size(); i++) {
                    Step.Case c = branch.cases().get(i);
                    if (Conditions.test(c.when(), subject, instance.entryData(), journey, instance.facts())) {
                        if (observed) {
                            observe(instance, step.id(), visits, branch.otherwise().orElse(null) == c
                                    ? "took otherwise: " + (i == 0 ? "it is the only case" : "did not hold: "
                                            + branch.cases().subList(0, i).stream().map(k -> k.when().toString())
                                            .collect(java.util.stream.Collectors.joining("; ")))
                                    : "took case " + (i + 1) + ": " + c.when());
                        }
                        next = c.next();
                        break;
                    }
                }
            } else if (step instanceof Step.Split split) {
                long total = split.paths().stream().mapToLong(Step.SplitPath::weight).sum();
                long bucket = StableHash.bucket(total, contact.id(), journey.id(), split.id());
                Step.SplitPath chosen = split.paths().get(0);
                for (Step.SplitPath path : split.paths()) {
                    if (bucket < path.weight()) {
                        chosen = path;
                        break;
                    }
                    bucket -= path.weight();
                }
                if (observed) {
                    observe(instance, step.id(), visits, "took path '" + chosen.name() + "'");
                }
                next = chosen.next();
            } else if (step instanceof Step.Action action) {
                record(new ActionRequest(key(instance, action.id(), visits), action.action(), action.parameters(),
                        instance.entryData(), now));
                if (observed) {
                    observe(instance, step.id(), visits, "runs action '" + action.action() + "'");
                }
                next = action.next();
            } else if (step instanceof Step.Goal goal) {
                if (observed) {
                    observe(instance, step.id(), visits, "goal '" + goal.name() + "'");
                }
                events.add(new JourneyEvent.GoalReached(ref(instance), goal.name(), now));
                if (goal.exit()) {
                    exit(instance, step.id(), ExitCause.GOAL, "goal '" + goal.name() + "' reached");
                    return;
                }
                next = goal.next();
            } else if (step instanceof Step.Exit exitStep) {
                if (observed) {
                    observe(instance, step.id(), visits, "exit: " + exitStep.reason());
                }
                exit(instance, step.id(), ExitCause.EXIT_STEP, exitStep.reason());
                return;
            } else {
                throw new AssertionError(step);
            }
        }
    }

    /**
     * Runs a send step: skipped (suppressed, no consent, held too long by quiet hours or a
     * cap), held (quiet hours, a deferring cap), ended (an exiting cap) or sent.
     *
     * @return whether the path goes on from this step now
     */
    boolean send(JourneyInstance instance, CompiledJourney journey, Step.Send send, int visit,
                         long reachedAtMillis) {
        SendDecider.Decision decision = SendDecider.decide(catalog, journey, send, subject, instance.facts(), instance.entryData(),
                sendLog, now, reachedAtMillis == nowMillis ? now : Instant.ofEpochMilli(reachedAtMillis), observed);
        switch (decision.outcome()) {
            case SKIP:
                return skip(instance, send, visit, decision);
            case DEFER:
                return defer(instance, send, visit, reachedAtMillis, decision.why(), decision.until());
            case EXIT:
                exit(instance, send.id(), ExitCause.CAP_REACHED, decision.why());
                return false;
            default:
                break;
        }
        record(new OutgoingMessage(key(instance, send.id(), visit), decision.channel(), decision.message(),
                send.purpose(), JourneyKernel.personalisation(instance.entryData(), contact, send), now,
                reachedAtMillis >= nowMillis ? now : Instant.ofEpochMilli(reachedAtMillis)));
        if (catalog.longestCapWindowMillis() > 0) {
            (sendLog = editable(sendLog)).add(new SentRecord(nowMillis, journey.id(), decision.channel(), send.category()));
        }
        if (observed) {
            observe(instance, send.id(), visit, "sends '" + decision.message() + "' on " + decision.channel());
        }
        return true;
    }

    boolean skip(JourneyInstance instance, Step.Send send, int visit, SendDecider.Decision decision) {
        if (observed) {
            observe(instance, send.id(), visit, "skipped '" + decision.message() + "': " + decision.why());
        }
        events.add(new JourneyEvent.MessageSkipped(ref(instance), send.id(), decision.skipReason(), now));
        return true;
    }

    /** Holds the contact at the send until {@code until}; the send is decided afresh then. */
    boolean defer(JourneyInstance instance, Step.Send send, int visit, long reachedAtMillis, String why,
                          Instant until) {
        replace(instance, instance.withWait(send.id(), reachedAtMillis, until.toEpochMilli(), visit));
        if (observed) {
            observe(instance, send.id(), visit, "held by " + why + " until " + until);
        }
        events.add(new JourneyEvent.SendDeferred(ref(instance), send.id(), why, until, now));
        return false;
    }

    /** Returns the first exclusion of the journey that holds for the contact. */
    Optional<Condition> exclusionOf(CompiledJourney journey) {
        for (Condition exclusion : journey.definition().policies().exclusions()) {
            if (Conditions.test(exclusion, subject, null, null, 0L)) {
                return Optional.of(exclusion);
            }
        }
        return Optional.empty();
    }
}
