package dev.journeys.core;

import dev.journeys.core.internal.Ids;
import java.util.Objects;

/**
 * A named audience: the contacts for whom a condition holds now. Segments are data, like
 * journeys: built from attribute tests, the contact's recorded events
 * ({@link Condition#hadEvent}), other segments ({@link Condition#inSegment}) and and/or/not.
 *
 * <pre>{@code
 * Segment coldBrewFans = Segment.of("cold-brew-fans",
 *         Condition.hadEvent("purchase").where(Condition.payload("category").isEqualTo("cold-brew"))
 *                 .atLeastOnce().within(Duration.ofDays(90))
 *                 .and(Condition.hadEvent("purchase")
 *                         .where(Condition.payload("product").isEqualTo("cold-brew-concentrate")).never()));
 * }</pre>
 *
 * <p>A segment is usable wherever a condition is: an entry audience
 * ({@link Entry.FromSegment}), a branch, an exclusion or a suppression. {@link Segments} checks a
 * set of them together.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the segment's id
 * @param name a human name
 * @param definition who is a member
 */
public record Segment(String id, String name, Condition definition) {

    /** Checks the components. */
    public Segment {
        Ids.requireId(id, "segment id");
        Ids.requireText(name, "segment name");
        Objects.requireNonNull(definition, "definition");
    }

    /** Returns a segment named by its id. */
    public static Segment of(String id, Condition definition) {
        return new Segment(id, id, definition);
    }

    /** Returns a copy with a human name. */
    public Segment named(String name) {
        return new Segment(id, name, definition);
    }

    @Override
    public String toString() {
        return "segment '" + id + "'" + (name.equals(id) ? "" : " (" + name + ")") + ": " + definition;
    }
}
