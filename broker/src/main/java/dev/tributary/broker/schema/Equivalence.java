package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether two subschemas, each in its own document, say the same thing: the same assertion keywords with equal
 * values, compared through their {@code $ref}s, ignoring annotations. This is how the keywords that
 * {@link SchemaDiff} cannot reason about ({@code oneOf}, {@code not}, {@code if}…) are judged: unchanged, or breaking.
 * Not thread-safe: one comparison owns it.
 */
final class Equivalence {
    private final SchemaDocument oldDocument;
    private final SchemaDocument newDocument;
    /** Pairs being compared further up: meeting one again (a recursive schema) adds nothing, so it counts as equal. */
    private final Set<String> underway = new HashSet<>();

    Equivalence(SchemaDocument oldDocument, SchemaDocument newDocument) {
        this.oldDocument = oldDocument;
        this.newDocument = newDocument;
    }

    /** Whether the value of {@code keyword} is the same in both schemas (absent in both counts as the same). */
    boolean sameKeyword(SchemaNode old, SchemaNode neu, String keyword) {
        JsonNode was = old.json().get(keyword);
        JsonNode is = neu.json().get(keyword);
        if (was == null || is == null) {
            return was == is;
        }
        return sameValue(keyword, old.child(keyword), neu.child(keyword), 0);
    }

    boolean sameSchema(SchemaNode old, SchemaNode neu, int depth) {
        if (depth > SchemaDiff.MAX_DEPTH) {
            return false;
        }
        JsonNode a = old.json();
        JsonNode b = neu.json();
        if (a.isBoolean() || b.isBoolean()) {
            return Vocabulary.acceptsAnything(a) && Vocabulary.acceptsAnything(b)
                    || Vocabulary.acceptsNothing(a) && Vocabulary.acceptsNothing(b);
        }
        if (!underway.add(old.pointer() + "|" + neu.pointer())) {
            return true;
        }
        try {
            Set<String> keywords = new TreeSet<>();
            collectAssertions(a, keywords);
            collectAssertions(b, keywords);
            for (String keyword : keywords) {
                if (!a.has(keyword) || !b.has(keyword)
                        || !sameValue(keyword, old.child(keyword), neu.child(keyword), depth + 1)) {
                    return false;
                }
            }
            return true;
        } finally {
            underway.remove(old.pointer() + "|" + neu.pointer());
        }
    }

    private boolean sameValue(String keyword, SchemaNode old, SchemaNode neu, int depth) {
        JsonNode a = old.json();
        JsonNode b = neu.json();
        if (keyword.equals("$ref")) {
            var target = oldDocument.resolve(a.asText());
            var other = newDocument.resolve(b.asText());
            return target.isPresent() && other.isPresent() && sameSchema(target.get(), other.get(), depth);
        }
        switch (Vocabulary.kind(keyword, a)) {
            case SCHEMA:
                return sameSchema(old, neu, depth);
            case SCHEMAS:
                if (!b.isArray() || a.size() != b.size()) {
                    return false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!sameSchema(new SchemaNode(a.get(i), old.pointer() + "/" + i),
                            new SchemaNode(b.get(i), neu.pointer() + "/" + i), depth)) {
                        return false;
                    }
                }
                return true;
            case NAMED_SCHEMAS:
                if (!b.isObject() || a.size() != b.size()) {
                    return false;
                }
                for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    JsonNode other = b.get(name);
                    if (other == null) {
                        return false;
                    }
                    SchemaNode x = new SchemaNode(a.get(name), Pointers.child(old.pointer(), name));
                    SchemaNode y = new SchemaNode(other, Pointers.child(neu.pointer(), name));
                    // draft-07 dependencies may hold a list of property names instead of a schema
                    boolean same = x.json().isArray() ? Values.equal(x.json(), y.json()) : sameSchema(x, y, depth);
                    if (!same) {
                        return false;
                    }
                }
                return true;
            default:
                return Values.equal(a, b);
        }
    }

    private static void collectAssertions(JsonNode schema, Set<String> into) {
        for (Iterator<String> keywords = schema.fieldNames(); keywords.hasNext(); ) {
            String keyword = keywords.next();
            if (Vocabulary.isAssertion(keyword)) {
                into.add(keyword);
            }
        }
    }
}
