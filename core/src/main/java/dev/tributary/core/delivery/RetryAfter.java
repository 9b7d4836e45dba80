package dev.tributary.core.delivery;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses a {@code Retry-After} value (RFC 9110 §10.2.3): {@code HTTP-date / delay-seconds}. An HTTP-date may come in
 * any of the three forms of RFC 9110 §5.6.7, which a recipient must all accept: IMF-fixdate ({@code Sun, 06 Nov 1994
 * 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6
 * 08:49:37 1994}). Dates are case-sensitive and always GMT. Anything else is empty, never an error: a garbled hint from
 * a receiver must not stop a delivery. Stateless and thread-safe.
 */
final class RetryAfter {
    /** Longer hints are cut here, as RFC 9111 §1.2.2 does for delta-seconds; callers bound them much lower anyway. */
    private static final long LONGEST_SECONDS = Integer.MAX_VALUE;

    // STRICT, so that 30 Feb is an error rather than 28 Feb; case-sensitive, as HTTP-date is.
    private static final DateTimeFormatter IMF_FIXDATE = format("dd MMM uuuu HH:mm:ss 'GMT'");
    private static final DateTimeFormatter RFC_850 = format("dd-MMM-uu HH:mm:ss 'GMT'");
    private static final DateTimeFormatter ASCTIME = format("MMM ppd HH:mm:ss uuuu");

    private RetryAfter() {}

    /** How long the receiver asks us to wait from {@code now}; zero for a date in the past, empty if unparseable. */
    static Optional<Duration> parse(String value, Instant now) {
        // Field values arrive without surrounding whitespace (RFC 9110 §5.5); be lenient about that much.
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (isDigits(text)) {
            return Optional.of(Duration.ofSeconds(seconds(text)));
        }
        return date(text, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    private static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long seconds(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        String significant = digits.substring(start);
        return significant.length() > 10 ? LONGEST_SECONDS : Math.min(Long.parseLong(significant), LONGEST_SECONDS);
    }

    private static Optional<Instant> date(String text, Instant now) {
        int comma = text.indexOf(',');
        try {
            if (comma == 3) {
                return weekday(text.substring(0, 3), TextStyle.SHORT, parse(text.substring(5), IMF_FIXDATE), text, 4);
            }
            if (comma > 3) {
                LocalDateTime twoDigitYear = parse(text.substring(comma + 2), RFC_850);
                LocalDateTime at = LocalDateTime.of(
                        LocalDate.of(
                                fullYear(twoDigitYear.getYear() % 100, now),
                                twoDigitYear.getMonth(),
                                twoDigitYear.getDayOfMonth()),
                        twoDigitYear.toLocalTime());
                return weekday(text.substring(0, comma), TextStyle.FULL, at, text, comma + 1);
            }
            if (text.length() > 4 && text.charAt(3) == ' ') {
                return weekday(text.substring(0, 3), TextStyle.SHORT, parse(text.substring(4), ASCTIME), text, 3);
            }
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static DateTimeFormatter format(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.US).withResolverStyle(ResolverStyle.STRICT);
    }

    private static LocalDateTime parse(String text, DateTimeFormatter format) {
        return LocalDateTime.parse(text, format);
    }

    /** Checks the day name and the single space after it, then returns the instant. */
    private static Optional<Instant> weekday(
            String name, TextStyle style, LocalDateTime at, String text, int spaceAt) {
        DayOfWeek day = at.getDayOfWeek();
        if (!day.getDisplayName(style, Locale.US).equals(name) || text.charAt(spaceAt) != ' ') {
            return Optional.empty();
        }
        return Optional.of(at.toInstant(ZoneOffset.UTC));
    }

    /**
     * RFC 9110 §5.6.7: a two-digit year that appears to be more than 50 years in the future means the most recent past
     * year with the same last two digits.
     */
    private static int fullYear(int twoDigits, Instant now) {
        int thisYear = LocalDateTime.ofInstant(now, ZoneOffset.UTC).getYear();
        int year = thisYear - Math.floorMod(thisYear, 100) + twoDigits;
        if (year + 100 <= thisYear + 50) {
            return year + 100;
        }
        return year > thisYear + 50 ? year - 100 : year;
    }
}
