package dev.journeys.core.kernel;

import dev.journeys.core.Attributes;
import dev.journeys.core.Condition;
import dev.journeys.core.Event;
import dev.journeys.core.Trigger;

import java.time.Instant;

/**
 * Evaluates {@link Condition}s. Pure: reads only what it is given. Package-private.
 */
final class Conditions {

    private Conditions() {
    }

    /**
     * Tests a condition.
     *
     * @param condition the condition
     * @param subject the contact and what conditions may ask about them
     * @param payload the payload of the event being tested; where no event is at hand (a branch, a
     *     content variant), the fields the instance kept of its entry trigger; {@code null} where
     *     there is neither (a segment, an exclusion): payload tests are then false
     * @param journey the journey whose tracked facts fact conditions read, or {@code null} (a
     *     trigger, before any instance exists: fact conditions are then false)
     * @param facts the instance's fact bits
     * @return whether it holds
     */
    static boolean test(Condition condition, Subject subject, Attributes payload, CompiledJourney journey,
                        long facts) {
        if (condition instanceof Condition.Attribute attribute) {
            if (attribute.source() == Condition.Source.EVENT && payload == null) {
                return false;
            }
            Object actual = attribute.source() == Condition.Source.CONTACT
                    ? subject.contact().attributes().asMap().get(attribute.name())
                    : payload.asMap().get(attribute.name());
            return attribute.operator().test(actual, attribute.expected());
        }
        if (condition instanceof Condition.AllOf all) {
            for (Condition c : all.conditions()) {
                if (!test(c, subject, payload, journey, facts)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Condition.AnyOf any) {
            for (Condition c : any.conditions()) {
                if (test(c, subject, payload, journey, facts)) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof Condition.Not not) {
            return !test(not.condition(), subject, payload, journey, facts);
        }
        if (condition instanceof Condition.Custom custom) {
            return custom.test().test(subject.contact());
        }
        if (condition instanceof Condition.Clicked || condition instanceof Condition.Opened
                || condition instanceof Condition.HappenedSinceEntry) {
            int bit = journey == null ? -1 : journey.factBit(condition);
            return bit >= 0 && (facts & (1L << bit)) != 0;
        }
        if (condition instanceof Condition.HadEvent had) {
            Instant to = subject.now();
            Instant from = had.within().map(to::minus).orElse(Instant.MIN);
            return had.accepts(subject.history().count(had.eventType(), from, to,
                    past -> test(had.filter(), subject, past.payload(), null, 0L)));
        }
        if (condition instanceof Condition.InSegment in) {
            // Segments were checked for cycles and unknown references when they were defined.
            return subject.segments().segment(in.segmentId())
                    .map(segment -> test(segment.definition(), subject, null, null, 0L)).orElse(false);
        }
        throw new AssertionError(condition);
    }

    /**
     * Tests whether an event fires a trigger.
     *
     * @param trigger the trigger
     * @param event the event
     * @param subject the contact and what conditions may ask about them
     * @return whether the type matches and the filter holds
     */
    static boolean fires(Trigger trigger, Event event, Subject subject) {
        return trigger.eventType().equals(event.type()) && test(trigger.filter(), subject, event.payload(), null, 0L);
    }

    /**
     * Tests whether an event is a tracked fact.
     *
     * @param fact the fact
     * @param event the event
     * @param aboutStep the send step the event is an interaction with, or {@code null}
     * @param subject the contact and what conditions may ask about them
     * @return whether the event sets the fact's bit
     */
    static boolean matches(TrackedFact fact, Event event, String aboutStep, Subject subject) {
        return fact.eventType().equals(event.type())
                && (fact.aboutSend().isEmpty() || fact.aboutSend().get().equals(aboutStep))
                && test(fact.filter(), subject, event.payload(), null, 0L);
    }
}
