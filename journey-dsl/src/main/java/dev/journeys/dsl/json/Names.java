package dev.journeys.dsl.json;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How enum constants are spelled in the JSON format: in lower camel case, {@code AFTER_EXIT} as
 * {@code afterExit}. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class Names {

    private Names() {
    }

    /** Returns the JSON spelling of a constant. */
    static String of(Enum<?> constant) {
        String[] words = constant.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
        }
        return name.toString();
    }

    /** Returns the JSON spellings of every constant of a type, in declaration order. */
    static List<String> all(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Names::of).toList();
    }

    /** Returns the constant a value spells. */
    static <E extends Enum<E>> E parse(JsonValue value, Class<E> type) {
        if (value.node().isTextual()) {
            for (E constant : type.getEnumConstants()) {
                if (of(constant).equals(value.node().textValue())) {
                    return constant;
                }
            }
        }
        throw value.fail("expected one of " + String.join(", ", all(type)) + ", got " + JsonValue.describe(value.node())
                + (value.node().isTextual() ? Suggestions.hint(value.node().textValue(), all(type)) : ""));
    }
}
