package dev.tributary.broker.schema;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * One numeric bound of a schema ({@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum}) as the {@link StreamingCheck} applies it. A number passes only if it passes compared
 * exactly and compared as doubles, so that the check never accepts what a validator comparing either way refuses.
 * The exact comparison is made only where the doubles cannot tell: a double strictly beyond the bound's nearest double
 * is strictly beyond the bound itself. Immutable.
 */
record Bound(BigDecimal exact, double approx, Long integral, boolean lower, boolean inclusive) {

    static Bound of(BigDecimal exact, boolean lower, boolean inclusive) {
        Long integral = null;
        try {
            integral = exact.longValueExact();
        } catch (ArithmeticException e) {
            // a fraction, or beyond a long: compared exactly instead
        }
        return new Bound(exact, exact.doubleValue(), integral, lower, inclusive);
    }

    boolean admits(double value) {
        if (lower ? value > approx : value < approx) {
            return true;
        }
        return inclusive && value == approx && holds(new BigDecimal(value).compareTo(exact));
    }

    boolean admits(long value) {
        int exactly = integral != null ? Long.compare(value, integral) : BigDecimal.valueOf(value).compareTo(exact);
        return holds(exactly) && holds(Double.compare((double) value, approx));
    }

    boolean admits(BigInteger value) {
        return holds(new BigDecimal(value).compareTo(exact)) && holds(Double.compare(value.doubleValue(), approx));
    }

    /** Whether a comparison of a value with the bound ({@code < 0}: below it) passes. */
    private boolean holds(int comparison) {
        return lower ? (inclusive ? comparison >= 0 : comparison > 0) : (inclusive ? comparison <= 0 : comparison < 0);
    }
}
