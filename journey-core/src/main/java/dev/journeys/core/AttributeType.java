package dev.journeys.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;

/** The kind of value a contact attribute holds, as a host declares it for {@link Segments}. */
public enum AttributeType {
    /** Text. */
    TEXT,
    /** A number, whatever its Java type. */
    NUMBER,
    /** True or false. */
    BOOLEAN,
    /** An instant. */
    INSTANT,
    /** A list of values. */
    LIST;

    /** Returns the type of a value, as {@link Attributes} stores it. */
    public static AttributeType of(Object value) {
        if (value instanceof String) {
            return TEXT;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Instant) {
            return INSTANT;
        }
        if (value instanceof Collection<?>) {
            return LIST;
        }
        if (value instanceof Number || value instanceof BigDecimal) {
            return NUMBER;
        }
        throw new IllegalArgumentException("no attribute type for " + value.getClass().getName());
    }
}
