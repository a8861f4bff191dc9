package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import dev.journeys.core.ValidationProblem.Code;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The segments an engine knows, checked together: every reference to another segment resolves,
 * no segment refers to itself through others, and, when the host declares its attributes'
 * types, every attribute test names a declared attribute and compares it with a value of its
 * type.
 *
 * <pre>{@code
 * Segments segments = Segments.builder()
 *         .attribute("nearestStore", AttributeType.TEXT)
 *         .attribute("age", AttributeType.NUMBER)
 *         .segment(Segment.of("adults", Condition.attribute("age").isAtLeast(18)))
 *         .segment(Segment.of("coffee-lovers", Condition.inSegment("adults").and(...)))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Segments {

    private static final Segments NONE = new Segments(Map.of(), Map.of());

    private final Map<String, Segment> segments;
    private final Map<String, AttributeType> attributeTypes;

    private Segments(Map<String, Segment> segments, Map<String, AttributeType> attributeTypes) {
        this.segments = segments;
        this.attributeTypes = attributeTypes;
    }

    /** Returns no segments. */
    public static Segments none() {
        return NONE;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the segment with the id, if defined. */
    public Optional<Segment> segment(String id) {
        return Optional.ofNullable(segments.get(id));
    }

    /** Returns every segment, in the order they were added. */
    public Collection<Segment> all() {
        return segments.values();
    }

    /** Returns the declared type of each contact attribute; empty if the host declared none. */
    public Map<String, AttributeType> attributeTypes() {
        return attributeTypes;
    }

    /**
     * Checks a condition used elsewhere (a journey's branch, entry, exclusion) against these
     * segments and attribute types.
     *
     * @param condition the condition
     * @param where what uses it, for the messages (such as {@code "step 'teaser'"})
     * @return the problems, empty if none
     */
    public List<ValidationProblem> check(Condition condition, String where) {
        List<ValidationProblem> problems = new ArrayList<>();
        checkCondition(condition, where, segments.keySet(), attributeTypes, problems::add);
        return problems;
    }

    private static void checkCondition(Condition condition, String where, Set<String> known,
                                       Map<String, AttributeType> types, Consumer<ValidationProblem> problems) {
        if (condition instanceof Condition.InSegment in) {
            if (!known.contains(in.segmentId())) {
                problems.accept(ValidationProblem.ofJourney(Code.UNKNOWN_SEGMENT, where + " refers to segment '"
                        + in.segmentId() + "', which is not defined; defined are " + known));
            }
        } else if (condition instanceof Condition.Attribute attribute && attribute.source() == Condition.Source.CONTACT) {
            checkAttribute(attribute, where, types, problems);
        } else if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(c -> checkCondition(c, where, known, types, problems));
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(c -> checkCondition(c, where, known, types, problems));
        } else if (condition instanceof Condition.Not not) {
            checkCondition(not.condition(), where, known, types, problems);
        }
    }

    private static void checkAttribute(Condition.Attribute test, String where, Map<String, AttributeType> types,
                                       Consumer<ValidationProblem> problems) {
        if (types.isEmpty() || test.operator() == Operator.EXISTS) {
            return;
        }
        AttributeType declared = types.get(test.name());
        if (declared == null) {
            problems.accept(ValidationProblem.ofJourney(Code.UNKNOWN_ATTRIBUTE, where + " tests attribute '"
                    + test.name() + "', which is not declared; declared are " + types.keySet()));
            return;
        }
        Optional<String> wrong = mismatch(test, declared);
        wrong.ifPresent(why -> problems.accept(ValidationProblem.ofJourney(Code.ATTRIBUTE_TYPE_MISMATCH,
                where + ": '" + test + "' " + why)));
    }

    /** Returns why a test cannot work on an attribute of the type, if it cannot. */
    private static Optional<String> mismatch(Condition.Attribute test, AttributeType declared) {
        Object expected = test.expected();
        switch (test.operator()) {
            case IN:
                for (Object option : (Collection<?>) expected) {
                    if (AttributeType.of(option) != declared) {
                        return Optional.of("compares " + declared + " attribute '" + test.name() + "' with "
                                + AttributeType.of(option) + " " + option);
                    }
                }
                return Optional.empty();
            case CONTAINS:
                return declared == AttributeType.LIST || declared == AttributeType.TEXT && expected instanceof String
                        ? Optional.empty()
                        : Optional.of("looks inside " + declared + " attribute '" + test.name() + "'");
            case MATCHES:
                return declared == AttributeType.TEXT ? Optional.empty()
                        : Optional.of("matches a pattern against " + declared + " attribute '" + test.name() + "'");
            case GREATER: case GREATER_OR_EQUAL: case LESS: case LESS_OR_EQUAL:
                if (declared == AttributeType.BOOLEAN || declared == AttributeType.LIST) {
                    return Optional.of("orders " + declared + " attribute '" + test.name() + "'");
                }
                return AttributeType.of(expected) == declared ? Optional.empty()
                        : Optional.of("compares " + declared + " attribute '" + test.name() + "' with "
                        + AttributeType.of(expected) + " " + expected);
            default:
                return AttributeType.of(expected) == declared ? Optional.empty()
                        : Optional.of("compares " + declared + " attribute '" + test.name() + "' with "
                        + AttributeType.of(expected) + " " + expected);
        }
    }

    /**
     * Returns whether the other holds the same segments and the same declared attribute types,
     * whatever the order they were added in.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Segments s && segments.equals(s.segments) && attributeTypes.equals(s.attributeTypes);
    }

    @Override
    public int hashCode() {
        return segments.hashCode() * 31 + attributeTypes.hashCode();
    }

    @Override
    public String toString() {
        return "segments " + segments.keySet() + (attributeTypes.isEmpty() ? "" : ", attributes " + attributeTypes);
    }

    /** Collects segments and attribute types, then checks them together. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Segment> segments = new LinkedHashMap<>();
        private final Map<String, AttributeType> attributeTypes = new LinkedHashMap<>();
        private final List<ValidationProblem> problems = new ArrayList<>();

        private Builder() {
        }

        /** Declares the type of a contact attribute; once any is declared, tests of undeclared ones are rejected. */
        public Builder attribute(String name, AttributeType type) {
            attributeTypes.put(Ids.requireText(name, "attribute name"), Objects.requireNonNull(type, "type"));
            return this;
        }

        /** Adds a segment. */
        public Builder segment(Segment segment) {
            Objects.requireNonNull(segment, "segment");
            if (segments.putIfAbsent(segment.id(), segment) != null) {
                throw new IllegalArgumentException("segment '" + segment.id() + "' is defined twice");
            }
            return this;
        }

        /**
         * Checks and returns the segments.
         *
         * @throws InvalidSegmentException listing every unknown reference, cycle, undeclared
         *     attribute and type mismatch, each naming its segment
         */
        public Segments build() {
            problems.clear();
            for (Segment segment : segments.values()) {
                checkCondition(segment.definition(), "segment '" + segment.id() + "'", segments.keySet(),
                        attributeTypes, problems::add);
            }
            checkCycles();
            if (!problems.isEmpty()) {
                throw new InvalidSegmentException(problems);
            }
            return new Segments(Collections.unmodifiableMap(new LinkedHashMap<>(segments)), Map.copyOf(attributeTypes));
        }

        /** Reports each segment that leads back to itself, with the path that does. */
        private void checkCycles() {
            for (String id : segments.keySet()) {
                List<String> path = new ArrayList<>(List.of(id));
                if (leadsBack(id, id, path, new HashSet<>())) {
                    problems.add(ValidationProblem.ofJourney(Code.SEGMENT_CYCLE, "segment '" + id
                            + "' refers to itself: " + String.join(" -> ", path)));
                }
            }
        }

        private boolean leadsBack(String current, String target, List<String> path, Set<String> seen) {
            Segment segment = segments.get(current);
            if (segment == null) {
                return false;
            }
            for (String next : references(segment.definition())) {
                path.add(next);
                if (next.equals(target) || seen.add(next) && leadsBack(next, target, path, seen)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
            return false;
        }
    }

    /** Returns the ids of the segments a condition refers to directly. */
    static List<String> references(Condition condition) {
        List<String> ids = new ArrayList<>();
        if (condition instanceof Condition.InSegment in) {
            ids.add(in.segmentId());
        } else if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(c -> ids.addAll(references(c)));
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(c -> ids.addAll(references(c)));
        } else if (condition instanceof Condition.Not not) {
            ids.addAll(references(not.condition()));
        }
        return ids;
    }
}
