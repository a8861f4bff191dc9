package dev.journeys.core.internal;

import dev.journeys.core.Condition;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.Trigger;

/**
 * Evaluates {@link Condition}s. Pure: reads only what it is given. Internal.
 */
final class Conditions {

    private Conditions() {
    }

    /**
     * Tests a condition.
     *
     * @param condition the condition
     * @param contact the contact
     * @param event the event being tested, or {@code null} where there is none (a branch)
     * @param journey the journey whose tracked facts fact conditions read, or {@code null} (a
     *     trigger, before any instance exists: fact conditions are then false)
     * @param facts the instance's fact bits
     * @return whether it holds
     */
    static boolean test(Condition condition, Contact contact, Event event, CompiledJourney journey, long facts) {
        if (condition instanceof Condition.Attribute attribute) {
            Object actual = attribute.source() == Condition.Source.CONTACT
                    ? contact.attributes().asMap().get(attribute.name())
                    : event == null ? null : event.payload().asMap().get(attribute.name());
            if (attribute.source() == Condition.Source.EVENT && event == null) {
                return false;
            }
            return attribute.operator().test(actual, attribute.expected());
        }
        if (condition instanceof Condition.AllOf all) {
            for (Condition c : all.conditions()) {
                if (!test(c, contact, event, journey, facts)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Condition.AnyOf any) {
            for (Condition c : any.conditions()) {
                if (test(c, contact, event, journey, facts)) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof Condition.Not not) {
            return !test(not.condition(), contact, event, journey, facts);
        }
        if (condition instanceof Condition.Custom custom) {
            return custom.test().test(contact);
        }
        if (condition instanceof Condition.Clicked || condition instanceof Condition.Opened
                || condition instanceof Condition.HappenedSinceEntry) {
            int bit = journey == null ? -1 : journey.factBit(condition);
            return bit >= 0 && (facts & (1L << bit)) != 0;
        }
        throw new AssertionError(condition);
    }

    /**
     * Tests whether an event fires a trigger.
     *
     * @param trigger the trigger
     * @param event the event
     * @param contact the contact
     * @return whether the type matches and the filter holds
     */
    static boolean fires(Trigger trigger, Event event, Contact contact) {
        return trigger.eventType().equals(event.type()) && test(trigger.filter(), contact, event, null, 0L);
    }

    /**
     * Tests whether an event is a tracked fact.
     *
     * @param fact the fact
     * @param event the event
     * @param aboutStep the send step the event is an interaction with, or {@code null}
     * @param contact the contact
     * @return whether the event sets the fact's bit
     */
    static boolean matches(TrackedFact fact, Event event, String aboutStep, Contact contact) {
        return fact.eventType().equals(event.type())
                && (fact.aboutSend().isEmpty() || fact.aboutSend().get().equals(aboutStep))
                && test(fact.filter(), contact, event, null, 0L);
    }
}
