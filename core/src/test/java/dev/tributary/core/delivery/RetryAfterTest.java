package dev.tributary.core.delivery;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("1994-11-06T08:48:37Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(ofSeconds(120));
        assertThat(RetryAfter.parse("0", NOW)).contains(ZERO);
        assertThat(RetryAfter.parse("007", NOW)).contains(ofSeconds(7));
        assertThat(RetryAfter.parse(" 30 ", NOW)).contains(ofSeconds(30));
    }

    @Test
    void cutsHugeDelaySeconds() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(ofSeconds(Integer.MAX_VALUE));
        assertThat(RetryAfter.parse("0000000000000000000000001", NOW)).contains(ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Sun, 06 Nov 1994 08:49:37 GMT", // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT", // obsolete RFC 850 format
        "Sun Nov  6 08:49:37 1994" // ANSI C's asctime() format
    })
    void readsAllThreeHttpDateFormats(String value) {
        assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ofMinutes(1));
    }

    @Test
    void readsATwoDigitDayInAsctime() {
        assertThat(RetryAfter.parse("Wed Nov 16 08:48:37 1994", NOW)).contains(Duration.ofDays(10));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Sat, 05 Nov 1994 08:49:37 GMT", NOW)).contains(ZERO);
    }

    @Test
    void twoDigitYearsMoreThanFiftyYearsAheadMeanThePast() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        // 94 -> 1994 (2094 would be 68 years ahead); 30 -> 2030.
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now)).contains(ZERO);
        assertThat(RetryAfter.parse("Tuesday, 01-Jan-30 00:00:00 GMT", now)).contains(Duration.ofDays(1461));
        // In 2090, 10 -> 2110, only 20 years ahead.
        Instant late = Instant.parse("2090-01-01T00:00:00Z");
        assertThat(RetryAfter.parse("Wednesday, 01-Jan-10 00:00:00 GMT", late)).contains(Duration.ofDays(7304));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "  ", "soon", "-1", "1.5", "+1", "1e3", "١٢٣",
        "Mon, 06 Nov 1994 08:49:37 GMT", // wrong weekday
        "sun, 06 Nov 1994 08:49:37 GMT", // case matters
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun, 6 Nov 1994 08:49:37 GMT", // IMF-fixdate has two-digit days
        "Sun,  06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Wed, 30 Feb 1994 08:49:37 GMT", // no such day
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT trailing",
        "Sun Nov 6 08:49:37 1994", // asctime pads the day with a space
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sund, 06-Nov-94 08:49:37 GMT",
        "1994-11-06T08:49:37Z"
    })
    void ignoresAnythingElse(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEmpty();
    }
}
