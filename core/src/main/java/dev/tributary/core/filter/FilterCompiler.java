package dev.tributary.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tributary.core.EventRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a {@code filters} array and compiles it into {@link Condition}s, keeping track of the position of each part
 * ({@code filters[1].all[0].exact}) for error messages. One instance per compilation, on one thread.
 */
final class FilterCompiler {
    static final String DIALECTS = "exact, prefix, suffix, all, any, not, sql, cesql";
    // Bounds the recursion of compiling and of every evaluation; real filters nest a handful of levels.
    static final int MAX_DEPTH = 32;
    /**
     * The most conditions in one {@code filters} array: filter objects plus {@code name: value} pairs, a CESQL
     * expression counting as one. Each costs one comparison per event, so this bounds the work of the dialects per
     * event to {@code MAX_CONDITIONS × MAX_VALUE_LENGTH} characters compared; real filters have a handful.
     */
    static final int MAX_CONDITIONS = 1_024;
    /** The longest value of an {@code exact}/{@code prefix}/{@code suffix} pair, in characters (a long URI fits). */
    static final int MAX_VALUE_LENGTH = 4_096;
    /** The longest key of a pair, in characters: attribute names are short, {@code data.} paths a few fields. */
    static final int MAX_NAME_LENGTH = 256;
    private static final String DATA_PREFIX = "data.";
    private static final int SHOWN = 64;

    private final EvaluationErrors errors;
    private boolean readsData;
    private int conditions;
    // All CESQL of one filters array shares the length limit of one expression, so many of them cost no more.
    private int cesqlLength;

    private FilterCompiler(EvaluationErrors errors) {
        this.errors = errors;
    }

    static Filter compile(JsonNode filters, String path, EvaluationErrors errors) {
        Objects.requireNonNull(errors, "errors");
        if (filters == null || filters.isNull() || filters.isMissingNode()) {
            filters = JsonNodeFactory.instance.arrayNode();
        }
        if (!filters.isArray()) {
            throw new InvalidFilterException(path, "must be an array of filters");
        }
        FilterCompiler compiler = new FilterCompiler(errors);
        Condition root = AllOf.of(compiler.filters(filters, path, 0));
        return new CompiledFilter(path, root, compiler.readsData, (ArrayNode) filters.deepCopy(), errors);
    }

    private List<Condition> filters(JsonNode array, String path, int depth) {
        List<Condition> conditions = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            conditions.add(filter(array.get(i), path + "[" + i + "]", depth));
        }
        return conditions;
    }

    private Condition filter(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidFilterException(path, "filters nest deeper than " + MAX_DEPTH + " levels");
        }
        if (!node.isObject()) {
            throw new InvalidFilterException(path, "must be an object with one dialect key (" + DIALECTS + ")");
        }
        count(path);
        if (node.size() != 1) {
            List<String> keys = node.properties().stream().map(Map.Entry::getKey).toList();
            String found = keys.isEmpty() ? "none" : keys.size() + " (" + String.join(", ", keys) + ")";
            throw new InvalidFilterException(path, "must have exactly one dialect key, has " + found);
        }
        Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
        String dialect = entry.getKey();
        JsonNode value = entry.getValue();
        String at = path + "." + dialect;
        return switch (dialect) {
            case "exact" -> pairs(value, at, Comparison.EXACT);
            case "prefix" -> pairs(value, at, Comparison.PREFIX);
            case "suffix" -> pairs(value, at, Comparison.SUFFIX);
            case "all" -> AllOf.of(filters(array(value, at), at, depth + 1));
            case "any" -> AnyOf.of(filters(array(value, at), at, depth + 1));
            case "not" -> new Not(filter(value, at, depth + 1));
            case "sql", "cesql" -> cesql(value, at);
            default ->
                throw new InvalidFilterException(
                        path, "unknown dialect " + show(dialect) + ", expected one of " + DIALECTS);
        };
    }

    private static JsonNode array(JsonNode value, String path) {
        if (!value.isArray()) {
            throw new InvalidFilterException(path, "must be an array of filters");
        }
        return value;
    }

    private Condition pairs(JsonNode value, String path, Comparison comparison) {
        if (!value.isObject()) {
            throw new InvalidFilterException(path, "must be an object of attribute names to strings");
        }
        List<Condition> conditions = new ArrayList<>(value.size());
        for (Map.Entry<String, JsonNode> pair : value.properties()) {
            String name = pair.getKey();
            count(path);
            checkName(name, path);
            if (!pair.getValue().isTextual()) {
                throw new InvalidFilterException(path, "value of " + show(name) + " must be a string");
            }
            String expected = pair.getValue().textValue();
            if (expected.length() > MAX_VALUE_LENGTH) {
                throw new InvalidFilterException(
                        path, "value of " + show(name) + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (name.startsWith(DATA_PREFIX)) {
                readsData = true;
                String[] fields = name.substring(DATA_PREFIX.length()).split("\\.", -1);
                conditions.add(new DataCondition(path, fields, comparison, expected));
            } else {
                conditions.add(new AttributeCondition(name, comparison, expected));
            }
        }
        return AllOf.of(conditions);
    }

    private static void checkName(String name, String path) {
        if (name.isEmpty()) {
            throw new InvalidFilterException(path, "attribute names must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidFilterException(
                    path, "attribute name " + show(name) + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.equals("data")) {
            throw new InvalidFilterException(
                    path, "'data' is not an attribute; name a field of JSON data as data.<field>");
        }
        if (name.startsWith(DATA_PREFIX)) {
            if (name.endsWith(".") || name.contains("..")) {
                throw new InvalidFilterException(path, "data path " + show(name) + " has an empty field name");
            }
        } else if (!EventRules.isAttributeName(name)) {
            throw new InvalidFilterException(
                    path, "attribute name " + show(name) + " must be one or more of a-z 0-9, or data.<field>");
        }
    }

    private Condition cesql(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw new InvalidFilterException(path, "must be a string holding a CESQL expression");
        }
        String text = value.textValue();
        cesqlLength += text.length();
        if (cesqlLength > CesqlLimits.MAX_LENGTH && text.length() <= CesqlLimits.MAX_LENGTH) {
            throw new InvalidFilterException(
                    path,
                    "the CESQL expressions of these filters are longer than " + CesqlLimits.MAX_LENGTH
                            + " characters together");
        }
        return new CesqlCondition(path, CesqlCompiler.compile(text, path), errors);
    }

    private void count(String path) {
        if (++conditions > MAX_CONDITIONS) {
            throw new InvalidFilterException(path, "filters hold more than " + MAX_CONDITIONS + " conditions");
        }
    }

    private static String show(String value) {
        return "'" + (value.length() > SHOWN ? value.substring(0, SHOWN) + "…" : value) + "'";
    }
}
