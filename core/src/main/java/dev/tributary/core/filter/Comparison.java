package dev.tributary.core.filter;

/** How {@code exact}, {@code prefix} and {@code suffix} compare a canonical string with the filter's value. */
enum Comparison {
    EXACT {
        @Override
        boolean test(String actual, String expected) {
            return actual.equals(expected);
        }
    },
    PREFIX {
        @Override
        boolean test(String actual, String expected) {
            return actual.startsWith(expected);
        }
    },
    SUFFIX {
        @Override
        boolean test(String actual, String expected) {
            return actual.endsWith(expected);
        }
    };

    abstract boolean test(String actual, String expected);
}
