package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationContext;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Function;
import io.cloudevents.sql.impl.functions.ConcatFunction;
import io.cloudevents.sql.impl.functions.ConcatWSFunction;
import io.cloudevents.sql.impl.runtime.EvaluationResult;
import java.util.List;

/**
 * The SDK's built-in CESQL functions, with {@code CONCAT} and {@code CONCAT_WS} bounded: they are the only functions
 * whose result is longer than their arguments, so nesting them over a large attribute
 * ({@code CONCAT(CONCAT(subject, subject), CONCAT(subject, subject))}…) could otherwise build strings of gigabytes
 * from one event. A result longer than {@link CesqlLimits#MAX_STRING_LENGTH} is a function evaluation error instead
 * (the expression fails and the event does not match). The SDK's runtime cannot be given replacements (its builder
 * refuses a second variadic function of one name), hence this delegating one. Stateless and thread-safe.
 */
final class CesqlRuntime implements EvaluationRuntime {
    static final EvaluationRuntime INSTANCE = new CesqlRuntime();

    private static final EvaluationRuntime SDK = EvaluationRuntime.getDefault();
    private static final Function CONCAT = new BoundedConcat();
    private static final Function CONCAT_WS = new BoundedConcatWs();

    private CesqlRuntime() {}

    @Override
    public Function resolveFunction(String name, int args) {
        Function function = SDK.resolveFunction(name, args); // throws as the SDK does for unknown names and arities
        return switch (function.name()) {
            case "CONCAT" -> CONCAT;
            case "CONCAT_WS" -> CONCAT_WS;
            default -> function;
        };
    }

    private static EvaluationResult tooLong(EvaluationContext ctx, String name, long length) {
        IllegalArgumentException cause = new IllegalArgumentException(
                "the result would be " + length + " characters long, more than " + CesqlLimits.MAX_STRING_LENGTH);
        return new EvaluationResult(
                "",
                ctx.exceptionFactory()
                        .functionExecutionError(name, cause)
                        .create(ctx.expressionInterval(), ctx.expressionText()));
    }

    private static long length(Object argument) {
        return argument instanceof String s ? s.length() : String.valueOf(argument).length();
    }

    private static final class BoundedConcat extends ConcatFunction {
        @Override
        public EvaluationResult invoke(
                EvaluationContext ctx, EvaluationRuntime runtime, CloudEvent event, List<Object> arguments) {
            long length = 0;
            for (Object argument : arguments) {
                length += length(argument);
            }
            return length > CesqlLimits.MAX_STRING_LENGTH
                    ? tooLong(ctx, name(), length)
                    : super.invoke(ctx, runtime, event, arguments);
        }
    }

    private static final class BoundedConcatWs extends ConcatWSFunction {
        @Override
        public EvaluationResult invoke(
                EvaluationContext ctx, EvaluationRuntime runtime, CloudEvent event, List<Object> arguments) {
            // CONCAT_WS(separator, a, b, c) puts the separator between each pair of the others.
            long length = arguments.size() > 2 ? length(arguments.getFirst()) * (arguments.size() - 2) : 0;
            for (Object argument : arguments.subList(Math.min(1, arguments.size()), arguments.size())) {
                length += length(argument);
            }
            return length > CesqlLimits.MAX_STRING_LENGTH
                    ? tooLong(ctx, name(), length)
                    : super.invoke(ctx, runtime, event, arguments);
        }
    }
}
