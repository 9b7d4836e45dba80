package dev.tributary.broker.schema;

import java.util.List;

/**
 * A new schema breaks its subject's compatibility rule; {@link #incompatibilities()} says where and how, against
 * which existing version. Nothing was registered. The caller changes the schema, or the subject's rule.
 */
public class SchemaIncompatibleException extends RuntimeException {
    private static final int SHOWN = 10;

    private final Subject subject;
    private final Compatibility compatibility;
    private final List<Incompatibility> incompatibilities;

    public SchemaIncompatibleException(
            Subject subject, Compatibility compatibility, List<Incompatibility> incompatibilities) {
        super(message(subject, compatibility, incompatibilities));
        this.subject = subject;
        this.compatibility = compatibility;
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    public Subject subject() {
        return subject;
    }

    /** The subject's rule that the schema breaks. */
    public Compatibility compatibility() {
        return compatibility;
    }

    public List<Incompatibility> incompatibilities() {
        return incompatibilities;
    }

    private static String message(Subject subject, Compatibility rule, List<Incompatibility> found) {
        StringBuilder message = new StringBuilder("schema is not ").append(rule).append(" compatible with subject '")
                .append(subject).append("': ");
        for (int i = 0; i < Math.min(SHOWN, found.size()); i++) {
            message.append(i == 0 ? "" : "; ").append(found.get(i));
        }
        if (found.size() > SHOWN) {
            message.append("; and ").append(found.size() - SHOWN).append(" more");
        }
        return message.toString();
    }
}
