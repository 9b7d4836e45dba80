package dev.tributary.core.filter;

import static dev.tributary.core.filter.FilterFixtures.event;
import static dev.tributary.core.filter.FilterFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tributary.core.filter.FilterFixtures.RecordedErrors;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CESQL {@code LIKE}: the spec's semantics, in time linear in the input whatever the pattern. */
class LikePatternTest {
    private static final Duration GENEROUS = Duration.ofSeconds(2);
    private final RecordedErrors errors = new RecordedErrors();

    private boolean like(String subject, String likeClause) {
        String escaped = likeClause.replace("\\", "\\\\").replace("\"", "\\\"");
        Filter filter = Filter.parse(json("[{'sql': \"subject " + escaped + "\"}]"), errors);
        return filter.matches(event().withSubject(subject).build());
    }

    @Test
    void likeWithManyWildcardsMatchesInLinearTime() {
        // The SDK's regex (.*.*.*…y) backtracks for ever on this; a run of % is one %.
        String subject = "x".repeat(40);
        assertTimeoutPreemptively(GENEROUS, () -> {
            assertThat(like(subject, "LIKE '" + "%".repeat(30) + "y'")).isFalse();
            assertThat(like(subject + "y", "LIKE '" + "%".repeat(30) + "y'")).isTrue();
        });
    }

    @Test
    void likeWithManySegmentsOverAHugeValueMatchesInLinearTime() {
        String subject = "a".repeat(1 << 20);
        assertTimeoutPreemptively(GENEROUS, () -> {
            assertThat(like(subject, "LIKE '" + "%a".repeat(2_000) + "%b'")).isFalse();
            assertThat(like(subject, "LIKE '%" + "a".repeat(3_000) + "b%'")).isFalse();
            assertThat(like(subject, "LIKE '%" + "a_".repeat(1_500) + "b%'")).isFalse();
            assertThat(like(subject + "b", "LIKE '%" + "a_".repeat(1_500) + "b'")).isTrue();
        });
        assertThat(errors.recorded).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' LIKE ''{1}'' is {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "order.created | order.% | true",
                "order | order.% | false",
                "order.created | %.created | true",
                "order.created | order.created | true",
                "order.created | Order.created | false",
                "order.created | order | false",
                "order.created | created | false",
                "abc | a_c | true",
                "ac | a_c | false",
                "abbc | a_c | false",
                "a%c | a\\%c | true",
                "abc | a\\%c | false",
                "a_c | a\\_c | true",
                "abc | a\\_c | false",
                "a\\c | a\\c | true",
                "a\\%c | a\\\\%c | true",
                "abcabc | %abc | true",
                "abab | ab%ab | true",
                "aba | ab%ba | false",
                "xaxbx | %a%b% | true",
                "xbxax | %a%b% | false",
                "'' | % | true",
                "'' | %% | true",
                "'' | _ | false",
                "x | '' | false",
                "'' | '' | true",
            })
    void likeFollowsTheSpec(String subject, String pattern, boolean expected) {
        assertThat(like(subject, "LIKE '" + pattern + "'")).isEqualTo(expected);
        assertThat(like(subject, "NOT LIKE '" + pattern + "'")).isEqualTo(!expected);
    }

    @Test
    void emptyPatternMatchesOnlyTheEmptyString() {
        assertThat(LikePattern.compile("").matches("")).isTrue();
        assertThat(LikePattern.compile("").matches("a")).isFalse();
    }

    @Test
    void underscoreMatchesOneCharacterEvenOutsideTheBasicPlane() {
        assertThat(LikePattern.compile("a_b").matches("a😀b")).isTrue();
        assertThat(LikePattern.compile("a__b").matches("a😀b")).isFalse();
        assertThat(LikePattern.compile("%_").matches("😀")).isTrue();
        assertThat(LikePattern.compile("%😀").matches("ab😀")).isTrue();
    }

    @Test
    void percentMatchesLineBreaks() {
        assertThat(LikePattern.compile("a%b").matches("a\nb")).isTrue();
        assertThat(LikePattern.compile("a_b").matches("a\r\nb")).isFalse();
    }

    @Test
    void likeOnAMissingAttributeIsAnErrorAndNoMatch() {
        Filter filter = Filter.parse(json("[{'sql': \"region LIKE 'eu%'\"}]"), errors);
        CloudEvent event = event().build();
        assertThat(filter.matches(event)).isFalse();
        assertThat(errors.recorded).singleElement().asString().contains("region");
    }

    @Property(tries = 3_000)
    void agreesWithARegularExpressionOfThePattern(
            @ForAll("patterns") String pattern, @ForAll("inputs") String input) {
        assertThat(LikePattern.compile(pattern).matches(input)).isEqualTo(regex(pattern).matcher(input).matches());
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab%_\\\n😀".toCharArray()).ofMaxLength(10)
                .filter(s -> !s.contains("\ud83d\ud83d") && isWellFormed(s));
    }

    @Provide
    Arbitrary<String> inputs() {
        return Arbitraries.strings().withChars("ab%_\\\n".toCharArray()).ofMaxLength(12)
                .flatMap(s -> Arbitraries.integers().between(0, s.length()).map(i -> i % 3 == 0
                        ? s.substring(0, i) + "😀" + s.substring(i)
                        : s));
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(++i)))) {
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The oracle: the SDK's translation to a regex, with literals quoted one by one and {@code .} matching all. */
    private static Pattern regex(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); ) {
            int c = like.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\' && i < like.length() && (like.charAt(i) == '%' || like.charAt(i) == '_')) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(i++))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(Character.toString(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
