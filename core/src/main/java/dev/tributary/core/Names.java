package dev.tributary.core;

/**
 * Checks the names clients choose: bus names, subscription ids and stream ids. Both end up in file paths and URLs, so the alphabets are
 * small and fixed. Stateless and thread-safe; a bad name is an {@link IllegalArgumentException} that says what is
 * allowed and shows the value.
 */
public final class Names {
    private static final int MAX_BUS_NAME = 64;
    public static final int MAX_SUBSCRIPTION_ID = 60;
    private static final int MAX_STREAM_ID = 256;
    private static final int SHOWN = 80;

    private Names() {}

    /** Returns {@code name} if it is 1–64 characters {@code a-z 0-9 _ -} starting with a letter or digit. */
    public static String requireBusName(String name) {
        if (!isBusName(name)) {
            throw new IllegalArgumentException(
                    "bus name must be 1-64 characters a-z 0-9 _ - starting with a letter or digit, was " + show(name));
        }
        return name;
    }

    /** Returns {@code id} if it is 1–256 characters {@code A-Z a-z 0-9 . _ - : @ + = ~}. */
    public static String requireStreamId(String id) {
        if (!isStreamId(id)) {
            throw new IllegalArgumentException(
                    "stream id must be 1-256 characters A-Z a-z 0-9 . _ - : @ + = ~, was " + show(id));
        }
        return id;
    }

    /** Returns {@code category} if it could be the category of a stream: what a stream id may be. */
    public static String requireCategory(String category) {
        if (!isStreamId(category)) {
            throw new IllegalArgumentException(
                    "category must be 1-256 characters A-Z a-z 0-9 . _ - : @ + = ~, was " + show(category));
        }
        return category;
    }

    /** Returns {@code type} if it could be an event's CloudEvents {@code type}: 1–256 characters, none a control. */
    public static String requireEventType(String type) {
        boolean ok = type != null && !type.isEmpty() && type.length() <= MAX_STREAM_ID;
        for (int i = 0; ok && i < type.length(); i++) {
            ok = !Character.isISOControl(type.charAt(i));
        }
        if (!ok) {
            throw new IllegalArgumentException("type must be 1-256 characters, none of them a control character, was "
                    + show(type));
        }
        return type;
    }

    public static boolean isBusName(String name) {
        return isLowerName(name, MAX_BUS_NAME);
    }

    /**
     * Whether {@code id} is 1–60 characters {@code a-z 0-9 _ -} starting with a letter or digit: a bus name with room
     * for the {@code -dlq} suffix of the subscription's default dead-letter bus.
     */
    public static boolean isSubscriptionId(String id) {
        return isLowerName(id, MAX_SUBSCRIPTION_ID);
    }

    private static boolean isLowerName(String name, int maxLength) {
        if (name == null || name.isEmpty() || name.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isStreamId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_STREAM_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || ".-_:@+=~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String show(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > SHOWN ? value.substring(0, SHOWN) + "…" : value;
        return '"' + shown + '"' + (value.isEmpty() ? " (empty)" : "");
    }
}
