package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.filters;
import static dev.tributary.core.filter.FilterFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class FilterRejectionTest {
    /** Asserts that {@code array} is rejected at {@code path}, and returns the assertion for the reason. */
    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String array, String path) {
        return assertThatThrownBy(() -> filters(array))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> assertThat(e.field()).isEqualTo(path))
                .hasMessageStartingWith(path + ": ");
    }

    @Test
    void rejectsFiltersThatAreNotAnArray() {
        rejecting("{'exact': {'type': 'a'}}", "filters").hasMessageContaining("must be an array");
    }

    @Test
    void rejectsAFilterThatIsNotAnObject() {
        rejecting("[{'exact': {'type': 'a'}}, 'type = a']", "filters[1]").hasMessageContaining("one dialect key");
    }

    @Test
    void rejectsAnObjectWithoutDialect() {
        rejecting("[{}]", "filters[0]").hasMessageEndingWith("must have exactly one dialect key, has none");
    }

    @Test
    void rejectsAnObjectWithTwoDialects() {
        rejecting("[{'all': [{'exact': {'type': 'a'}, 'prefix': {'id': 'b'}}]}]", "filters[0].all[0]")
                .hasMessageEndingWith("has 2 (exact, prefix)");
    }

    @Test
    void rejectsUnknownDialects() {
        rejecting("[{'not': {'regex': {'type': 'a.*'}}}]", "filters[0].not")
                .hasMessageContaining("unknown dialect 'regex', expected one of exact, prefix, suffix, all, any, not,");
    }

    @Test
    void rejectsNonStringValues() {
        rejecting("[{'exact': {'type': 'a'}}, {'all': [{'exact': {'type': 1}}]}]", "filters[1].all[0].exact")
                .hasMessage("filters[1].all[0].exact: value of 'type' must be a string");
        rejecting("[{'prefix': {'data.a': null}}]", "filters[0].prefix").hasMessageContaining("'data.a'");
    }

    @Test
    void rejectsAttributeMapsThatAreNotObjects() {
        rejecting("[{'suffix': ['type', 'a']}]", "filters[0].suffix").hasMessageContaining("must be an object");
    }

    @Test
    void rejectsEmptyAttributeNames() {
        rejecting("[{'exact': {'': 'a'}}]", "filters[0].exact").hasMessageContaining("must not be empty");
    }

    @Test
    void rejectsAttributeNamesOutsideTheCloudEventsAlphabet() {
        rejecting("[{'exact': {'Type': 'a'}}]", "filters[0].exact")
                .hasMessageContaining("'Type' must be one or more of a-z 0-9");
        rejecting("[{'any': [{'prefix': {'my-ext': 'a'}}]}]", "filters[0].any[0].prefix")
                .hasMessageContaining("'my-ext'");
    }

    @Test
    void rejectsBareDataAndEmptyDataFields() {
        rejecting("[{'exact': {'data': 'a'}}]", "filters[0].exact").hasMessageContaining("data.<field>");
        rejecting("[{'exact': {'data.': 'a'}}]", "filters[0].exact").hasMessageContaining("'data.' has an empty field");
        rejecting("[{'exact': {'data.a..b': 'a'}}]", "filters[0].exact").hasMessageContaining("'data.a..b'");
    }

    @Test
    void rejectsAllAndAnyThatAreNotArrays() {
        rejecting("[{'all': {'exact': {'type': 'a'}}}]", "filters[0].all").hasMessageContaining("must be an array");
        rejecting("[{'any': 'x'}]", "filters[0].any").hasMessageContaining("must be an array");
    }

    @Test
    void rejectsNotWithAnArray() {
        rejecting("[{'not': [{'exact': {'type': 'a'}}]}]", "filters[0].not").hasMessageContaining("one dialect key");
    }

    @Test
    void rejectsSqlThatIsNotAString() {
        rejecting("[{'sql': true}]", "filters[0].sql").hasMessageContaining("must be a string");
    }

    @Test
    void rejectsCesqlSyntaxErrorsWithLineAndColumn() {
        rejecting("[{'exact': {'type': 'a'}}, {'sql': \"type = 'a' AND\"}]", "filters[1].sql")
                .hasMessageStartingWith("filters[1].sql: syntax error at 1:15: ");
        rejecting("[{'cesql': \"type = 'a'\\n  AND (1 = \"}]", "filters[0].cesql")
                .hasMessageStartingWith("filters[0].cesql: syntax error at 2:12: ");
        rejecting("[{'sql': ''}]", "filters[0].sql").hasMessageStartingWith("filters[0].sql: syntax error at 1:1: ");
    }

    @Test
    void rejectsCesqlThatTheSdkParserWouldCrashOn() {
        rejecting("[{'sql': \"type = 'a' )\"}]", "filters[0].sql")
                .hasMessageStartingWith("filters[0].sql: syntax error at 1:12: extraneous input ')'");
        rejecting("[{'sql': \"TRUE TRUE\"}]", "filters[0].sql")
                .hasMessageStartingWith("filters[0].sql: syntax error at 1:6");
    }

    @Test
    void rejectsCesqlWithCharactersTheLexerSkips() {
        rejecting("[{'sql': \"type = 'a' #\"}]", "filters[0].sql")
                .hasMessage("filters[0].sql: syntax error at 1:12: token recognition error at: '#'");
        rejecting("[{'sql': \"type = 'unterminated\"}]", "filters[0].sql").hasMessageContaining("syntax error at 1:8");
    }

    @Test
    void rejectsCesqlIntegerLiteralsOutOfRangeWithTheirPosition() {
        rejecting("[{'sql': \"priority = 1 OR\\n priority = 99999999999\"}]", "filters[0].sql")
                .hasMessageStartingWith("filters[0].sql: invalid expression at 2:13: Cannot parse to INTEGER");
    }

    @Test
    void rejectsFiltersNestedTooDeeply() {
        String deep = "{'exact': {'type': 'a'}}";
        for (int i = 0; i < 40; i++) {
            deep = "{'not': " + deep + "}";
        }
        String path = "filters[0]" + ".not".repeat(FilterCompiler.MAX_DEPTH + 1);
        rejecting("[" + deep + "]", path).hasMessageContaining("deeper than 32");
    }

    @Test
    void showsOnlyTheStartOfLongNames() {
        String longName = "x".repeat(500);
        rejecting("[{'exact': {'" + longName + "': 1}}]", "filters[0].exact").hasMessageContaining("x…'");
    }

    @Test
    void exposesPathAndReasonSeparately() {
        assertThatThrownBy(() -> Filter.parse(json("[{'exact': {'type': 1}}]")))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    assertThat(e.field()).isEqualTo("filters[0].exact");
                    assertThat(e.reason()).isEqualTo("value of 'type' must be a string");
                });
    }
}
