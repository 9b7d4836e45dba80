package dev.tributary.broker.store;

/** Argument checks shared by the records and stores of this package; each failure names the argument. */
final class Check {
    private Check() {}

    static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    /**
     * An event's {@code id} or {@code source}: whatever ingest accepted, so that nothing on the log is refused here.
     * (Ingest refuses blank ids now, but the log may hold older ones; a store that refused them wedged delivery.)
     */
    static String eventText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }

    static long atLeast(long value, long min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " < " + min + ": " + value);
        }
        return value;
    }
}
