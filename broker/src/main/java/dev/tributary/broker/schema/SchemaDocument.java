package dev.tributary.broker.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A schema as the registry reads it: the parsed JSON object, its dialect, its fingerprint, and how its local
 * references resolve. {@link #parse} checks what can be checked without the meta-schema (JSON, size, depth, object,
 * dialect); {@link #referenceProblems} checks the references once the meta-schema has passed the shape. Immutable.
 */
final class SchemaDocument {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String text;
    private final ObjectNode root;
    private final Dialect dialect;
    /** The root's {@code $id} without its (empty) fragment, or null; a {@code $ref} to it is a local reference. */
    private final String id;

    private SchemaDocument(String text, ObjectNode root) {
        this.text = text;
        this.root = root;
        this.dialect = Dialect.of(root);
        JsonNode declared = root.get("$id");
        this.id = declared != null && declared.isTextual() ? declared.asText().replaceFirst("#$", "") : null;
    }

    /**
     * Reads a schema offered for registration.
     *
     * @throws InvalidSchemaException naming what is wrong: blank, too large, not JSON, too deep, not an object, or an
     *     unsupported {@code $schema}
     */
    static SchemaDocument parse(String text, SchemaLimits limits) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("schema is blank");
        }
        long bytes = text.length() * 3L <= limits.maxSchemaBytes()
                ? text.length()
                : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxSchemaBytes()) {
            throw new InvalidSchemaException("schema is " + bytes + " bytes, more than the " + limits.maxSchemaBytes()
                    + " allowed");
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new InvalidSchemaException("schema nests deeper than " + limits.maxSchemaDepth() + " levels");
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("schema is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
        String tooDeep = Depth.firstBeyond(json, limits.maxSchemaDepth());
        if (tooDeep != null) {
            throw new InvalidSchemaException(tooDeep + ": schema nests deeper than " + limits.maxSchemaDepth()
                    + " levels");
        }
        if (!json.isObject()) {
            throw new InvalidSchemaException("schema must be a JSON object, was " + json.getNodeType().toString()
                    .toLowerCase(java.util.Locale.ROOT));
        }
        return new SchemaDocument(text, (ObjectNode) json);
    }

    /** Reads a schema that was registered before: it passed every check then, even if the limits are lower now. */
    static SchemaDocument stored(String text) {
        try {
            return new SchemaDocument(text, (ObjectNode) JSON.readTree(text));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored schema is not a JSON object: " + e.getMessage(), e);
        }
    }

    String text() {
        return text;
    }

    ObjectNode root() {
        return root;
    }

    Dialect dialect() {
        return dialect;
    }

    SchemaNode rootNode() {
        return new SchemaNode(root, "");
    }

    /** The document for the validator: without {@code $schema}, as the validator is set up for the dialect. */
    ObjectNode withoutDialect() {
        ObjectNode copy = root.deepCopy();
        copy.remove("$schema");
        return copy;
    }

    /**
     * SHA-256 (hex) of the canonical JSON: object keys sorted, no white space. Two texts of the same schema, formatted
     * or ordered differently, have the same fingerprint.
     */
    String fingerprint() {
        try {
            byte[] canonical = JSON.writeValueAsBytes(sorted(root));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a schema: " + e.getMessage(), e);
        }
    }

    /** What a {@code $ref} points at, if it points into this document at a schema. */
    Optional<SchemaNode> resolve(String ref) {
        String fragment = localFragment(ref);
        JsonPointer pointer = fragment == null ? null : Pointers.fromFragment(fragment);
        if (pointer == null) {
            return Optional.empty();
        }
        JsonNode target = root.at(pointer);
        return target.isObject() || target.isBoolean()
                ? Optional.of(new SchemaNode(target, pointer.toString()))
                : Optional.empty();
    }

    /**
     * What is wrong with the references of the schema: a {@code $ref} must point into this document (a fragment, or
     * this schema's own {@code $id} with a fragment) at a schema, by JSON pointer. Dynamic references and nested
     * {@code $id}s or {@code $schema}s, which change what references mean, are refused.
     */
    List<String> referenceProblems() {
        List<String> problems = new ArrayList<>();
        walk(root, "", true, problems);
        return problems;
    }

    private void walk(JsonNode schema, String pointer, boolean isRoot, List<String> problems) {
        if (!schema.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String at = Pointers.child(pointer, keyword);
            switch (keyword) {
                case "$ref" -> checkReference(value, at, problems);
                case "$dynamicRef", "$recursiveRef" -> problems.add(at + ": " + keyword + " is not supported; use"
                        + " $ref to an entry of $defs in the same schema");
                case "$id", "$schema" -> {
                    if (!isRoot) {
                        problems.add(at + ": only the root of a registered schema may have " + keyword);
                    }
                }
                default -> walkValue(keyword, value, at, problems);
            }
        }
    }

    private void walkValue(String keyword, JsonNode value, String at, List<String> problems) {
        switch (Vocabulary.kind(keyword, value)) {
            case SCHEMA -> walk(value, at, false, problems);
            case SCHEMAS -> {
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), at + "/" + i, false, problems);
                }
            }
            case NAMED_SCHEMAS -> {
                for (Iterator<Map.Entry<String, JsonNode>> named = value.fields(); named.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = named.next();
                    walk(entry.getValue(), Pointers.child(at, entry.getKey()), false, problems);
                }
            }
            case VALUE -> {
                // Data (enum, const, default, examples) or a number: no references in it.
            }
        }
    }

    private void checkReference(JsonNode value, String at, List<String> problems) {
        if (!value.isTextual()) {
            return; // the meta-schema has said so already
        }
        String ref = value.asText();
        String fragment = localFragment(ref);
        if (fragment == null) {
            problems.add(at + ": \"" + ref + "\" points outside this schema; a registered schema may only refer to"
                    + " itself (\"#/$defs/…\"), and nothing is ever fetched");
        } else if (Pointers.fromFragment(fragment) == null) {
            problems.add(at + ": \"" + ref + "\" is not a JSON pointer into this schema (such as \"#/$defs/…\");"
                    + " anchors are not supported");
        } else if (resolve(ref).isEmpty()) {
            problems.add(at + ": \"" + ref + "\" points at no schema in this document");
        }
    }

    /** The fragment of a reference into this document ({@code ""} for the whole), or null for any other reference. */
    private String localFragment(String ref) {
        if (ref.startsWith("#")) {
            return ref.substring(1);
        }
        int hash = ref.indexOf('#');
        String base = hash < 0 ? ref : ref.substring(0, hash);
        if (id != null && !id.isEmpty() && base.equals(id)) {
            return hash < 0 ? "" : ref.substring(hash + 1);
        }
        return null;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            for (String key : keys) {
                copy.set(key, sorted(node.get(key)));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
