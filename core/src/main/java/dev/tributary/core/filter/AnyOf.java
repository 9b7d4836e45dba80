package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;
import java.util.List;

/** The {@code any} dialect: at least one sub-filter holds, so an empty one never does. */
final class AnyOf implements Condition {
    private final Condition[] conditions;

    private AnyOf(Condition[] conditions) {
        this.conditions = conditions;
    }

    static Condition of(List<Condition> conditions) {
        return conditions.size() == 1 ? conditions.getFirst() : new AnyOf(conditions.toArray(Condition[]::new));
    }

    @Override
    public boolean test(CloudEvent event, EventData data) {
        for (Condition condition : conditions) {
            if (condition.test(event, data)) {
                return true;
            }
        }
        return false;
    }
}
