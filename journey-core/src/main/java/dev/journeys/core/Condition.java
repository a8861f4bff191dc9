package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A test a journey makes: in a branch, in a trigger's filter, or in a content variant.
 *
 * <p>Conditions are data, so a journey can be validated, printed and stored. Build them with
 * the static factories:
 * <pre>{@code
 * Condition grinders = Condition.clicked("guide", "shop-grinders");
 * Condition texan = Condition.attribute("state").isEqualTo("TX");
 * Condition guideForm = Condition.payload("form").isEqualTo("french-press-guide");
 * Condition both = Condition.allOf(texan, Condition.not(grinders));
 * }</pre>
 *
 * <p>Where a condition reads an event's payload, the event is the one being tested (the
 * trigger's event, or the one recorded by {@link #happenedSinceEntry}); in a branch or a content
 * variant, where no event is at hand, a payload test reads the fields the instance kept of the
 * event that started it ({@link JourneyPolicies#triggerFields()}; the validator reports a field
 * that is not kept). {@link Custom} is an escape hatch for logic the data
 * kinds cannot express: it works, but it cannot be serialised.
 *
 * <p>Conditions nest at most {@link #MAX_DEPTH} levels (a single test is one level; each
 * {@code allOf}, {@code anyOf}, {@code not} or event filter around it adds one), the same bound the
 * JSON format's nesting limit sets, so every walk over a condition is shallow.
 *
 * <p>All kinds are immutable and thread-safe (a {@link Custom} predicate must be too).
 */
public sealed interface Condition {

    /** The most levels a condition nests. */
    int MAX_DEPTH = 64;

    /** Where an {@link Attribute} condition reads its value. */
    enum Source {
        /** The contact's attributes. */
        CONTACT,
        /** The payload of the event being tested. */
        EVENT
    }

    /**
     * A comparison of one named value with an expected value.
     *
     * @param source where the value is read
     * @param name the attribute or payload field
     * @param operator the comparison
     * @param expected the value compared with; ignored by {@link Operator#EXISTS}
     */
    record Attribute(Source source, String name, Operator operator, Object expected) implements Condition {
        /** Checks the components. */
        public Attribute {
            Objects.requireNonNull(source, "source");
            Ids.requireText(name, "attribute name");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(expected, "expected");
            if (operator == Operator.MATCHES) {
                expected = regex(name, expected);
            } else {
                expected = Attributes.of(name, expected).asMap().get(name);
            }
        }

        /** The compiled expression of a matches test: compiled here, once, and never at evaluation. */
        private static Regex regex(String name, Object expected) {
            if (expected instanceof Regex regex) {
                return regex;
            }
            if (!(expected instanceof String text)) {
                throw new IllegalArgumentException("operator matches on '" + name + "' needs a regular expression as "
                        + "text, was " + expected);
            }
            try {
                return Regex.of(text);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(bad.getMessage() + ", in the matches test of '" + name + "'", bad);
            }
        }

        @Override
        public String toString() {
            String where = source == Source.CONTACT ? name : "event." + name;
            return operator == Operator.EXISTS ? where + " exists"
                    : where + " " + operator.symbol() + " " + quote(expected);
        }
    }

    /**
     * True if the contact clicked a link in the message sent at a step of this instance.
     *
     * @param sendStep the id of the send step whose message is meant
     * @param link the link's id, or empty for any link
     */
    record Clicked(String sendStep, Optional<String> link) implements Condition {
        /** Checks the components. */
        public Clicked {
            Ids.requireId(sendStep, "send step id");
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String toString() {
            return "clicked " + link.map(l -> "link '" + l + "'").orElse("any link") + " in '" + sendStep + "'";
        }
    }

    /**
     * True if the contact opened the message sent at a step of this instance.
     *
     * @param sendStep the id of the send step whose message is meant
     */
    record Opened(String sendStep) implements Condition {
        /** Checks the components. */
        public Opened {
            Ids.requireId(sendStep, "send step id");
        }

        @Override
        public String toString() {
            return "opened '" + sendStep + "'";
        }
    }

    /**
     * True if an event of the type, matching the filter, arrived since the contact entered this
     * instance.
     *
     * @param eventType the event's type
     * @param filter a test of the event (its payload) and the contact
     */
    record HappenedSinceEntry(String eventType, Condition filter) implements Condition {
        /** Checks the components. */
        public HappenedSinceEntry {
            Ids.requireText(eventType, "event type");
            Objects.requireNonNull(filter, "filter");
            requireDepth(List.of(filter));
        }

        @Override
        public String toString() {
            return "'" + eventType + "' happened since entry" + (filter.equals(always()) ? "" : " where " + filter);
        }
    }

    /**
     * True if every one of the conditions is; with none, always true.
     *
     * @param conditions the conditions
     */
    record AllOf(List<Condition> conditions) implements Condition {
        /** Copies the list. */
        public AllOf {
            conditions = List.copyOf(conditions);
            requireDepth(conditions);
        }

        @Override
        public String toString() {
            return conditions.isEmpty() ? "always" : join(conditions, " and ");
        }
    }

    /**
     * True if at least one of the conditions is; with none, false.
     *
     * @param conditions the conditions
     */
    record AnyOf(List<Condition> conditions) implements Condition {
        /** Copies the list. */
        public AnyOf {
            conditions = List.copyOf(conditions);
            requireDepth(conditions);
        }

        @Override
        public String toString() {
            return conditions.isEmpty() ? "never" : join(conditions, " or ");
        }
    }

    /**
     * True if the condition is false.
     *
     * @param condition the condition negated
     */
    record Not(Condition condition) implements Condition {
        /** Checks the component. */
        public Not {
            Objects.requireNonNull(condition, "condition");
            requireDepth(List.of(condition));
        }

        @Override
        public String toString() {
            return "not (" + condition + ")";
        }
    }

    /**
     * A test of the contact written in Java. Not serialisable: a journey that uses one cannot
     * be stored as JSON. Prefer the data kinds.
     *
     * @param description what the test checks, shown when the journey is printed
     * @param test the test; must be pure and thread-safe
     */
    record Custom(String description, Predicate<Contact> test) implements Condition {
        /** Checks the components. */
        public Custom {
            Ids.requireText(description, "description");
            Objects.requireNonNull(test, "test");
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * True if the contact's recorded event history holds between {@code atLeast} and
     * {@code atMost} events of the type matching the filter, within the window before now (or
     * ever). Read from {@link dev.journeys.core.spi.ContactDirectory#history}.
     *
     * <pre>{@code
     * Condition.hadEvent("purchase").where(Condition.payload("category").isEqualTo("cold-brew"))
     *         .atLeastOnce().within(Duration.ofDays(90));
     * Condition.hadEvent("purchase").where(Condition.payload("product").isEqualTo("cold-brew-concentrate")).never();
     * }</pre>
     *
     * @param eventType the events' type
     * @param filter a test of each event's payload
     * @param atLeast the fewest matching events, at least 0
     * @param atMost the most matching events, at least {@code atLeast}
     * @param within how far back before now to look; empty for the whole recorded history
     */
    record HadEvent(String eventType, Condition filter, int atLeast, int atMost, Optional<Duration> within)
            implements Condition {
        /** Checks the components. */
        public HadEvent {
            Ids.requireText(eventType, "event type");
            Objects.requireNonNull(filter, "filter");
            requireDepth(List.of(filter));
            if (atLeast < 0 || atMost < atLeast) {
                throw new IllegalArgumentException("event count for '" + eventType + "' must satisfy 0 <= atLeast <= "
                        + "atMost, was " + atLeast + ".." + atMost);
            }
            Objects.requireNonNull(within, "within");
            within.ifPresent(w -> {
                TimeBounds.requireDuration(w, "history window for '" + eventType + "'");
                if (w.isZero() || w.isNegative()) {
                    throw new IllegalArgumentException("history window for '" + eventType + "' must be positive, was "
                            + w);
                }
            });
        }

        /** Returns a copy that looks only at the events of the window before now. */
        public HadEvent within(Duration window) {
            return new HadEvent(eventType, filter, atLeast, atMost, Optional.of(window));
        }

        /** Returns whether a count of matching events satisfies the condition. */
        public boolean accepts(long count) {
            return count >= atLeast && count <= atMost;
        }

        @Override
        public String toString() {
            String what = "'" + eventType + "'" + (filter.equals(always()) ? "" : " where " + filter);
            String count = atMost == 0 ? "never had " + what
                    : "had " + what + (atLeast == atMost ? " exactly " + atLeast + " times"
                    : atMost == Integer.MAX_VALUE ? (atLeast == 1 ? " at least once" : " at least " + atLeast + " times")
                    : " " + atLeast + " to " + atMost + " times");
            return count + within.map(w -> " in the last " + w).orElse("");
        }
    }

    /**
     * True if the contact is a member of a {@link Segment}, by its definition, now.
     *
     * @param segmentId the segment's id
     */
    record InSegment(String segmentId) implements Condition {
        /** Checks the component. */
        public InSegment {
            Ids.requireId(segmentId, "segment id");
        }

        @Override
        public String toString() {
            return "in segment '" + segmentId + "'";
        }
    }

    /** Starts a test of the contact's recorded events of a type; see {@link HadEvent}. */
    static HistoryTest hadEvent(String eventType) {
        return new HistoryTest(eventType, always());
    }

    /** Returns whether the contact is in the segment; see {@link InSegment}. */
    static Condition inSegment(String segmentId) {
        return new InSegment(segmentId);
    }

    /** Returns the condition that always holds; a branch's otherwise case uses it. */
    static Condition always() {
        return new AllOf(List.of());
    }

    /** Starts a test of a contact attribute. */
    static AttributeTest attribute(String name) {
        return new AttributeTest(Source.CONTACT, name);
    }

    /**
     * Starts a test of a field of the event's payload: the event being tested in a trigger's
     * filter; in a branch or a content variant, the field as the instance kept it of its entry
     * trigger ({@link JourneyPolicies#triggerFields()}).
     */
    static AttributeTest payload(String name) {
        return new AttributeTest(Source.EVENT, name);
    }

    /** Returns a test that the contact clicked the link in the message sent at the step. */
    static Condition clicked(String sendStep, String link) {
        return new Clicked(sendStep, Optional.of(Ids.requireText(link, "link")));
    }

    /** Returns a test that the contact clicked any link in the message sent at the step. */
    static Condition clickedAnyLink(String sendStep) {
        return new Clicked(sendStep, Optional.empty());
    }

    /** Returns a test that the contact opened the message sent at the step. */
    static Condition opened(String sendStep) {
        return new Opened(sendStep);
    }

    /** Returns a test that an event of the type arrived since the contact entered. */
    static Condition happenedSinceEntry(String eventType) {
        return new HappenedSinceEntry(eventType, always());
    }

    /** Returns a test that a matching event arrived since the contact entered. */
    static Condition happenedSinceEntry(String eventType, Condition filter) {
        return new HappenedSinceEntry(eventType, filter);
    }

    /** Returns a test that holds when all the conditions hold. */
    static Condition allOf(Condition... conditions) {
        return new AllOf(Arrays.asList(conditions));
    }

    /** Returns a test that holds when any of the conditions holds. */
    static Condition anyOf(Condition... conditions) {
        return new AnyOf(Arrays.asList(conditions));
    }

    /** Returns the negation of the condition. */
    static Condition not(Condition condition) {
        return new Not(condition);
    }

    /** Returns a test written in Java; see {@link Custom} for its limits. */
    static Condition custom(String description, Predicate<Contact> test) {
        return new Custom(description, test);
    }

    /** Returns this condition and the other. */
    default Condition and(Condition other) {
        return allOf(this, other);
    }

    /** Returns this condition or the other. */
    default Condition or(Condition other) {
        return anyOf(this, other);
    }

    /** Checks that a condition holding these ones nests at most {@link #MAX_DEPTH} levels. */
    private static void requireDepth(List<Condition> inner) {
        java.util.Map<Condition, Integer> known = new java.util.IdentityHashMap<>();
        for (Condition condition : inner) {
            int depth = 1 + depth(Objects.requireNonNull(condition, "condition"), known);
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("conditions nest " + depth + " levels, deeper than the limit of "
                        + MAX_DEPTH);
            }
        }
    }

    /**
     * The levels a condition nests. Each was checked when made, so this recursion is shallow; a
     * condition shared by several parents (built once, used twice) is measured once.
     */
    private static int depth(Condition condition, java.util.Map<Condition, Integer> known) {
        List<Condition> inner;
        if (condition instanceof AllOf all) {
            inner = all.conditions();
        } else if (condition instanceof AnyOf any) {
            inner = any.conditions();
        } else if (condition instanceof Not not) {
            inner = List.of(not.condition());
        } else if (condition instanceof HappenedSinceEntry happened) {
            inner = List.of(happened.filter());
        } else if (condition instanceof HadEvent had) {
            inner = List.of(had.filter());
        } else {
            return 1;
        }
        Integer measured = known.get(condition);
        if (measured != null) {
            return measured;
        }
        int deepest = 0;
        for (Condition c : inner) {
            deepest = Math.max(deepest, depth(c, known));
        }
        known.put(condition, 1 + deepest);
        return 1 + deepest;
    }

    private static String join(List<Condition> conditions, String separator) {
        return conditions.stream().map(c -> "(" + c + ")").collect(Collectors.joining(separator));
    }

    private static String quote(Object value) {
        return value instanceof String || value instanceof Regex ? "'" + value + "'" : String.valueOf(value);
    }

    /**
     * The half-made history condition returned by {@link #hadEvent}.
     *
     * @param eventType the events' type
     * @param filter a test of each event's payload
     */
    record HistoryTest(String eventType, Condition filter) {
        /** Only events for which the filter holds count. */
        public HistoryTest where(Condition filter) {
            return new HistoryTest(eventType, filter);
        }

        /** At least one matching event. */
        public HadEvent atLeastOnce() {
            return atLeast(1);
        }

        /** At least {@code count} matching events. */
        public HadEvent atLeast(int count) {
            return new HadEvent(eventType, filter, count, Integer.MAX_VALUE, Optional.empty());
        }

        /** At most {@code count} matching events. */
        public HadEvent atMost(int count) {
            return new HadEvent(eventType, filter, 0, count, Optional.empty());
        }

        /** No matching event. */
        public HadEvent never() {
            return atMost(0);
        }
    }

    /**
     * The half-made attribute condition returned by {@link #attribute} and {@link #payload}.
     *
     * @param source where the value is read
     * @param name the attribute or payload field
     */
    record AttributeTest(Source source, String name) {
        /** The value equals {@code expected}. */
        public Condition isEqualTo(Object expected) {
            return new Attribute(source, name, Operator.EQUAL, expected);
        }

        /** The value is missing or differs from {@code expected}. */
        public Condition isNotEqualTo(Object expected) {
            return new Attribute(source, name, Operator.NOT_EQUAL, expected);
        }

        /** The value is greater than {@code expected}. */
        public Condition isGreaterThan(Object expected) {
            return new Attribute(source, name, Operator.GREATER, expected);
        }

        /** The value is at least {@code expected}. */
        public Condition isAtLeast(Object expected) {
            return new Attribute(source, name, Operator.GREATER_OR_EQUAL, expected);
        }

        /** The value is less than {@code expected}. */
        public Condition isLessThan(Object expected) {
            return new Attribute(source, name, Operator.LESS, expected);
        }

        /** The value is at most {@code expected}. */
        public Condition isAtMost(Object expected) {
            return new Attribute(source, name, Operator.LESS_OR_EQUAL, expected);
        }

        /** The value is one of {@code options}. */
        public Condition isIn(Object... options) {
            return new Attribute(source, name, Operator.IN, List.of(options));
        }

        /** The value (a list or a string) contains {@code element}. */
        public Condition contains(Object element) {
            return new Attribute(source, name, Operator.CONTAINS, element);
        }

        /**
         * The value is text that matches the regular expression as a whole, in RE2 syntax; see
         * {@link Regex} for what it does not support. The expression is compiled here, once.
         *
         * @throws IllegalArgumentException if RE2 cannot run the expression, naming it and why
         */
        public Condition matches(String regex) {
            return new Attribute(source, name, Operator.MATCHES, Objects.requireNonNull(regex, "regex"));
        }

        /** A value is present. */
        public Condition exists() {
            return new Attribute(source, name, Operator.EXISTS, Boolean.TRUE);
        }
    }
}
