package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A small JSON Schema (2020-12) checker for the keywords the format's schema uses, so that tests
 * can check every written document against the schema without another dependency. It fails on a
 * keyword it does not know, so the schema cannot quietly use one it ignores.
 */
final class SchemaCheck {

    static final String RESOURCE = "/dev/journeys/dsl/json/journey.schema.json";

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "default",
            "format", "$defs");

    private final JsonNode root;
    private final Map<String, JsonNode> references = new ConcurrentHashMap<>();
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    private SchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** Returns the checker for the format's schema, read from the class path. */
    static SchemaCheck ofFormat() {
        return new SchemaCheck(schema());
    }

    /** Returns the format's schema as a tree. */
    static JsonNode schema() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns every place the document breaks the schema; empty if it conforms. */
    List<String> problems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        check(root, document, "$", problems, false);
        return problems;
    }

    /** Checks a value; with {@code firstOnly}, stops at the first problem (enough to rule out an option). */
    private void check(JsonNode schema, JsonNode value, String path, List<String> problems, boolean firstOnly) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                problems.add(path + ": not allowed");
            }
            return;
        }
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            if (firstOnly && !problems.isEmpty()) {
                return;
            }
            JsonNode arg = keyword.getValue();
            switch (keyword.getKey()) {
                case "$ref" -> check(resolve(arg.textValue()), value, path, problems, firstOnly);
                case "type" -> {
                    boolean any = false;
                    for (JsonNode type : arg.isArray() ? arg : List.of(arg)) {
                        any |= hasType(value, type.textValue());
                    }
                    if (!any) {
                        problems.add(path + ": not of type " + arg);
                    }
                }
                case "const" -> {
                    if (!arg.equals(value)) {
                        problems.add(path + ": not " + arg);
                    }
                }
                case "enum" -> {
                    boolean found = false;
                    for (JsonNode option : arg) {
                        found |= option.equals(value);
                    }
                    if (!found) {
                        problems.add(path + ": " + value + " not one of " + arg);
                    }
                }
                case "properties" -> {
                    if (value.isObject()) {
                        for (Map.Entry<String, JsonNode> property : arg.properties()) {
                            if (firstOnly && !problems.isEmpty()) {
                                return;
                            }
                            JsonNode field = value.get(property.getKey());
                            if (field != null) {
                                check(property.getValue(), field, path + "." + property.getKey(), problems, firstOnly);
                            }
                        }
                    }
                }
                case "required" -> {
                    if (value.isObject()) {
                        for (JsonNode name : arg) {
                            if (!value.has(name.textValue())) {
                                problems.add(path + ": missing " + name);
                            }
                        }
                    }
                }
                case "additionalProperties" -> {
                    if (value.isObject()) {
                        JsonNode declared = schema.path("properties");
                        for (Map.Entry<String, JsonNode> field : value.properties()) {
                            if (!declared.has(field.getKey())) {
                                check(arg, field.getValue(), path + "." + field.getKey(), problems, firstOnly);
                            }
                        }
                    }
                }
                case "items" -> {
                    if (value.isArray()) {
                        for (int i = 0; i < value.size() && !(firstOnly && !problems.isEmpty()); i++) {
                            check(arg, value.get(i), path + "[" + i + "]", problems, firstOnly);
                        }
                    }
                }
                case "oneOf", "anyOf" -> {
                    JsonNode byKind = optionOfKind(arg, value);
                    if (byKind != null) {
                        check(byKind, value, path, problems, firstOnly);
                        continue;
                    }
                    int matches = 0;
                    for (JsonNode option : arg) {
                        List<String> own = new ArrayList<>();
                        check(option, value, path, own, true);
                        matches += own.isEmpty() ? 1 : 0;
                        if (matches > 0 && keyword.getKey().equals("anyOf")) {
                            break;
                        }
                    }
                    if (keyword.getKey().equals("oneOf") ? matches != 1 : matches == 0) {
                        problems.add(path + ": matches " + matches + " of the " + keyword.getKey() + " options");
                    }
                }
                case "if" -> {
                    List<String> condition = new ArrayList<>();
                    check(arg, value, path, condition, true);
                    JsonNode branch = condition.isEmpty() ? schema.get("then") : schema.get("else");
                    if (branch != null) {
                        check(branch, value, path, problems, firstOnly);
                    }
                }
                case "then", "else" -> {
                    // applied by "if"
                }
                case "pattern" -> {
                    if (value.isTextual() && !patterns.computeIfAbsent(arg.textValue(), Pattern::compile).matcher(value.textValue()).find()) {
                        problems.add(path + ": " + value + " does not match " + arg);
                    }
                }
                case "minLength" -> {
                    if (value.isTextual() && value.textValue().codePointCount(0, value.textValue().length()) < arg.intValue()) {
                        problems.add(path + ": shorter than " + arg);
                    }
                }
                case "maxLength" -> {
                    if (value.isTextual() && value.textValue().codePointCount(0, value.textValue().length()) > arg.intValue()) {
                        problems.add(path + ": longer than " + arg);
                    }
                }
                case "minimum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(arg.decimalValue()) < 0) {
                        problems.add(path + ": less than " + arg);
                    }
                }
                case "maximum" -> {
                    if (value.isNumber() && value.decimalValue().compareTo(arg.decimalValue()) > 0) {
                        problems.add(path + ": more than " + arg);
                    }
                }
                case "minItems" -> {
                    if (value.isArray() && value.size() < arg.intValue()) {
                        problems.add(path + ": fewer items than " + arg);
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword.getKey())) {
                        throw new IllegalStateException("the schema checker does not know keyword '"
                                + keyword.getKey() + "'");
                    }
                }
            }
        }
    }

    /**
     * Returns the one option of a {@code oneOf} whose {@code kind} the value has, when every option
     * names its kinds with {@code const} or {@code enum} and the value has a kind one of them names;
     * else null. The other options would fail on {@code kind}, so checking only this one is the same
     * and much faster.
     */
    private JsonNode optionOfKind(JsonNode options, JsonNode value) {
        if (!value.isObject() || !value.path("kind").isTextual()) {
            return null;
        }
        String kind = value.get("kind").textValue();
        JsonNode found = null;
        for (JsonNode option : options) {
            JsonNode resolved = option.has("$ref") ? resolve(option.get("$ref").textValue()) : option;
            JsonNode property = resolved.path("properties").path("kind");
            if (property.isMissingNode()) {
                return null;
            }
            boolean names = property.path("const").asText("").equals(kind);
            for (JsonNode option2 : property.path("enum")) {
                names |= option2.asText().equals(kind);
            }
            if (names) {
                found = option;
            }
        }
        return found;
    }

    private JsonNode resolve(String ref) {
        return references.computeIfAbsent(ref, this::lookUp);
    }

    private JsonNode lookUp(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("only local references are supported: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalStateException("dangling reference " + ref);
        }
        return target;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }
}
