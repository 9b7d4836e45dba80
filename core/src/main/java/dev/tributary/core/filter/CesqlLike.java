package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.ExceptionFactory;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.ExpressionInternalVisitor;
import io.cloudevents.sql.impl.expressions.BaseExpression;
import io.cloudevents.sql.impl.runtime.EvaluationResult;
import org.antlr.v4.runtime.misc.Interval;

/**
 * {@code value LIKE 'pattern'} in the SDK's expression tree, matched by a {@link LikePattern} instead of the SDK's
 * {@code LikeExpression}, whose regular expression can backtrack for ever. Evaluates exactly as the SDK's does
 * otherwise: the operand is cast to a string (a missing attribute keeps its error, which fails the expression), and
 * {@code NOT LIKE} is a {@code NotExpression} around this one. Immutable and thread-safe; evaluation never throws.
 */
final class CesqlLike extends BaseExpression {
    private final ExpressionInternal operand;
    private final LikePattern pattern;

    CesqlLike(Interval interval, String text, ExpressionInternal operand, String pattern) {
        super(interval, text);
        this.operand = operand;
        this.pattern = LikePattern.compile(pattern);
    }

    @Override
    public EvaluationResult evaluate(EvaluationRuntime runtime, CloudEvent event, ExceptionFactory exceptions) {
        EvaluationResult value = castToString(exceptions, operand.evaluate(runtime, event, exceptions));
        return value.copyWithValue(pattern.matches((String) value.value()));
    }

    @Override
    public <T> T visit(ExpressionInternalVisitor<T> visitor) {
        // The SDK's visitors have nothing to fold in a LIKE either (its LikeExpression takes the same default).
        return visitor.visitExpressionInternal(this);
    }
}
