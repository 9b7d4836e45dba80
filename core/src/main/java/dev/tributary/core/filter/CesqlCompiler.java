package dev.tributary.core.filter;

import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.ExceptionFactory;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import io.cloudevents.sql.generated.CESQLParserParser.CesqlContext;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.parser.ConstantFoldingExpressionVisitor;
import io.cloudevents.sql.impl.runtime.ExpressionImpl;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Turns CESQL text into an {@link Expression}, or an {@link InvalidFilterException} that says where it is wrong as
 * {@code line:column}, both counted from 1, or which of the {@link CesqlLimits} it exceeds.
 *
 * <p>This does what {@link Parser#parseDefault} (cloudevents-sql 4.0.1) does, lexing, parsing with the SDK's generated
 * ANTLR parser, translating the parse tree into the SDK's expression tree and folding constants, with three changes:
 * <ul>
 *   <li>the {@link CesqlLimits} are checked before each recursive step, where the SDK overflows the stack;
 *   <li>lexer and parser errors are reported, the first one as the user's error: the SDK prints lexer errors to
 *       stderr and then ignores them, so {@code type = 'a' #} would be accepted, and fails with a
 *       {@link NullPointerException} on some syntax errors such as {@code type = 'a' )}; both stop at their first
 *       error, which also keeps ANTLR's error recovery from rescanning the text;
 *   <li>{@code LIKE} is matched by {@link CesqlLike} ({@link CesqlTranslator}), not by a backtracking regex.
 * </ul>
 * The text is lexed and parsed once. The SDK's remaining errors (an integer literal out of range) carry token
 * indexes, which the tokens turn into positions. Stateless and thread-safe.
 */
final class CesqlCompiler {
    private CesqlCompiler() {}

    static Expression compile(String text, String path) {
        CesqlLimits.checkLength(text, path);
        FirstError lexerError = new FirstError();
        List<Token> tokens = lex(text, lexerError, path);
        CesqlLimits.checkNesting(tokens, path);
        CommonTokenStream stream = new CommonTokenStream(new ListTokenSource(tokens));
        CesqlContext tree = parse(stream, lexerError, path);
        CesqlLimits.checkDepth(tree, path);
        try {
            ExpressionInternal expression = new CesqlTranslator().visit(tree);
            return new ExpressionImpl(fold(expression));
        } catch (ParseException e) {
            throw new InvalidFilterException(
                    path, "invalid expression at " + position(stream, e.getInterval().a) + ": " + reason(e));
        } catch (RuntimeException e) {
            throw new InvalidFilterException(path, "invalid expression: " + e.getMessage());
        }
    }

    /**
     * All tokens up to the first lexer error, which ends them with an end of input at its position, and then EOF;
     * at most {@link CesqlLimits#MAX_TOKENS} besides EOF.
     */
    private static List<Token> lex(String text, FirstError error, String path) {
        CESQLParserLexer lexer = new CESQLParserLexer(new UpperCaseCharStream(CharStreams.fromString(text)));
        lexer.removeErrorListeners();
        lexer.addErrorListener(error);
        List<Token> tokens = new ArrayList<>();
        try {
            for (Token token = lexer.nextToken(); ; token = lexer.nextToken()) {
                if (token.getType() == Token.EOF) {
                    tokens.add(token);
                    return tokens;
                }
                if (tokens.size() == CesqlLimits.MAX_TOKENS) {
                    throw CesqlLimits.tooManyTokens(path);
                }
                tokens.add(token);
            }
        } catch (FirstError.Stop stop) {
            CommonToken end = new CommonToken(Token.EOF, "<EOF>");
            end.setLine(error.line);
            end.setCharPositionInLine(error.column);
            end.setStartIndex(error.index);
            end.setStopIndex(error.index - 1);
            tokens.add(end);
            return tokens;
        }
    }

    private static CesqlContext parse(CommonTokenStream tokens, FirstError lexerError, String path) {
        FirstError parserError = new FirstError();
        CESQLParserParser parser = new CESQLParserParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(parserError);
        CesqlContext tree = null;
        try {
            tree = parser.cesql();
        } catch (FirstError.Stop stop) {
            // Reported below.
        }
        // A parser error after the lexer's is likely caused by it (the end of input put where the lexer stopped).
        FirstError first = lexerError.message != null && !parserError.isBefore(lexerError) ? lexerError : parserError;
        if (first.message != null) {
            String at = first.line + ":" + (first.column + 1);
            throw new InvalidFilterException(path, "syntax error at " + at + ": " + first.message);
        }
        return tree;
    }

    /** The SDK's constant folding, which reports a constant that cannot be evaluated as a parse error. */
    private static ExpressionInternal fold(ExpressionInternal expression) {
        try {
            return expression.visit(new ConstantFoldingExpressionVisitor());
        } catch (EvaluationException e) {
            throw ExceptionFactory.cannotEvaluateConstantExpression(e);
        }
    }

    private static String position(CommonTokenStream tokens, int tokenIndex) {
        if (tokenIndex < 0 || tokenIndex >= tokens.size()) {
            return "1:1";
        }
        Token token = tokens.get(tokenIndex);
        return token.getLine() + ":" + (token.getCharPositionInLine() + 1);
    }

    /** The SDK's message without its {@code [KIND at a:b `text`]} prefix, whose numbers are token indexes. */
    private static String reason(ParseException e) {
        String message = e.getMessage();
        int end = message.indexOf("] ");
        return message.startsWith("[") && end > 0 ? message.substring(end + 2) : message;
    }

    /**
     * Keeps the first error of the lexer or the parser, the one the user has to fix first, and stops it there: after
     * an error ANTLR recovers and goes on, and an unterminated string literal makes each recovery rescan the rest.
     */
    private static final class FirstError extends BaseErrorListener {
        String message;
        int line;
        int column;
        int index;

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int column,
                String message,
                RecognitionException e) {
            this.message = message;
            this.line = line;
            this.column = column;
            this.index = recognizer instanceof Lexer lexer ? lexer._tokenStartCharIndex : -1;
            throw new Stop();
        }

        boolean isBefore(FirstError other) {
            return message != null && (line < other.line || (line == other.line && column < other.column));
        }

        /** Unwinds the lexer or parser; carries nothing, so it skips the stack trace. */
        static final class Stop extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Stop() {
                super(null, null, false, false);
            }
        }
    }
}
