package dev.tributary.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.DataKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a subscription's {@code transform} member and compiles it into a {@link CompiledTransform}, naming the exact
 * position of the first problem ({@code transform.inputs.total}). Stateless; the work happens on the calling thread.
 */
final class TransformCompiler {
    private static final Set<String> MEMBER_NAMES = Set.of("inputs", "template", "jsonata", "attributes");
    private static final String MEMBERS = "inputs, template, jsonata, attributes";
    static final int MAX_INPUTS = 100;
    static final int MAX_ATTRIBUTES = 100;
    private static final int MAX_INPUT_NAME = 64;
    private static final String JSON = "application/json";

    private TransformCompiler() {}

    static Transform compile(JsonNode node, String path, Limits limits) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        if (node == null || !node.isObject()) {
            throw new InvalidTransformException(path, "must be an object with a template, a jsonata expression or "
                    + "attributes");
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!MEMBER_NAMES.contains(member.getKey())) {
                throw new InvalidTransformException(path + "." + member.getKey(), "is not a transform member; "
                        + "expected " + MEMBERS);
            }
        }
        JsonNode template = node.get("template");
        JsonNode jsonata = node.get("jsonata");
        JsonNode inputs = node.get("inputs");
        if (template != null && jsonata != null) {
            throw new InvalidTransformException(path, "must have at most one of template and jsonata");
        }
        if (inputs != null && template == null) {
            throw new InvalidTransformException(path + ".inputs", "is only allowed with a template");
        }
        List<AttributeAssignment> attributes = attributes(node.get("attributes"), path + ".attributes");
        if (template == null && jsonata == null && attributes.isEmpty()) {
            throw new InvalidTransformException(
                    path, "must have a template, a jsonata expression or attributes to set");
        }
        DataStage data = null;
        String contentType = null;
        if (template != null || jsonata != null) {
            contentType = newContentType(attributes, path + ".attributes.datacontenttype");
            boolean json = DataKind.isJson(contentType);
            if (template != null) {
                String at = path + ".template";
                data = Template.compile(text(template, at, "a string"), inputs(inputs, path + ".inputs"), json, at,
                        path + ".inputs", limits.maxOutputBytes());
            } else {
                String at = path + ".jsonata";
                data = JsonataExpression.compile(text(jsonata, at, "a string holding a JSONata expression"), at, !json,
                        limits);
            }
        }
        return new CompiledTransform(path, node.deepCopy(), data, contentType, attributes);
    }

    private static String text(JsonNode node, String path, String what) {
        if (!node.isTextual()) {
            throw new InvalidTransformException(path, "must be " + what);
        }
        return node.textValue();
    }

    /** The inputs by name, in the order written; none when absent. */
    private static Map<String, EventPath> inputs(JsonNode node, String path) {
        Map<String, EventPath> inputs = new LinkedHashMap<>();
        if (node == null) {
            return inputs;
        }
        if (!node.isObject()) {
            throw new InvalidTransformException(path, "must be an object of input names to paths such as $.data.total");
        }
        if (node.size() > MAX_INPUTS) {
            throw new InvalidTransformException(path, "has " + node.size() + " inputs, more than " + MAX_INPUTS);
        }
        for (Map.Entry<String, JsonNode> input : node.properties()) {
            String name = input.getKey();
            String at = path + "." + name;
            if (!isInputName(name)) {
                throw new InvalidTransformException(at, "input names must be 1-" + MAX_INPUT_NAME
                        + " characters A-Z a-z 0-9 _ - starting with a letter or _");
            }
            inputs.put(name, EventPath.parse(text(input.getValue(), at, "a path such as $.data.total"), at));
        }
        return inputs;
    }

    private static boolean isInputName(String name) {
        if (name.isEmpty() || name.length() > MAX_INPUT_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    private static List<AttributeAssignment> attributes(JsonNode node, String path) {
        List<AttributeAssignment> attributes = new ArrayList<>();
        if (node == null) {
            return attributes;
        }
        if (!node.isObject()) {
            throw new InvalidTransformException(path, "must be an object of attribute names to values");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw new InvalidTransformException(
                    path, "has " + node.size() + " attributes, more than " + MAX_ATTRIBUTES);
        }
        for (Map.Entry<String, JsonNode> attribute : node.properties()) {
            attributes.add(AttributeAssignment.parse(
                    attribute.getKey(), attribute.getValue(), path + "." + attribute.getKey()));
        }
        return attributes;
    }

    /**
     * The {@code datacontenttype} of data made by a template or JSONata: {@code application/json} unless the
     * attributes set another literally (or remove it: {@code null}). It decides whether the data is JSON or text, so it
     * must be known now, not read from each event.
     */
    private static String newContentType(List<AttributeAssignment> attributes, String path) {
        for (AttributeAssignment attribute : attributes) {
            if (attribute.name().equals("datacontenttype")) {
                if (!attribute.isLiteral()) {
                    throw new InvalidTransformException(path, "must be a literal media type (or null) when the "
                            + "transform has a template or jsonata: it decides whether the new data is JSON or text");
                }
                return (String) attribute.literal();
            }
        }
        return JSON;
    }
}
