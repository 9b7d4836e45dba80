package dev.tributary.core.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CESQL {@code LIKE} pattern, compiled once and matched without regular expressions, so that the time to match is
 * linear in the input: {@code O(input × ⌈segment/64⌉)} for the longest run of the pattern between two {@code %}.
 *
 * <p>Semantics (CESQL v1, "LIKE operator"): the whole value must match, case-sensitively; {@code %} matches any
 * sequence of characters, including none and including line breaks; {@code _} matches exactly one character (a
 * Unicode code point, so a surrogate pair counts as one); {@code \%} and {@code \_} match {@code %} and {@code _}; any
 * other backslash is itself, as in the SDK's own {@code LikeExpression}.
 *
 * <p>How: runs of {@code %} split the pattern into segments of fixed length (literals and {@code _}). A segment before
 * the first {@code %} must match at the start, one after the last {@code %} at the end, and each one in between is
 * searched for, leftmost first, from where the previous one ended; taking the leftmost occurrence never loses a match,
 * because it leaves the longest rest of the input for the segments that follow. The search is bit-parallel
 * (shift-and), so no input character is looked at twice by one search and no search backtracks. The SDK translates
 * the pattern to {@code java.util.regex} instead, where {@code %%%%…y} backtracks exponentially.
 *
 * <p>Immutable and thread-safe. Matching never throws.
 */
final class LikePattern {
    private static final int WILDCARD = -1;

    private final boolean percent;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final Segment[] segments;

    private LikePattern(boolean percent, boolean anchoredStart, boolean anchoredEnd, Segment[] segments) {
        this.percent = percent;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        this.segments = segments;
    }

    static LikePattern compile(String pattern) {
        List<Segment> segments = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        boolean percent = false;
        boolean startsWithPercent = false;
        boolean endsWithPercent = false;
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            endsWithPercent = false;
            if (c == '\\' && i < pattern.length() && (pattern.charAt(i) == '%' || pattern.charAt(i) == '_')) {
                current.add((int) pattern.charAt(i));
                i++;
            } else if (c == '%') {
                // A run of % is one %: "%%%%y" is "%y", which is what keeps the search linear.
                percent = true;
                endsWithPercent = true;
                if (current.isEmpty() && segments.isEmpty()) {
                    startsWithPercent = true;
                } else if (!current.isEmpty()) {
                    segments.add(Segment.of(current));
                    current.clear();
                }
            } else {
                current.add(c == '_' ? WILDCARD : c);
            }
        }
        if (!current.isEmpty()) {
            segments.add(Segment.of(current));
        }
        return new LikePattern(percent, !startsWithPercent, !endsWithPercent, segments.toArray(Segment[]::new));
    }

    boolean matches(String input) {
        int n = input.length();
        if (!percent) {
            return segments.length == 0 ? n == 0 : segments[0].matchAt(input, 0) == n;
        }
        int first = 0;
        int last = segments.length;
        int pos = 0;
        if (anchoredStart) {
            pos = segments[0].matchAt(input, 0);
            if (pos < 0) {
                return false;
            }
            first = 1;
        }
        int endStart = n;
        if (anchoredEnd && last > first) {
            last--;
            endStart = startOfLast(input, segments[last].length);
            if (endStart < pos || segments[last].matchAt(input, endStart) != n) {
                return false;
            }
        }
        for (int s = first; s < last; s++) {
            pos = segments[s].find(input, pos, endStart);
            if (pos < 0) {
                return false;
            }
        }
        return true;
    }

    /** Where the last {@code length} code points of {@code input} begin, or -1 if it has fewer. */
    private static int startOfLast(String input, int length) {
        int i = input.length();
        for (int k = 0; k < length; k++) {
            if (i == 0) {
                return -1;
            }
            i -= Character.isLowSurrogate(input.charAt(i - 1)) && i > 1 && Character.isHighSurrogate(input.charAt(i - 2))
                    ? 2
                    : 1;
        }
        return i;
    }

    /** A run of literal code points and {@code _} (as {@link #WILDCARD}) between two {@code %}. */
    private static final class Segment {
        private final int[] codePoints;
        final int length;
        // Shift-and tables: bit j of a mask is set when position j of the segment accepts the character.
        private final int words;
        private final long[] wildcards;
        private final long[][] ascii = new long[128][];
        private final Map<Integer, long[]> others = new HashMap<>();
        private final long[] last;

        private Segment(int[] codePoints) {
            this.codePoints = codePoints;
            this.length = codePoints.length;
            this.words = (length + 63) >>> 6;
            this.wildcards = new long[words];
            for (int j = 0; j < length; j++) {
                if (codePoints[j] == WILDCARD) {
                    wildcards[j >>> 6] |= 1L << (j & 63);
                }
            }
            for (int j = 0; j < length; j++) {
                int c = codePoints[j];
                if (c != WILDCARD) {
                    long[] mask = c < 128 ? ascii[c] : others.get(c);
                    if (mask == null) {
                        mask = wildcards.clone();
                        if (c < 128) {
                            ascii[c] = mask;
                        } else {
                            others.put(c, mask);
                        }
                    }
                    mask[j >>> 6] |= 1L << (j & 63);
                }
            }
            this.last = new long[words];
            last[(length - 1) >>> 6] = 1L << ((length - 1) & 63);
        }

        static Segment of(List<Integer> codePoints) {
            return new Segment(codePoints.stream().mapToInt(Integer::intValue).toArray());
        }

        /** The end of this segment matched at {@code start}, or -1. */
        int matchAt(String input, int start) {
            int i = start;
            for (int c : codePoints) {
                if (i >= input.length()) {
                    return -1;
                }
                int actual = input.codePointAt(i);
                if (c != WILDCARD && c != actual) {
                    return -1;
                }
                i += Character.charCount(actual);
            }
            return i;
        }

        /** The end of the leftmost occurrence that starts at or after {@code from} and ends by {@code limit}, or -1. */
        int find(String input, int from, int limit) {
            long[] state = new long[words];
            for (int i = from; i < limit; ) {
                int c = input.codePointAt(i);
                i += Character.charCount(c);
                long[] mask = c < 128 ? ascii[c] : others.get(c);
                if (mask == null) {
                    mask = wildcards;
                }
                // state = ((state << 1) | 1) & mask, over several words.
                long carry = 1;
                boolean found = false;
                for (int w = 0; w < words; w++) {
                    long next = (state[w] << 1) | carry;
                    carry = state[w] >>> 63;
                    state[w] = next & mask[w];
                    found |= (state[w] & last[w]) != 0;
                }
                if (found) {
                    return i;
                }
            }
            return -1;
        }
    }
}
