package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares an old and a new version of a schema, keyword by keyword, walking both in step through properties, items,
 * {@code allOf}/{@code anyOf} members and local {@code $ref}s, and finds each change that may break events one way
 * or the other ({@link Changes}). The rules follow Confluent Schema Registry's for JSON Schema; they are listed for
 * users in {@code docs/schema-compatibility.md}.
 *
 * <p>The comparison is sound rather than complete: it never calls a breaking change safe, but may call a safe one
 * breaking. What it cannot reason about ({@code oneOf}, {@code not}, {@code if}/{@code then}/{@code else},
 * {@code patternProperties}, tuples, {@code contains}…) counts as breaking both ways as soon as it changes. A
 * recursive schema is compared once per pair of places (a pair met again further down adds nothing). Not thread-safe:
 * one comparison owns it.
 */
final class SchemaDiff {
    /** How deeply the walk may go, through nesting and references together, before it gives up (as breaking). */
    static final int MAX_DEPTH = 256;

    private static final int MAX_REFERENCE_CHAIN = 32;
    private static final List<String> UNCOMPARED_ARRAY_KEYWORDS =
            List.of("prefixItems", "additionalItems", "contains", "minContains", "maxContains", "unevaluatedItems");
    private static final List<String> UNCOMPARED_KEYWORDS = List.of("oneOf", "not", "if", "then", "else");

    private final SchemaDocument oldDocument;
    private final SchemaDocument newDocument;
    private final Equivalence equivalence;
    private final ObjectDiff objects;
    /** Pairs of places compared already (or being compared further up), with the directions that were kept. */
    private final Set<String> compared = new HashSet<>();

    private SchemaDiff(SchemaDocument oldDocument, SchemaDocument newDocument) {
        this.oldDocument = oldDocument;
        this.newDocument = newDocument;
        this.equivalence = new Equivalence(oldDocument, newDocument);
        this.objects = new ObjectDiff(this);
    }

    /** The changes from {@code old} to {@code neu} that may break events, at most {@value Changes#MAX}. */
    static List<Changes.Change> between(SchemaDocument old, SchemaDocument neu) {
        Changes changes = new Changes();
        new SchemaDiff(old, neu).compare(old.rootNode(), neu.rootNode(), Place.ROOT, 0, changes);
        return changes.list();
    }

    /** Compares two subschemas that constrain the same data, {@code place} being where the new one is. */
    void compare(SchemaNode old, SchemaNode neu, Place place, int depth, Changes out) {
        if (depth > MAX_DEPTH) {
            out.both(place, place.label() + " nests too deeply to compare");
            return;
        }
        List<SchemaNode> olds = conjuncts(oldDocument, old, place, out);
        List<SchemaNode> news = conjuncts(newDocument, neu, place, out);
        if (olds.isEmpty() || news.isEmpty()) {
            return;
        }
        if (olds.size() > 1 || news.size() > 1) {
            // A $ref beside other keywords (2020-12) is the intersection of both. Pairing the parts, each reference
            // target with the other's, is sound: if each part of the old is within its partner, so is the whole.
            int count = Math.max(olds.size(), news.size());
            for (int i = 0; i < count; i++) {
                SchemaNode a = part(olds, i, count);
                SchemaNode b = part(news, i, count);
                compare(a, b, b == SchemaNode.ABSENT ? place : place.at(b.pointer()), depth + 1, out);
            }
            return;
        }
        SchemaNode was = olds.get(0);
        SchemaNode is = news.get(0);
        Place here = is == SchemaNode.ABSENT ? place : place.at(is.pointer());
        if (!compared.add(was.pointer() + "|" + is.pointer() + "|" + out.scope())) {
            return;
        }
        compareResolved(was, is, here, depth, out);
    }

    /** Whether two subschemas say the same thing, for a keyword that is not compared in detail. */
    boolean unchanged(SchemaNode old, SchemaNode neu, String keyword) {
        return equivalence.sameKeyword(old, neu, keyword);
    }

    /** Reports a keyword that is not compared in detail as breaking, if it changed. */
    void requireUnchanged(SchemaNode old, SchemaNode neu, String keyword, Place here, Changes out) {
        if (!unchanged(old, neu, keyword)) {
            out.both(here.within(keyword), "`" + keyword + "` of " + here.label() + " changed, which Tributary does"
                    + " not compare in detail: counted as breaking");
        }
    }

    private void compareResolved(SchemaNode was, SchemaNode is, Place here, int depth, Changes out) {
        if (Vocabulary.acceptsNothing(was.json())) {
            if (!Vocabulary.acceptsNothing(is.json())) {
                out.forward(here, here.label() + " accepted no value before and now accepts some");
            }
            return;
        }
        if (Vocabulary.acceptsNothing(is.json())) {
            out.backward(here, here.label() + " no longer accepts any value");
            return;
        }
        SchemaNode old = asObject(was);
        SchemaNode neu = asObject(is);
        TypeSet oldTypes = TypeSet.of(old.json());
        TypeSet newTypes = TypeSet.of(neu.json());
        compareTypes(oldTypes, newTypes, here, out);
        Constraints.allowedValues(old.json(), neu.json(), here, out);
        Constraints.format(old.json(), neu.json(), here, out);
        if (oldTypes.acceptsString() && newTypes.acceptsString()) {
            Constraints.strings(old.json(), neu.json(), here, out);
        }
        if (oldTypes.acceptsNumber() && newTypes.acceptsNumber()) {
            Constraints.numbers(old.json(), neu.json(), here, out);
        }
        if (oldTypes.acceptsArray() && newTypes.acceptsArray()) {
            compareArrays(old, neu, here, depth, out);
        }
        if (oldTypes.acceptsObject() && newTypes.acceptsObject()) {
            objects.compare(old, neu, here, depth, out);
        }
        compareCombinations(old, neu, here, depth, out);
    }

    private static void compareTypes(TypeSet old, TypeSet neu, Place here, Changes out) {
        if (old.equals(neu)) {
            return;
        }
        Place at = here.within("type");
        String from = " from " + old + " to " + neu;
        if (neu.containsAll(old)) {
            out.forward(at, "type of " + here.label() + " extended" + from);
        } else if (old.containsAll(neu)) {
            out.backward(at, "type of " + here.label() + " narrowed" + from);
        } else {
            out.both(at, "type of " + here.label() + " changed" + from);
        }
    }

    private void compareArrays(SchemaNode old, SchemaNode neu, Place here, int depth, Changes out) {
        JsonNode oldItems = old.json().get("items");
        JsonNode newItems = neu.json().get("items");
        if (oldItems != null && oldItems.isArray() || newItems != null && newItems.isArray()) {
            requireUnchanged(old, neu, "items", here, out); // draft-07 tuples
        } else {
            compare(old.child("items"), neu.child("items"), here.items(), depth + 1, out);
        }
        Constraints.bound("minItems", false, old.json(), neu.json(), here, out);
        Constraints.bound("maxItems", true, old.json(), neu.json(), here, out);
        Constraints.uniqueItems(old.json(), neu.json(), here, out);
        for (String keyword : UNCOMPARED_ARRAY_KEYWORDS) {
            requireUnchanged(old, neu, keyword, here, out);
        }
    }

    /**
     * {@code allOf} and {@code anyOf} with as many members on both sides are compared member by member (sound for
     * intersections and unions alike); any other change to them, and any change to {@code oneOf}, {@code not} or a
     * conditional, counts as breaking.
     */
    private void compareCombinations(SchemaNode old, SchemaNode neu, Place here, int depth, Changes out) {
        for (String keyword : List.of("allOf", "anyOf")) {
            JsonNode was = old.json().get(keyword);
            JsonNode is = neu.json().get(keyword);
            if (was != null && is != null && was.isArray() && is.isArray() && was.size() == is.size()) {
                for (int i = 0; i < was.size(); i++) {
                    compare(old.child(keyword, i), neu.child(keyword, i), here.within(keyword + "/" + i), depth + 1,
                            out);
                }
            } else {
                requireUnchanged(old, neu, keyword, here, out);
            }
        }
        for (String keyword : UNCOMPARED_KEYWORDS) {
            requireUnchanged(old, neu, keyword, here, out);
        }
    }

    /**
     * The schemas that all apply to the data at a place: the node itself, or, when it is a {@code $ref}, its target
     * (and in 2020-12 the keywords beside the {@code $ref}, which apply as well). Empty, with the change reported as
     * breaking, if a reference does not resolve or leads round in circles.
     */
    private List<SchemaNode> conjuncts(SchemaDocument document, SchemaNode node, Place place, Changes out) {
        List<SchemaNode> parts = new ArrayList<>();
        SchemaNode current = node;
        for (int hop = 0; hop <= MAX_REFERENCE_CHAIN; hop++) {
            JsonNode ref = current.json().get("$ref");
            if (ref == null || !ref.isTextual()) {
                parts.add(current);
                return parts;
            }
            if (document.dialect() == Dialect.DRAFT_2020_12) {
                ObjectNode beside = ((ObjectNode) current.json()).deepCopy();
                beside.remove("$ref");
                if (!Vocabulary.acceptsAnything(beside)) {
                    parts.add(new SchemaNode(beside, current.pointer()));
                }
            }
            Optional<SchemaNode> target = document.resolve(ref.asText());
            if (target.isEmpty()) {
                out.both(place, "$ref \"" + ref.asText() + "\" of " + place.label() + " does not resolve");
                return List.of();
            }
            current = target.get();
        }
        out.both(place, "$refs of " + place.label() + " lead round in circles");
        return List.of();
    }

    /** The i-th of {@code count} parts, the lists aligned at their ends so that reference targets pair up. */
    private static SchemaNode part(List<SchemaNode> parts, int i, int count) {
        int index = i - (count - parts.size());
        return index < 0 ? SchemaNode.ABSENT : parts.get(index);
    }

    private static SchemaNode asObject(SchemaNode node) {
        return node.json().isObject() ? node : new SchemaNode(JsonNodeFactory.instance.objectNode(), node.pointer());
    }
}
