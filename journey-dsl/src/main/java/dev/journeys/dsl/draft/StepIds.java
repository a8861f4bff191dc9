package dev.journeys.dsl.draft;

import java.util.HashSet;
import java.util.Set;

/** Hands out step ids unique in one journey: {@code survey}, then {@code survey-2}. Internal; not thread-safe. */
final class StepIds {

    private final Set<String> used = new HashSet<>();

    /**
     * Returns a unique id made from a base.
     *
     * @param base the wanted id, such as a slug; {@code step} if it is empty
     * @param suffix appended after any number, such as {@code ?}; may be empty
     * @return the id
     */
    String unique(String base, String suffix) {
        String stem = base.isEmpty() ? "step" : base;
        String id = stem + suffix;
        for (int n = 2; used.contains(id); n++) {
            id = stem + "-" + n + suffix;
        }
        used.add(id);
        return id;
    }
}
