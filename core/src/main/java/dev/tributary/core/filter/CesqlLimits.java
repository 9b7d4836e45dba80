package dev.tributary.core.filter;

import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser.ExpressionContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The bounds on one CESQL expression, and the checks that enforce them. The SDK's parser, translator and evaluator
 * all recurse once per level of the expression, so an expression nested a few thousand levels deep overflows the
 * stack, and the SDK's translation takes time proportional to size × depth; real filters are a few dozen tokens and a
 * handful of levels. With these bounds, compiling takes time linear in the text and evaluating takes at most
 * {@link #MAX_TOKENS} steps, each linear in the size of the event.
 *
 * <p>Checked in this order, each before the work it protects: the length of the text before lexing, the number of
 * tokens while lexing, the nesting that can be seen in the tokens ({@link #checkNesting}) before the recursive ANTLR
 * parser runs, and the depth of the parse tree ({@link #checkDepth}, which also sees left-deep chains such as
 * {@code 1 + 1 + … + 1} that the parser builds in a loop) before the recursive translation. A violation is an
 * {@link InvalidFilterException} naming the limit. Stateless and thread-safe.
 */
final class CesqlLimits {
    /**
     * The longest expression, in characters (UTF-16 code units): room for an {@code IN} list of several hundred
     * values, e.g. 500 quoted event types of 30 characters.
     */
    static final int MAX_LENGTH = 16_384;

    /** The most tokens (names, literals, operators, parentheses, commas) in one expression: an IN list of ~2,000. */
    static final int MAX_TOKENS = 4_096;

    /**
     * The deepest nesting of expressions. Every parenthesis, function call, {@code IN} list, {@code NOT} and unary
     * minus adds a level, and so does every operator of a chain such as {@code a OR b OR c}, which the grammar nests
     * (right-deep for AND/OR/XOR, left-deep for the others); a comparison and its operands are two levels.
     */
    static final int MAX_DEPTH = 64;

    /**
     * The longest string that {@code CONCAT} and {@code CONCAT_WS} may build, in characters: the size of the largest
     * event (1 MiB), so that joining an event's attributes always works while nesting them cannot multiply it.
     */
    static final int MAX_STRING_LENGTH = 1 << 20;

    private CesqlLimits() {}

    static void checkLength(String text, String path) {
        if (text.length() > MAX_LENGTH) {
            throw new InvalidFilterException(path, "expression is longer than " + MAX_LENGTH + " characters");
        }
    }

    static InvalidFilterException tooManyTokens(String path) {
        return new InvalidFilterException(path, "expression has more than " + MAX_TOKENS + " tokens");
    }

    /**
     * Rejects token sequences that certainly nest deeper than {@link #MAX_DEPTH}, in one pass and without recursion,
     * so that the parser is never given one. What the tokens show is a lower bound of the depth {@link #checkDepth}
     * measures, so the two agree: parentheses, and the unary operators and AND/OR/XOR that each nest the rest of
     * their operand. Those are the only constructs the ANTLR parser recurses on; other binary operators it parses in
     * a loop. Invalid sequences are left to the parser to report, unless they nest too deeply.
     */
    static void checkNesting(List<Token> tokens, String path) {
        // One frame per open parenthesis: the depth of the expressions directly inside it, how many AND/OR/XOR of
        // the current operand nest what follows, and how many unary operators precede the current operand.
        Deque<int[]> frames = new ArrayDeque<>();
        int[] frame = {1, 0, 0};
        int previous = Token.INVALID_TYPE;
        int unaryBeforeOperand = 0;
        for (Token token : tokens) {
            int type = token.getType();
            int depth = frame[0] + frame[1] + frame[2];
            switch (type) {
                case CESQLParserLexer.LR_BRACKET -> {
                    // The owner of the parenthesis (a sub-expression, a function call, an IN list) holds its contents.
                    int owner =
                            switch (previous) {
                                case CESQLParserLexer.IDENTIFIER,
                                        CESQLParserLexer.FUNCTION_IDENTIFIER_WITH_UNDERSCORE ->
                                    frame[0] + frame[1] + unaryBeforeOperand;
                                case CESQLParserLexer.IN -> frame[0] + frame[1];
                                default -> depth;
                            };
                    frames.push(frame);
                    frame = new int[] {owner + 1, 0, 0};
                    check(owner + 1, token, path);
                }
                case CESQLParserLexer.RR_BRACKET -> {
                    if (!frames.isEmpty()) {
                        frame = frames.pop();
                    }
                    frame[2] = 0;
                }
                case CESQLParserLexer.COMMA -> {
                    frame[1] = 0;
                    frame[2] = 0;
                }
                case CESQLParserLexer.AND, CESQLParserLexer.OR, CESQLParserLexer.XOR -> {
                    frame[1]++;
                    frame[2] = 0;
                    check(frame[0] + frame[1], token, path);
                }
                case CESQLParserLexer.NOT, CESQLParserLexer.MINUS -> {
                    // After an operand these are the NOT of NOT LIKE/NOT IN or a subtraction, which do not nest.
                    if (!endsOperand(previous)) {
                        frame[2]++;
                        check(depth + 1, token, path);
                    }
                }
                default -> {
                    if (endsOperand(type)) {
                        unaryBeforeOperand = frame[2];
                        frame[2] = 0;
                        check(depth, token, path);
                    }
                }
            }
            previous = type;
        }
    }

    /**
     * Rejects a parse tree with expressions nested deeper than {@link #MAX_DEPTH}. Iterative, because the tree of a
     * left-deep chain can be far deeper than the parser's recursion was.
     */
    static void checkDepth(ParseTree root, String path) {
        Deque<ParseTree> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(0);
        while (!nodes.isEmpty()) {
            ParseTree node = nodes.pop();
            int depth = depths.pop() + (node instanceof ExpressionContext ? 1 : 0);
            if (depth > MAX_DEPTH) {
                throw tooDeep(((ParserRuleContext) node).getStart(), path);
            }
            for (int i = 0; i < node.getChildCount(); i++) {
                nodes.push(node.getChild(i));
                depths.push(depth);
            }
        }
    }

    private static boolean endsOperand(int type) {
        return switch (type) {
            case CESQLParserLexer.IDENTIFIER,
                    CESQLParserLexer.IDENTIFIER_WITH_NUMBER,
                    CESQLParserLexer.FUNCTION_IDENTIFIER_WITH_UNDERSCORE,
                    CESQLParserLexer.SQUOTED_STRING_LITERAL,
                    CESQLParserLexer.DQUOTED_STRING_LITERAL,
                    CESQLParserLexer.INTEGER_LITERAL,
                    CESQLParserLexer.TRUE,
                    CESQLParserLexer.FALSE,
                    CESQLParserLexer.RR_BRACKET ->
                true;
            default -> false;
        };
    }

    private static void check(int depth, Token token, String path) {
        if (depth > MAX_DEPTH) {
            throw tooDeep(token, path);
        }
    }

    private static InvalidFilterException tooDeep(Token token, String path) {
        return new InvalidFilterException(
                path,
                "expression nests deeper than " + MAX_DEPTH + " levels at " + token.getLine() + ":"
                        + (token.getCharPositionInLine() + 1)
                        + " (each parenthesis, function call, NOT and each AND/OR of a chain adds one; use IN for"
                        + " lists of values)");
    }
}
