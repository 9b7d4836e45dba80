package dev.tributary.broker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/** Fixed-length patterns match what the validator's regular expressions match, and the others are left to them. */
class FixedPatternTest {
    private static final List<String> FIXED = List.of("^ord_[0-9A-Z]{26}$", "^[A-Z]{3}$", "^[A-Z]{3}-[0-9]{4}$",
            "^\\d{2}:\\d{2}$", "^[a-f0-9-]{3}x$", "^a\\.b[_\\-]c$", "^#[-a-c]{0}[0-z]$", "^[A-Z]{2}$");

    @Test
    void takesOnlyAnchoredPatternsOfFixedLength() {
        for (String pattern : FIXED) {
            assertThat(FixedPattern.parse(pattern)).as(pattern).isPresent();
        }
        for (String pattern : List.of("[A-Z]{3}", "^[A-Z]{3}", "[A-Z]{3}$", "^[A-Z]+$", "^[A-Z]{2,3}$", "^a|b$",
                "^[^a]$", "^\\w$", "^(ab)$", "^a?$", "^[a-c-e]$", "^é$", "^[a-é]$", "^a\\$", "^\\p{L}$", "^.$",
                "^[[a]]$", "^[a&&b]$", "^a{x}$", "^$")) {
            assertThat(FixedPattern.parse(pattern)).as(pattern).isEmpty();
        }
    }

    @Test
    void aTrailingLineTerminatorNeverMatches() {
        assertThat(FixedPattern.parse("^[A-Z]{3}$").orElseThrow().matches("EUR\n")).isFalse();
        assertThat(FixedPattern.parse("^[A-Z]{3}$").orElseThrow().matches("EUR")).isTrue();
    }

    @Property(tries = 4000)
    void matchesWhatTheValidatorsRegularExpressionMatches(@ForAll("patterns") String pattern,
            @ForAll("texts") String text) {
        RegularExpression regex = JDKRegularExpressionFactory.getInstance().getRegularExpression(pattern);
        boolean fixed = FixedPattern.parse(pattern).orElseThrow().matches(text);
        if (fixed) {
            assertThat(regex.matches(text)).as(pattern + " on " + text).isTrue();
        }
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\u0085') < 0) {
            assertThat(fixed).as(pattern + " on " + text).isEqualTo(regex.matches(text));
        }
        Statistics.collect(fixed);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of(FIXED);
    }

    /** Strings made of the characters around the patterns' classes, of about their lengths. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> near = Arbitraries.strings().withChars("AZaz09fgx-_.:#@ord\n\u00e9").ofMinLength(0)
                .ofMaxLength(31);
        Arbitrary<String> likely = Arbitraries.of("ord_01HZX3K9Q7M2V8N4R6T1Y5W0B3", "EUR", "EU", "TRB-1001", "12:30",
                "ab-x", "a.b_c", "a.b-c", "#5", "#z", "#{", "IE", "ie", "EUR\n", "ord_01hzx3k9q7m2v8n4r6t1y5w0b3");
        return Arbitraries.oneOf(near, likely, likely);
    }
}
