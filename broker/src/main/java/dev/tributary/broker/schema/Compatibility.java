package dev.tributary.broker.schema;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The rule a new version of a subject's schema must follow, named as in Confluent Schema Registry. Backward: the new
 * schema accepts every event the old one accepted, so consumers can move to the new version first. Forward: the old
 * schema accepts every event the new one accepts, so producers can move first. Full: both. A plain rule compares the
 * new version with the latest live one; a transitive rule with every live version. Deleted versions are not compared.
 * The exact rules per keyword are in {@code docs/schema-compatibility.md}.
 */
public enum Compatibility {
    NONE("none"),
    BACKWARD("backward"),
    FORWARD("forward"),
    FULL("full"),
    BACKWARD_TRANSITIVE("backward-transitive"),
    FORWARD_TRANSITIVE("forward-transitive"),
    FULL_TRANSITIVE("full-transitive");

    /** The rule of a subject that was given none: backward, as in Confluent Schema Registry. */
    public static final Compatibility DEFAULT = BACKWARD;

    private final String jsonName;

    Compatibility(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in JSON documents and URLs: {@code backward-transitive}. */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The rule with that JSON name.
     *
     * @throws IllegalArgumentException naming {@code compatibility} and the allowed names
     */
    public static Compatibility fromJsonName(String name) {
        for (Compatibility rule : values()) {
            if (rule.jsonName.equals(name)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("compatibility must be one of "
                + Arrays.stream(values()).map(Compatibility::jsonName).collect(Collectors.joining(", "))
                + ", was " + (name == null ? "null" : '"' + name + '"'));
    }

    /** Whether every event valid under an old version must stay valid under the new one. */
    public boolean checksBackward() {
        return this == BACKWARD || this == FULL || this == BACKWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    /** Whether every event valid under the new version must be valid under an old one. */
    public boolean checksForward() {
        return this == FORWARD || this == FULL || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    /** Whether the new version is compared with every live version rather than with the latest only. */
    public boolean isTransitive() {
        return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
