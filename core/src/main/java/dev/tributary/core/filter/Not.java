package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;

/** The {@code not} dialect. */
final class Not implements Condition {
    private final Condition negated;

    Not(Condition negated) {
        this.negated = negated;
    }

    @Override
    public boolean test(CloudEvent event, EventData data) {
        return !negated.test(event, data);
    }
}
