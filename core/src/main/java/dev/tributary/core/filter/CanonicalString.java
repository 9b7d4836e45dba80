package dev.tributary.core.filter;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The canonical string form of an attribute value (CloudEvents 1.0.2, "Type System"), which is what
 * {@code exact}/{@code prefix}/{@code suffix} compare. Strings, booleans and URIs cost nothing; integers, times and
 * binary values are formatted on each call.
 */
final class CanonicalString {
    // The same form the JSON codec writes, so a filter matches what the user sees on the wire.
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private CanonicalString() {}

    static String of(Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case OffsetDateTime time -> TIME.format(time);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            default -> value.toString(); // Integer, URI, SpecVersion
        };
    }
}
