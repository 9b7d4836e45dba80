package dev.tributary.broker.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON types a schema accepts, from its {@code type} and narrowed by its {@code enum} and {@code const}. Numbers
 * are split into integers and other numbers, so that {@code integer} is simply a subset of {@code number}. Immutable.
 */
final class TypeSet {
    private enum Atom {
        OBJECT, ARRAY, STRING, INTEGER, FRACTION, BOOLEAN, NULL
    }

    private static final Set<Atom> ALL = EnumSet.allOf(Atom.class);

    private final Set<Atom> atoms;

    private TypeSet(Set<Atom> atoms) {
        this.atoms = atoms;
    }

    /** The types a schema object accepts. */
    static TypeSet of(JsonNode schema) {
        Set<Atom> atoms = EnumSet.copyOf(ALL);
        JsonNode type = schema.get("type");
        if (type != null) {
            atoms = EnumSet.noneOf(Atom.class);
            for (JsonNode name : type.isArray() ? type : List.of(type)) {
                atoms.addAll(named(name.asText()));
            }
        }
        JsonNode values = schema.get("enum");
        if (values != null && values.isArray()) {
            atoms.retainAll(ofValues(values));
        }
        JsonNode value = schema.get("const");
        if (value != null) {
            atoms.retainAll(EnumSet.of(atomOf(value)));
        }
        return new TypeSet(atoms);
    }

    boolean containsAll(TypeSet other) {
        return atoms.containsAll(other.atoms);
    }

    boolean acceptsString() {
        return atoms.contains(Atom.STRING);
    }

    boolean acceptsNumber() {
        return atoms.contains(Atom.INTEGER) || atoms.contains(Atom.FRACTION);
    }

    boolean acceptsObject() {
        return atoms.contains(Atom.OBJECT);
    }

    boolean acceptsArray() {
        return atoms.contains(Atom.ARRAY);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TypeSet types && types.atoms.equals(atoms);
    }

    @Override
    public int hashCode() {
        return atoms.hashCode();
    }

    /** {@code number}, {@code string or null}, {@code any type}, {@code no type}. */
    @Override
    public String toString() {
        if (atoms.equals(ALL)) {
            return "any type";
        }
        if (atoms.isEmpty()) {
            return "no type";
        }
        List<String> names = new ArrayList<>();
        for (Atom atom : atoms) {
            switch (atom) {
                case INTEGER -> names.add(atoms.contains(Atom.FRACTION) ? "number" : "integer");
                case FRACTION -> {
                    if (!atoms.contains(Atom.INTEGER)) {
                        names.add("non-integer number");
                    }
                }
                default -> names.add(atom.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return String.join(" or ", names);
    }

    private static Set<Atom> named(String type) {
        return switch (type) {
            case "null" -> EnumSet.of(Atom.NULL);
            case "boolean" -> EnumSet.of(Atom.BOOLEAN);
            case "object" -> EnumSet.of(Atom.OBJECT);
            case "array" -> EnumSet.of(Atom.ARRAY);
            case "string" -> EnumSet.of(Atom.STRING);
            case "integer" -> EnumSet.of(Atom.INTEGER);
            case "number" -> EnumSet.of(Atom.INTEGER, Atom.FRACTION);
            default -> EnumSet.noneOf(Atom.class); // the meta-schema refuses other names
        };
    }

    private static Set<Atom> ofValues(JsonNode values) {
        Set<Atom> atoms = EnumSet.noneOf(Atom.class);
        values.forEach(value -> atoms.add(atomOf(value)));
        return atoms;
    }

    private static Atom atomOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL -> Atom.NULL;
            case BOOLEAN -> Atom.BOOLEAN;
            case OBJECT -> Atom.OBJECT;
            case ARRAY -> Atom.ARRAY;
            case NUMBER -> isInteger(value) ? Atom.INTEGER : Atom.FRACTION;
            default -> Atom.STRING;
        };
    }

    /** 1 and 1.0 are both integers in JSON Schema. */
    private static boolean isInteger(JsonNode number) {
        return number.isIntegralNumber() || number.decimalValue().stripTrailingZeros().scale() <= 0;
    }
}
