package dev.journeys.dsl.draft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gives each asset a draft cannot bind a placeholder id and remembers where it is used. An id
 * is the asset's words, its kind and {@code to-bind}: {@code thank-you-message-to-bind},
 * {@code landing-page-form-to-bind}, {@code form-to-bind} when the request names no form; a
 * second asset with the same words gets {@code -2}. Ids are valid journey, step and segment ids.
 * Internal; not thread-safe.
 */
final class Placeholders {

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, String> byKey = new LinkedHashMap<>();

    private static final class Entry {
        final Placeholder.Kind kind;
        final String description;
        final List<String> usedAt = new ArrayList<>();

        Entry(Placeholder.Kind kind, String description) {
            this.kind = kind;
            this.description = description;
        }
    }

    /**
     * Returns the placeholder for an asset, making it if needed.
     *
     * @param asset the asset
     * @param usedAt where it is used: a step id, {@code entry}, {@code exit}...
     * @param shared whether an earlier asset of the same kind and words is the same asset
     * @return the placeholder's id
     */
    String add(Asset asset, String usedAt, boolean shared) {
        String id = peek(asset, shared);
        if (!byId.containsKey(id)) {
            byId.put(id, new Entry(asset.kind(), describe(asset)));
            byKey.putIfAbsent(asset.kind() + ":" + asset.slug(), id);
        }
        Entry entry = byId.get(id);
        if (!entry.usedAt.contains(usedAt)) {
            entry.usedAt.add(usedAt);
        }
        return id;
    }

    /**
     * Records another use of a placeholder made before; does nothing for an id that is not a
     * placeholder (a drafted journey holds only placeholders, but a caller may pass anything).
     */
    void use(String id, String usedAt) {
        Entry entry = byId.get(id);
        if (entry != null && !entry.usedAt.contains(usedAt)) {
            entry.usedAt.add(usedAt);
        }
    }

    /**
     * Returns the id {@link #add} would give an asset now, without making the placeholder.
     *
     * @param asset the asset
     * @param shared whether an earlier asset of the same kind and words is the same asset
     * @return the id
     */
    String peek(Asset asset, boolean shared) {
        String id = shared ? byKey.get(asset.kind() + ":" + asset.slug()) : null;
        if (id != null) {
            return id;
        }
        String kind = asset.kind().name().toLowerCase(Locale.ROOT);
        String words = asset.slug().isEmpty() ? kind : asset.slug() + "-" + kind;
        id = words + "-to-bind";
        for (int n = 2; byId.containsKey(id); n++) {
            id = words + "-" + n + "-to-bind";
        }
        return id;
    }

    /** Returns the placeholder an asset of the kind and words has, if any. */
    Optional<String> find(Placeholder.Kind kind, String slug) {
        return Optional.ofNullable(byKey.get(kind + ":" + slug));
    }

    private static String describe(Asset asset) {
        String what = switch (asset.kind()) {
            case FORM -> "the form";
            case MESSAGE -> "the message";
            case SEGMENT -> "the segment";
            case ACTION -> "the action";
            case EVENT -> "the event";
            case LINK -> "the link";
        };
        return asset.phrase().isBlank() ? what : what + " '" + Words.shorten(asset.phrase(), 80) + "'";
    }

    /** Returns the placeholders, in the order they were made, none bound. */
    List<Placeholder> all() {
        List<Placeholder> all = new ArrayList<>();
        byId.forEach((id, entry) -> all.add(new Placeholder(id, entry.kind, entry.description, entry.usedAt,
                Optional.empty())));
        return all;
    }
}
