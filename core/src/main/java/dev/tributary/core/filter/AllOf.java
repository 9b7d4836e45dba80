package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;
import java.util.List;

/** The {@code all} dialect, the pairs of one {@code exact}/{@code prefix}/{@code suffix}, and the top-level list. */
final class AllOf implements Condition {
    private final Condition[] conditions;

    private AllOf(Condition[] conditions) {
        this.conditions = conditions;
    }

    static Condition of(List<Condition> conditions) {
        return conditions.size() == 1 ? conditions.getFirst() : new AllOf(conditions.toArray(Condition[]::new));
    }

    @Override
    public boolean test(CloudEvent event, EventData data) {
        for (Condition condition : conditions) {
            if (!condition.test(event, data)) {
                return false;
            }
        }
        return true;
    }
}
