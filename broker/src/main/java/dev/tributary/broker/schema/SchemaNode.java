package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * A schema or subschema together with where it is in its document.
 *
 * @param pointer its JSON pointer in the document, or a name in parentheses for one the registry stands in for an
 *     absent keyword ({@code (absent)}: accepts anything)
 */
record SchemaNode(JsonNode json, String pointer) {
    /** What an absent subschema ({@code items}, {@code additionalProperties}…) means: anything is accepted. */
    static final SchemaNode ABSENT = new SchemaNode(BooleanNode.TRUE, "(absent)");

    SchemaNode child(String keyword) {
        JsonNode value = json.get(keyword);
        return value == null ? ABSENT : new SchemaNode(value, Pointers.child(pointer, keyword));
    }

    SchemaNode child(String keyword, String name) {
        return new SchemaNode(json.get(keyword).get(name), Pointers.child(Pointers.child(pointer, keyword), name));
    }

    SchemaNode child(String keyword, int index) {
        return new SchemaNode(json.get(keyword).get(index), pointer + "/" + keyword + "/" + index);
    }
}
