package dev.journeys.core.kernel;

import dev.journeys.core.Condition;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Step;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Something that happened since entry which a journey's conditions may later ask about: a click,
 * an open, an event. An instance keeps one bit per tracked fact, so a waiting contact's state
 * stays a few bytes however many events arrive. Part of the kernel.
 *
 * @param eventType the type of event that sets the bit
 * @param filter the test the event must pass
 * @param aboutSend if present, the event must be an interaction with the message sent at this step
 */
public record TrackedFact(String eventType, Condition filter, Optional<String> aboutSend) {

    /** The most facts one journey may track: one bit each in a {@code long}. */
    public static final int MAX = 64;

    /** Returns the fact a condition asks about, if it asks about one. */
    static Optional<TrackedFact> of(Condition condition) {
        if (condition instanceof Condition.Clicked c) {
            Condition filter = c.link().map(link -> Condition.payload(dev.journeys.core.Event.LINK).isEqualTo(link))
                    .orElse(Condition.always());
            return Optional.of(new TrackedFact(InteractionTypes.LINK_CLICKED, filter, Optional.of(c.sendStep())));
        }
        if (condition instanceof Condition.Opened o) {
            return Optional.of(new TrackedFact(InteractionTypes.OPENED, Condition.always(), Optional.of(o.sendStep())));
        }
        if (condition instanceof Condition.HappenedSinceEntry h) {
            return Optional.of(new TrackedFact(h.eventType(), h.filter(), Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * Returns every distinct fact the journey's branches and look-back waits may ask about, in a
     * stable order: the bit of a fact is its index.
     */
    public static List<TrackedFact> of(JourneyDefinition journey) {
        Set<TrackedFact> facts = new LinkedHashSet<>();
        for (Step step : journey.steps()) {
            if (step instanceof Step.Branch branch) {
                branch.cases().forEach(c -> collect(c.when(), facts));
            } else if (step instanceof Step.Send send) {
                send.variants().forEach(v -> collect(v.when(), facts));
            } else if (step instanceof Step.WaitForEvent wait && wait.lookBack()) {
                facts.add(new TrackedFact(wait.trigger().eventType(), wait.trigger().filter(), wait.aboutSend()));
            }
        }
        return new ArrayList<>(facts);
    }

    private static void collect(Condition condition, Set<TrackedFact> facts) {
        of(condition).ifPresent(facts::add);
        if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(c -> collect(c, facts));
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(c -> collect(c, facts));
        } else if (condition instanceof Condition.Not not) {
            collect(not.condition(), facts);
        }
    }
}
