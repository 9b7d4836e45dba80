package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.Result;

/**
 * The {@code sql}/{@code cesql} dialect: holds only when the expression yields boolean {@code TRUE} without error
 * (Subscriptions API, "sql" dialect). Evaluated in the SDK's collect-all-errors mode rather than fail-fast, because
 * fail-fast throws an exception, with its stack trace, for every event with a missing attribute. Functions come from
 * {@link CesqlRuntime}, which bounds the strings that {@code CONCAT} builds.
 */
final class CesqlCondition implements Condition {
    private static final EvaluationRuntime RUNTIME = CesqlRuntime.INSTANCE;

    private final String path;
    private final Expression expression;
    private final EvaluationErrors errors;

    CesqlCondition(String path, Expression expression, EvaluationErrors errors) {
        this.path = path;
        this.expression = expression;
        this.errors = errors;
    }

    @Override
    public boolean test(CloudEvent event, EventData data) {
        Result result = expression.evaluate(RUNTIME, event);
        if (result.isFailed()) {
            errors.record(event, path, result.causes().iterator().next().getMessage());
            return false;
        }
        if (result.value() instanceof Boolean matched) {
            return matched;
        }
        errors.record(event, path, "expression yields " + describe(result.value()) + ", not a boolean");
        return false;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "the string '" + s + "'";
            case Integer i -> "the integer " + i;
            default -> value.getClass().getSimpleName();
        };
    }
}
