package dev.tributary.server.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the RFC 3339 timestamps clients send (query parameters, body members). RFC 3339 years have four digits;
 * {@link OffsetDateTime#parse} also takes ISO 8601's expanded years such as {@code +999999999}, whose instants do not
 * fit the millisecond clocks of the log. Stateless.
 */
final class Times {
    private Times() {}

    /** The instant {@code text} names; 400 naming {@code field} if it is not an RFC 3339 timestamp. */
    static Instant parse(String field, String text) {
        if (isFourDigitYear(text)) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new BadRequestException(
                field, "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z, was '" + text + "'");
    }

    private static boolean isFourDigitYear(String text) {
        if (text.length() < 5 || text.charAt(4) != '-') {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
