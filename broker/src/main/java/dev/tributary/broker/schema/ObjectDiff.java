package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The object keywords of a {@link SchemaDiff}: {@code required}, {@code properties}, {@code additionalProperties} and
 * the property counts. Whether adding or removing a property breaks depends on the content model, as in Confluent
 * Schema Registry: open (any other property allowed, the default), closed ({@code additionalProperties: false}) or
 * partially open (other properties must match a schema, which then stands in for the missing property).
 */
final class ObjectDiff {
    private static final List<String> UNCOMPARED_KEYWORDS = List.of(
            "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas", "dependencies",
            "unevaluatedProperties");

    private final SchemaDiff diff;

    ObjectDiff(SchemaDiff diff) {
        this.diff = diff;
    }

    void compare(SchemaNode old, SchemaNode neu, Place here, int depth, Changes out) {
        compareRequired(old.json(), neu.json(), here, out);
        compareProperties(old, neu, here, depth, out);
        compareOtherProperties(old, neu, here, depth, out);
        Constraints.bound("minProperties", false, old.json(), neu.json(), here, out);
        Constraints.bound("maxProperties", true, old.json(), neu.json(), here, out);
        for (String keyword : UNCOMPARED_KEYWORDS) {
            diff.requireUnchanged(old, neu, keyword, here, out);
        }
    }

    private static void compareRequired(JsonNode old, JsonNode neu, Place here, Changes out) {
        List<String> was = names(old.get("required"));
        List<String> is = names(neu.get("required"));
        for (int i = 0; i < is.size(); i++) {
            if (!was.contains(is.get(i))) {
                Place property = here.property(is.get(i)).at(here.pointer() + "/required/" + i);
                out.backward(property, "required property `" + property.path() + "` added");
            }
        }
        for (String name : was) {
            if (!is.contains(name)) {
                Place property = here.property(name).at(here.pointer() + "/required");
                out.forward(property, "property `" + property.path() + "` no longer required");
            }
        }
    }

    private void compareProperties(SchemaNode old, SchemaNode neu, Place here, int depth, Changes out) {
        Set<String> was = propertyNames(old.json());
        Set<String> is = propertyNames(neu.json());
        Set<String> all = new LinkedHashSet<>(was);
        all.addAll(is);
        for (String name : all) {
            Place property = here.property(name);
            if (was.contains(name) && is.contains(name)) {
                diff.compare(old.child("properties", name), neu.child("properties", name), property, depth + 1, out);
            } else if (is.contains(name)) {
                added(old, name, neu.child("properties", name), property, depth, out);
            } else {
                removed(old.child("properties", name), name, neu, property, depth, out);
            }
        }
    }

    /** A property the new schema lists and the old did not: old events held it under the old's other properties. */
    private void added(SchemaNode old, String name, SchemaNode property, Place place, int depth, Changes out) {
        SchemaNode before = otherPropertySchema(old, name);
        if (before == null) {
            out.both(place, "property `" + place.path() + "` added where a pattern Tributary cannot read applied");
        } else if (Vocabulary.acceptsAnything(before.json())) {
            if (!Vocabulary.acceptsAnything(property.json())) {
                out.backward(place, "property `" + place.path() + "` added to an open content model: events written"
                        + " before may carry `" + place.path() + "` with any value");
            }
        } else if (Vocabulary.acceptsNothing(before.json())) {
            if (!Vocabulary.acceptsNothing(property.json())) {
                out.forward(place, "property `" + place.path() + "` added while additionalProperties is false: the"
                        + " old schema refuses events that carry it");
            }
        } else {
            diff.compare(before, property, place, depth + 1, out);
        }
    }

    /** A property the old schema listed and the new does not: new events hold it under the new's other properties. */
    private void removed(SchemaNode property, String name, SchemaNode neu, Place place, int depth, Changes out) {
        SchemaNode after = otherPropertySchema(neu, name);
        if (after == null) {
            out.both(place, "property `" + place.path() + "` removed where a pattern Tributary cannot read applies");
        } else if (Vocabulary.acceptsNothing(after.json())) {
            if (!Vocabulary.acceptsNothing(property.json())) {
                out.backward(place, "property `" + place.path() + "` removed while additionalProperties is false");
            }
        } else if (Vocabulary.acceptsAnything(after.json())) {
            if (!Vocabulary.acceptsAnything(property.json())) {
                out.forward(place, "property `" + place.path() + "` removed from an open content model: new events"
                        + " may carry `" + place.path() + "` with any value");
            }
        } else {
            diff.compare(property, after, place, depth + 1, out);
        }
    }

    /** The properties neither schema lists, checked by each one's {@code additionalProperties}. */
    private void compareOtherProperties(SchemaNode old, SchemaNode neu, Place here, int depth, Changes out) {
        SchemaNode was = old.child("additionalProperties");
        SchemaNode is = neu.child("additionalProperties");
        Place place = here.otherProperties();
        if (Vocabulary.acceptsAnything(was.json()) && Vocabulary.acceptsNothing(is.json())) {
            out.backward(place, "additionalProperties of " + here.label() + " set to false: events written before"
                    + " may carry properties the new schema does not list");
        } else if (Vocabulary.acceptsNothing(was.json()) && Vocabulary.acceptsAnything(is.json())) {
            out.forward(place, "additionalProperties of " + here.label() + " no longer false: new events may carry"
                    + " properties the old schema refuses");
        } else {
            diff.compare(was, is, place, depth + 1, out);
        }
    }

    /**
     * What a schema checks a property against when it does not list it: the first of its {@code patternProperties}
     * that matches the name, else its {@code additionalProperties} (anything, when absent). Null if a pattern is not
     * a regular expression Java reads.
     */
    private static SchemaNode otherPropertySchema(SchemaNode schema, String name) {
        JsonNode patterns = schema.json().get("patternProperties");
        if (patterns != null && patterns.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> entries = patterns.fields(); entries.hasNext(); ) {
                String pattern = entries.next().getKey();
                try {
                    if (Pattern.compile(pattern).matcher(name).find()) {
                        return schema.child("patternProperties", pattern);
                    }
                } catch (PatternSyntaxException e) {
                    return null;
                }
            }
        }
        return schema.child("additionalProperties");
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            properties.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static List<String> names(JsonNode required) {
        List<String> names = new ArrayList<>();
        if (required != null && required.isArray()) {
            required.forEach(name -> names.add(name.asText()));
        }
        return names;
    }
}
