package dev.tributary.core.filter;

import io.cloudevents.sql.generated.CESQLParserParser.LikeExpressionContext;
import io.cloudevents.sql.generated.CESQLParserParser.StringLiteralContext;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.expressions.NotExpression;
import io.cloudevents.sql.impl.parser.ExpressionTranslatorVisitor;
import io.cloudevents.sql.impl.parser.LiteralUtils;

/**
 * Turns a CESQL parse tree into the SDK's expression tree as the SDK's own translator does, except that {@code LIKE}
 * becomes a {@link CesqlLike}. One instance per translation; it recurses once per level of the tree, which
 * {@link CesqlLimits} bounds before it runs. Throws the SDK's {@code ParseException} for literals it cannot parse.
 */
final class CesqlTranslator extends ExpressionTranslatorVisitor {
    @Override
    public ExpressionInternal visitLikeExpression(LikeExpressionContext ctx) {
        ExpressionInternal operand = visit(ctx.expression());
        StringLiteralContext literal = ctx.stringLiteral();
        String pattern = literal.DQUOTED_STRING_LITERAL() != null
                ? LiteralUtils.parseDQuotedStringLiteral(literal.DQUOTED_STRING_LITERAL())
                : LiteralUtils.parseSQuotedStringLiteral(literal.SQUOTED_STRING_LITERAL());
        ExpressionInternal like = new CesqlLike(ctx.getSourceInterval(), ctx.getText(), operand, pattern);
        return ctx.NOT() == null ? like : new NotExpression(ctx.getSourceInterval(), ctx.getText(), like);
    }
}
