package dev.tributary.core.transform;

import java.nio.charset.StandardCharsets;

/**
 * A transform failed on one event: a JSONata error, an evaluation that ran past its bounds, a value that cannot become
 * the attribute it was meant for, output too large. The event cannot be delivered as the subscription asks, so the
 * dispatcher sends it to the dead letters with {@link #reason()}.
 *
 * <p>The reason names the part of the transform that failed, the way the user wrote it, and says why, e.g.
 * {@code transform.jsonata: error T2001 at 1:11: The left side of the "+" operator must evaluate to a number} or
 * {@code transform.attributes.time: $.data.when must be an RFC 3339 timestamp such as 2026-11-23T01:00:00Z, was
 * "soon"}. It is at most {@value #MAX_REASON_BYTES} bytes of UTF-8, cut at a character boundary and ending in
 * {@code …} when it had to be cut, so it fits a dead letter's {@code reason} as it is. Immutable, so thread-safe.
 */
public final class TransformException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The most UTF-8 bytes a reason has. */
    public static final int MAX_REASON_BYTES = 1024;

    private static final String CUT = "…";

    private final String reason;

    public TransformException(String reason) {
        this(reason, null);
    }

    public TransformException(String reason, Throwable cause) {
        super(bounded(reason), cause);
        this.reason = getMessage();
    }

    /** Why the transform failed on the event, at most {@value #MAX_REASON_BYTES} bytes of UTF-8. */
    public String reason() {
        return reason;
    }

    static String bounded(String reason) {
        // At most 3 bytes per char: short reasons need no encoding to know they fit.
        if (reason.length() * 3 <= MAX_REASON_BYTES
                || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        int budget = MAX_REASON_BYTES - CUT.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int cp = reason.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return reason.substring(0, end) + CUT;
    }
}
