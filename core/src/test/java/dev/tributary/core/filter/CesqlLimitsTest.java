package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import io.cloudevents.sql.generated.CESQLParserParser.ExpressionContext;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.tree.ParseTree;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * CESQL expressions too large or too deep for the SDK's recursive parser, translator and evaluator are rejected with
 * an {@link InvalidFilterException} naming the limit (a 400 naming the field), never a {@link StackOverflowError}.
 */
class CesqlLimitsTest {
    private static final int DEPTH = CesqlLimits.MAX_DEPTH;

    private static Filter sql(String expression) {
        ArrayNode filters = JsonNodeFactory.instance.arrayNode();
        filters.addObject().put("sql", expression);
        return Filter.parse(filters);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String expression) {
        return assertThatThrownBy(() -> sql(expression))
                .isInstanceOfSatisfying(
                        InvalidFilterException.class, e -> assertThat(e.field()).isEqualTo("filters[0].sql"));
    }

    private static String nestedParentheses(int levels) {
        return "(".repeat(levels) + "TRUE" + ")".repeat(levels);
    }

    @Test
    void rejectsExpressionNestedDeeperThanTheLimit() {
        rejecting(nestedParentheses(DEPTH)).hasMessageContaining("expression nests deeper than 64 levels at 1:64");
        rejecting(nestedParentheses(3_000)).hasMessageContaining("more than 4096 tokens");
    }

    @Test
    void acceptsExpressionNestedExactlyToTheLimit() {
        // The root counts as one level, so 63 parentheses around TRUE make 64.
        assertThat(sql(nestedParentheses(DEPTH - 1)).matches(event().build())).isTrue();
    }

    @Test
    void rejectsDeeplyNestedFunctionCalls() {
        String concat = "CONCAT(".repeat(900) + "'a'" + ")".repeat(900) + " = 'a'";
        rejecting(concat).hasMessageContaining("nests deeper than 64 levels");
        String ok = "CONCAT(".repeat(40) + "'a'" + ")".repeat(40) + " = 'a'";
        assertThat(sql(ok).matches(event().build())).isTrue();
    }

    @Test
    void rejectsLongRunsOfUnaryOperators() {
        rejecting("NOT ".repeat(100) + "TRUE").hasMessageContaining("nests deeper than 64 levels");
        rejecting("NOT ".repeat(5_000) + "TRUE").hasMessageContaining("longer than 16384 characters");
        rejecting("priority = " + "- ".repeat(100) + "1").hasMessageContaining("nests deeper than 64 levels");
        assertThat(sql("NOT ".repeat(40) + "TRUE").matches(event().build())).isTrue();
    }

    @Test
    void rejectsLongOrChainsThatTheGrammarNests() {
        String chain = IntStream.range(0, 100).mapToObj(i -> "type = 't" + i + "'").collect(Collectors.joining(" OR "));
        rejecting(chain).hasMessageContaining("nests deeper than 64 levels").hasMessageContaining("use IN");
        rejecting(chain.replace(" OR ", " AND ")).hasMessageContaining("nests deeper than 64 levels");
    }

    @Test
    void rejectsLongLeftDeepChainsAfterParsing() {
        // The parser builds 1 + 1 + … in a loop, but the tree it builds is as deep as the chain is long.
        rejecting("1" + " + 1".repeat(2_000) + " = 2001").hasMessageContaining("nests deeper than 64 levels");
        rejecting("priority" + " * 1".repeat(100) + " = 1").hasMessageContaining("nests deeper than 64 levels");
    }

    @Test
    void rejectsExpressionLongerThanTheLimit() {
        String longString = "subject = '" + "x".repeat(CesqlLimits.MAX_LENGTH) + "'";
        rejecting(longString).hasMessage("filters[0].sql: expression is longer than 16384 characters");
    }

    @Test
    void rejectsExpressionWithMoreTokensThanTheLimit() {
        String values = IntStream.range(0, 2_100).mapToObj(Integer::toString).collect(Collectors.joining(","));
        rejecting("priority IN (" + values + ")").hasMessage("filters[0].sql: expression has more than 4096 tokens");
    }

    @Test
    void acceptsAnInListOfSeveralHundredValues() {
        String values = IntStream.range(0, 500)
                .mapToObj(i -> "'order.created.v" + i + "'")
                .collect(Collectors.joining(", "));
        Filter filter = sql("type IN (" + values + ")");
        assertThat(filter.matches(event().withType("order.created.v499").build())).isTrue();
        assertThat(filter.matches(event().withType("order.created.v500").build())).isFalse();
    }

    @Test
    void reportsSyntaxErrorsBeforeTheDepthOfAValidTree() {
        rejecting("(".repeat(10) + "TRUE").hasMessageContaining("syntax error at 1:15");
    }

    @Property(tries = 400)
    void rejectsForDepthExactlyWhenTheTreeIsDeeperThanTheLimit(
            @ForAll long seed, @ForAll @IntRange(min = 40, max = 160) int depth) {
        String expression = new Expressions(new Random(seed)).of(depth);
        boolean tooDeep = treeDepth(parse(expression)) > DEPTH;
        if (tooDeep) {
            rejecting(expression).hasMessageContaining("nests deeper than 64 levels");
        } else {
            assertThatCode(() -> sql(expression)).doesNotThrowAnyException();
        }
    }

    /** The parse tree of a valid expression, with the SDK's parser alone. */
    private static ParseTree parse(String expression) {
        CESQLParserLexer lexer = new CESQLParserLexer(new UpperCaseCharStream(CharStreams.fromString(expression)));
        return new CESQLParserParser(new CommonTokenStream(lexer)).cesql();
    }

    private static int treeDepth(ParseTree node) {
        int deepest = 0;
        for (int i = 0; i < node.getChildCount(); i++) {
            deepest = Math.max(deepest, treeDepth(node.getChild(i)));
        }
        return deepest + (node instanceof ExpressionContext ? 1 : 0);
    }

    /** Random valid CESQL, nested about as deep as asked, with a shallow other side to every binary operator. */
    private record Expressions(Random random) {
        private static final String[] ATOMS = {"subject", "priority", "1", "'a'", "TRUE", "EXISTS region"};
        private static final String[] LOGIC = {" AND ", " OR ", " XOR "};
        private static final String[] BINARY = {" AND ", " OR ", " XOR ", " = ", " + ", " * ", " <> "};

        String of(int depth) {
            if (depth <= 1) {
                return ATOMS[random.nextInt(ATOMS.length)];
            }
            String inner = of(depth - 1);
            String other = of(random.nextInt(3));
            return switch (random.nextInt(10)) {
                case 0 -> "NOT " + inner;
                case 1 -> "- " + inner;
                case 2 -> "(" + inner + ")";
                case 3 -> "CONCAT(" + other + ", " + inner + ")";
                case 4 -> inner + " IN (" + other + ", " + of(random.nextInt(3)) + ")";
                case 5 -> inner + (random.nextBoolean() ? " NOT LIKE 'a%'" : " LIKE '_b'");
                case 6, 7 -> other + LOGIC[random.nextInt(LOGIC.length)] + inner;
                case 8 -> other + BINARY[random.nextInt(BINARY.length)] + inner;
                default -> inner + BINARY[random.nextInt(BINARY.length)] + other;
            };
        }
    }
}
