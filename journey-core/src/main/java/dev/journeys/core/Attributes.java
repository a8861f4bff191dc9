package dev.journeys.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An open set of named values: a contact's attributes or an event's payload.
 *
 * <p>Values are strings, booleans, numbers ({@link BigDecimal}, {@code Long}, {@code Integer},
 * {@code Double}), instants, or lists of those; anything else is rejected when the attributes
 * are made, and so are a {@code Double} that is not finite ({@code NaN}, infinities) and an
 * instant outside {@link TimeBounds}. Read them with the typed accessors instead of casting:
 * <pre>{@code
 * Attributes a = Attributes.of("state", "TX", "loyalty", true);
 * a.string("state");           // Optional[TX]
 * a.bool("loyalty");           // Optional[true]
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Attributes {
    private static final Attributes EMPTY = new Attributes(Map.of());

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    /** Returns the attributes with no values. */
    public static Attributes empty() {
        return EMPTY;
    }

    /**
     * Returns attributes holding a copy of the given map.
     *
     * @param values names to values; neither may be null
     * @return the attributes
     * @throws IllegalArgumentException if a value has a type attributes cannot hold
     */
    public static Attributes of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            return EMPTY;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            Objects.requireNonNull(name, "attribute name");
            copy.put(name, checkValue(name, value));
        });
        return new Attributes(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns attributes from alternating names and values.
     *
     * @param namesAndValues {@code name1, value1, name2, value2, ...}
     * @return the attributes
     * @throws IllegalArgumentException if the count is odd, a name is not a string, or a value
     *     has a type attributes cannot hold
     */
    public static Attributes of(Object... namesAndValues) {
        Objects.requireNonNull(namesAndValues, "namesAndValues");
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "attributes need name/value pairs, got an odd count: " + namesAndValues.length);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException(
                        "attribute name at position " + i + " must be a string, was " + namesAndValues[i]);
            }
            map.put(name, namesAndValues[i + 1]);
        }
        return of(map);
    }

    private static Object checkValue(String name, Object value) {
        Objects.requireNonNull(value, () -> "value of attribute '" + name + "'");
        if (value instanceof String || value instanceof Boolean || value instanceof BigDecimal
                || value instanceof Long || value instanceof Integer) {
            return value;
        }
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                throw new IllegalArgumentException("attribute '" + name + "' must be a finite number, was " + number);
            }
            return value;
        }
        if (value instanceof Instant instant) {
            return TimeBounds.requireInstant(instant, "attribute '" + name + "'");
        }
        if (value instanceof java.util.List<?> list) {
            list.forEach(element -> checkValue(name, element));
            return java.util.List.copyOf(list);
        }
        throw new IllegalArgumentException("attribute '" + name + "' has a value of unsupported type "
                + value.getClass().getName() + ": " + value
                + " (use String, Boolean, Instant, BigDecimal, Long, Integer, Double or a List of those)");
    }

    /**
     * Returns a copy with one value set.
     *
     * @param name the attribute's name
     * @param value its new value
     * @return the new attributes
     */
    public Attributes with(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, checkValue(name, value));
        return new Attributes(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns only the values under these names; the shared empty attributes if none is present.
     *
     * @param names the names to keep
     * @return the selected attributes
     */
    public Attributes only(Collection<String> names) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String name : names) {
            Object value = values.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept.isEmpty() ? EMPTY : kept.size() == values.size() ? this
                : new Attributes(Collections.unmodifiableMap(kept));
    }

    /** Returns whether a value is present under the name. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Returns the raw value under the name, if any. */
    public Optional<Object> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Returns the value under the name if it is a string. */
    public Optional<String> string(String name) {
        return values.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Returns the value under the name if it is a boolean. */
    public Optional<Boolean> bool(String name) {
        return values.get(name) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** Returns the value under the name if it is a number, as a {@link BigDecimal}. */
    public Optional<BigDecimal> number(String name) {
        return Optional.ofNullable(toNumber(values.get(name)));
    }

    /** Returns the value under the name if it is an instant. */
    public Optional<Instant> instant(String name) {
        return values.get(name) instanceof Instant i ? Optional.of(i) : Optional.empty();
    }

    /** Returns the values as an unmodifiable map, in insertion order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Returns whether there are no values. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    static BigDecimal toNumber(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes a && values.equals(a.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
