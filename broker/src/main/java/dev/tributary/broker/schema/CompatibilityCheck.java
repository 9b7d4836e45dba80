package dev.tributary.broker.schema;

import java.util.ArrayList;
import java.util.List;

/** Applies a subject's {@link Compatibility} rule to a new schema and the subject's live versions. Stateless. */
final class CompatibilityCheck {
    /** Enough to explain a refusal; more would only repeat the same change against older versions. */
    static final int MAX_INCOMPATIBILITIES = 100;

    /** A live version of the subject. */
    record Prior(int version, SchemaDocument document) {}

    private CompatibilityCheck() {}

    /**
     * What breaks the rule, newest version first; empty if nothing does.
     *
     * @param live the subject's live versions, oldest first
     */
    static List<Incompatibility> of(Compatibility rule, SchemaDocument candidate, List<Prior> live) {
        List<Incompatibility> found = new ArrayList<>();
        if (rule == Compatibility.NONE || live.isEmpty()) {
            return found;
        }
        List<Prior> against = rule.isTransitive() ? live.reversed() : List.of(live.getLast());
        for (Prior prior : against) {
            for (Changes.Change change : SchemaDiff.between(prior.document(), candidate)) {
                if (rule.checksBackward() && change.breaksBackward()) {
                    found.add(new Incompatibility(prior.version(), Compatibility.BACKWARD, change.pointer(),
                            change.message()));
                }
                if (rule.checksForward() && change.breaksForward()) {
                    found.add(new Incompatibility(prior.version(), Compatibility.FORWARD, change.pointer(),
                            change.message()));
                }
                if (found.size() >= MAX_INCOMPATIBILITIES) {
                    return found.subList(0, MAX_INCOMPATIBILITIES);
                }
            }
        }
        return found;
    }
}
