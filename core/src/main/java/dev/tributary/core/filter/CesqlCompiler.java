package dev.tributary.core.filter;

import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Turns CESQL text into an {@link Expression}, or an {@link InvalidFilterException} that says where it is wrong as
 * {@code line:column}, both counted from 1.
 *
 * <p>The text is first run through the SDK's generated lexer and parser with our own error listener, because
 * {@link Parser#parseDefault} (cloudevents-sql 4.0.1) prints lexer errors to stderr and then ignores them, so
 * {@code type = 'a' #} would be accepted, and fails with a {@link NullPointerException} on some syntax errors such as
 * {@code type = 'a' )}. Only text that passes is handed to the SDK, whose remaining errors (an integer literal out of
 * range) carry token indexes, which the tokens of the first pass turn into positions. Stateless and thread-safe.
 */
final class CesqlCompiler {
    private CesqlCompiler() {}

    static Expression compile(String text, String path) {
        CommonTokenStream tokens = checkSyntax(text, path);
        try {
            return Parser.parseDefault(text);
        } catch (ParseException e) {
            throw new InvalidFilterException(
                    path, "invalid expression at " + position(tokens, e.getInterval().a) + ": " + reason(e));
        } catch (RuntimeException e) {
            throw new InvalidFilterException(path, "invalid expression: " + e.getMessage());
        }
    }

    private static CommonTokenStream checkSyntax(String text, String path) {
        FirstError firstError = new FirstError();
        CESQLParserLexer lexer = new CESQLParserLexer(new UpperCaseCharStream(CharStreams.fromString(text)));
        lexer.removeErrorListeners();
        lexer.addErrorListener(firstError);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        CESQLParserParser parser = new CESQLParserParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(firstError);
        parser.cesql();
        if (firstError.message != null) {
            String at = firstError.line + ":" + (firstError.column + 1);
            throw new InvalidFilterException(path, "syntax error at " + at + ": " + firstError.message);
        }
        tokens.fill();
        return tokens;
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

    /** Keeps the first error of the lexer or the parser, the one the user has to fix first. */
    private static final class FirstError extends BaseErrorListener {
        String message;
        int line;
        int column;

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int column,
                String message,
                RecognitionException e) {
            if (this.message == null) {
                this.message = message;
                this.line = line;
                this.column = column;
            }
        }
    }
}
