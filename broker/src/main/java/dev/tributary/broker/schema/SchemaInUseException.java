package dev.tributary.broker.schema;

/** A schema version was not deleted because its caller said it is still in use (by a bus that enforces it, say). */
public class SchemaInUseException extends RuntimeException {
    private final SchemaVersion version;

    public SchemaInUseException(SchemaVersion version) {
        super(version + " is in use and was not deleted");
        this.version = version;
    }

    public SchemaVersion version() {
        return version;
    }
}
