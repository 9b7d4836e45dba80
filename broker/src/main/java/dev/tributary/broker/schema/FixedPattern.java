package dev.tributary.broker.schema;

import com.networknt.schema.regex.RegularExpression;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The patterns of fixed length that schemas use for codes and ids ({@code ^[A-Z]{3}$}, {@code ^ord_[0-9A-Z]{26}$},
 * {@code ^[A-Z]{3}-\d{4}$}), matched by a length check and one table look-up per character instead of a regular
 * expression engine: a pattern anchored at both ends whose parts are ASCII literals (letters, digits, {@code _ - : /
 * . @ #} and escaped punctuation), {@code \d}, or classes of such characters and ranges, each once or {@code {n}}
 * times. Any other pattern is left to the regular expression. For the patterns it takes, it matches exactly the
 * strings the regular expression matches in full, and never a string with a line terminator, which Java's {@code $}
 * would let end a match: the validator's reading of {@code $} is then the validator's to apply. Immutable.
 */
final class FixedPattern implements RegularExpression {
    private static final int ASCII = 128;

    /** The characters allowed at each position. */
    private final BitSet[] positions;

    private FixedPattern(BitSet[] positions) {
        this.positions = positions;
    }

    /** The pattern as a fixed-length matcher, or empty if it is not of the kind described above. */
    static Optional<FixedPattern> parse(String pattern) {
        if (pattern.length() < 2 || pattern.charAt(0) != '^' || pattern.charAt(pattern.length() - 1) != '$'
                || pattern.charAt(pattern.length() - 2) == '\\') {
            return Optional.empty();
        }
        List<BitSet> positions = new ArrayList<>();
        int i = 1;
        int end = pattern.length() - 1;
        while (i < end) {
            BitSet part = new BitSet(ASCII);
            char c = pattern.charAt(i);
            if (c == '[') {
                int close = pattern.indexOf(']', i + 1);
                if (close < 0 || close >= end || !characterClass(pattern.substring(i + 1, close), part)) {
                    return Optional.empty();
                }
                i = close + 1;
            } else if (c == '\\' && i + 1 < end) {
                if (!escape(pattern.charAt(i + 1), part)) {
                    return Optional.empty();
                }
                i += 2;
            } else if (isLiteral(c)) {
                part.set(c);
                i++;
            } else {
                return Optional.empty();
            }
            int times = 1;
            if (i < end && pattern.charAt(i) == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0 || close >= end) {
                    return Optional.empty();
                }
                String count = pattern.substring(i + 1, close);
                if (count.isEmpty() || count.length() > 4 || !count.chars().allMatch(Character::isDigit)) {
                    return Optional.empty(); // {n,m} and friends vary in length
                }
                times = Integer.parseInt(count);
                i = close + 1;
            }
            for (int t = 0; t < times; t++) {
                positions.add(part);
            }
        }
        return positions.isEmpty() ? Optional.empty() : Optional.of(new FixedPattern(positions.toArray(BitSet[]::new)));
    }

    @Override
    public boolean matches(String text) {
        if (text.length() != positions.length) {
            return false;
        }
        for (int i = 0; i < positions.length; i++) {
            char c = text.charAt(i);
            if (c >= ASCII || !positions[i].get(c)) {
                return false;
            }
        }
        return true;
    }

    /** The inside of {@code [...]}: literals and ranges of them, and {@code \d}; no negation. */
    private static boolean characterClass(String inside, BitSet part) {
        if (inside.isEmpty() || inside.charAt(0) == '^') {
            return false;
        }
        int i = 0;
        while (i < inside.length()) {
            char c = inside.charAt(i);
            if (c == '\\' && i + 1 < inside.length()) {
                if (!escape(inside.charAt(i + 1), part)) {
                    return false;
                }
                i += 2;
            } else if (c == '[' || c == '&' || c == '-' && i > 0 && i < inside.length() - 1) {
                return false; // nested classes, intersections, a range without its start
            } else if (!isLiteral(c) && c != '-') {
                return false;
            } else if (i + 2 < inside.length() && inside.charAt(i + 1) == '-') {
                char last = inside.charAt(i + 2);
                if (!Character.isLetterOrDigit(c) || !Character.isLetterOrDigit(last) || last < c || last >= ASCII) {
                    return false;
                }
                part.set(c, last + 1);
                i += 3;
            } else {
                part.set(c);
                i++;
            }
        }
        return true;
    }

    private static boolean escape(char c, BitSet part) {
        if (c == 'd') {
            part.set('0', '9' + 1);
            return true;
        }
        if ("-.:/@#_+*?()[]{}|^$\\".indexOf(c) >= 0) {
            part.set(c);
            return true;
        }
        return false; // \w, \s, \b, \p{…}, \Q…: other meanings
    }

    private static boolean isLiteral(char c) {
        return c < ASCII && (Character.isLetterOrDigit(c) || "_-:/@#".indexOf(c) >= 0);
    }
}
