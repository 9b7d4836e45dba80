package dev.tributary.broker.schema;

/**
 * Where a change between two schemas is: its JSON pointer in the new schema, and the path of the data it constrains
 * as people write it ({@code order.lines[].sku}), which messages name.
 *
 * @param path {@code ""} for the data itself; {@code name} for a property, {@code []} for the items of an array,
 *     {@code *} for the properties an object does not list
 */
record Place(String pointer, String path) {
    static final Place ROOT = new Place("", "");

    /** The place of a property of the object here. */
    Place property(String name) {
        return new Place(Pointers.child(Pointers.child(pointer, "properties"), name), join(name));
    }

    /** The place of the items of the array here. */
    Place items() {
        return new Place(pointer + "/items", path + "[]");
    }

    /** The place of the properties that the object here does not list. */
    Place otherProperties() {
        return new Place(pointer + "/additionalProperties", join("*"));
    }

    /** A subschema that constrains the same data ({@code allOf/1}). */
    Place within(String relativePointer) {
        return new Place(pointer + "/" + relativePointer, path);
    }

    /** The same data, defined elsewhere in the new schema (where a {@code $ref} led). */
    Place at(String newPointer) {
        return new Place(newPointer, path);
    }

    /** How messages name the data here: {@code `order.total`}, or {@code the data}. */
    String label() {
        return path.isEmpty() ? "the data" : "`" + path + "`";
    }

    private String join(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
