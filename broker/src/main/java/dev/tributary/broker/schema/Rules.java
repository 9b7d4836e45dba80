package dev.tributary.broker.schema;

import com.networknt.schema.regex.RegularExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one schema (with its {@code allOf} and {@code $ref}s folded in) asks of a JSON value, in the form the
 * {@link StreamingCheck} reads: allowed types, scalar bounds, and for objects and arrays the rules of their members.
 * Built by {@link RulesCompiler}; immutable once built.
 */
final class Rules {
    // One bit per JSON type as a parser tells them apart; "integer" allows only INTEGER, "number" both numbers.
    static final int NULL = 1;
    static final int BOOLEAN = 1 << 1;
    static final int OBJECT = 1 << 2;
    static final int ARRAY = 1 << 3;
    static final int STRING = 1 << 4;
    static final int INTEGER = 1 << 5;
    static final int FRACTION = 1 << 6;
    static final int ALL = NULL | BOOLEAN | OBJECT | ARRAY | STRING | INTEGER | FRACTION;

    /** The rules of the schema {@code true}, or {@code {}}: anything goes. */
    static final Rules ANY = new Rules();
    /** The rules of the schema {@code false}: nothing is valid. */
    static final Rules NONE = new Rules();

    static {
        NONE.types = 0;
    }

    /** The enum value standing for JSON {@code null}, which a set cannot hold. */
    static final Object NULL_VALUE = new Object();

    int types = ALL;
    /** The values of {@code enum}/{@code const}, null if neither applies: strings, Booleans, Longs, NULL_VALUE. */
    Set<Object> allowed;

    int minLength;
    int maxLength = Integer.MAX_VALUE;
    final List<RegularExpression> patterns = new ArrayList<>();

    final List<Bound> bounds = new ArrayList<>();

    /** The rules of named members; required members are here too, with their bit. */
    final Map<String, Member> members = new HashMap<>();
    /** The rules of members not named, null for "anything" (no {@code additionalProperties}). */
    Rules others;
    long requiredBits;
    int minProperties;
    int maxProperties = Integer.MAX_VALUE;

    /** The rules of every item, null for "anything". */
    Rules items;
    int minItems;
    int maxItems = Integer.MAX_VALUE;

    /** A named member's rules (null: those of {@link #others}) and, if it is required, its bit (else 0). */
    record Member(Rules rules, long requiredBit) {}

    boolean allows(int type) {
        return (types & type) != 0;
    }

    boolean checksStrings() {
        return allowed != null || minLength > 0 || maxLength != Integer.MAX_VALUE || !patterns.isEmpty();
    }

    boolean checksNumbers() {
        return allowed != null || !bounds.isEmpty();
    }

    /** Whether any value at all passes, so that the check only needs to walk it for its depth. */
    boolean isAny() {
        return this == ANY || (types == ALL && !checksStrings() && !checksNumbers() && members.isEmpty()
                && others == null && minProperties == 0 && maxProperties == Integer.MAX_VALUE && items == null
                && minItems == 0 && maxItems == Integer.MAX_VALUE);
    }

    /**
     * The rules of both {@code a} and {@code b} at once, what {@code allOf: [a, b]} asks; null stands for "anything".
     *
     * @throws Unsupported if together they require more members than the check can count (64)
     */
    static Rules both(Rules a, Rules b) {
        if (a == null || a.isAny()) {
            return b;
        }
        if (b == null || b.isAny()) {
            return a;
        }
        Rules r = new Rules();
        r.types = a.types & b.types;
        r.allowed = a.allowed == null ? b.allowed : b.allowed == null ? a.allowed : intersection(a.allowed, b.allowed);
        r.minLength = Math.max(a.minLength, b.minLength);
        r.maxLength = Math.min(a.maxLength, b.maxLength);
        r.patterns.addAll(a.patterns);
        r.patterns.addAll(b.patterns);
        r.bounds.addAll(a.bounds);
        r.bounds.addAll(b.bounds);
        Set<String> names = new HashSet<>(a.members.keySet());
        names.addAll(b.members.keySet());
        for (String name : names) {
            boolean required = a.isRequired(name) || b.isRequired(name);
            Rules member = both(a.rulesOf(name), b.rulesOf(name));
            r.add(name, member == null ? ANY : member, required);
        }
        r.others = both(a.others, b.others);
        r.minProperties = Math.max(a.minProperties, b.minProperties);
        r.maxProperties = Math.min(a.maxProperties, b.maxProperties);
        r.items = both(a.items, b.items);
        r.minItems = Math.max(a.minItems, b.minItems);
        r.maxItems = Math.min(a.maxItems, b.maxItems);
        return r;
    }

    /** The rules a member of this name follows: its own, or those of members not named (null: anything). */
    Rules rulesOf(String name) {
        return rulesOf(members.get(name));
    }

    /** The rules a member follows given its entry in {@link #members} (null for a name not there). */
    Rules rulesOf(Member member) {
        return member != null && member.rules != null ? member.rules : others;
    }

    boolean isRequired(String name) {
        Member member = members.get(name);
        return member != null && member.requiredBit != 0;
    }

    /**
     * Names a member, required or not; null rules mean those of members not named (a name only {@code required}).
     *
     * @throws Unsupported if it is required and 64 members already are
     */
    void add(String name, Rules rules, boolean required) {
        Member earlier = members.get(name);
        long bit = earlier == null ? 0 : earlier.requiredBit;
        if (required && bit == 0) {
            int count = Long.bitCount(requiredBits);
            if (count == 64) {
                throw new Unsupported("more than 64 required members");
            }
            bit = 1L << count;
            requiredBits |= bit;
        }
        members.put(name, new Member(rules != null || earlier == null ? rules : earlier.rules, bit));
    }

    /** A schema the check does not cover; the general validator alone checks data against it. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private static Set<Object> intersection(Set<Object> a, Set<Object> b) {
        Set<Object> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
