package dev.tributary.log;

/**
 * What a read of a bus's secondary index selects: the events of one category of streams, or of one event type,
 * in the bus's global order ({@link BusLog#readIndex}).
 *
 * @param kind which index
 * @param value the category ({@link LogConfig#categoryOf(String)}) or the CloudEvents {@code type}
 */
public record IndexKey(Kind kind, String value) {
    /** The indexes a bus with a global order keeps. */
    public enum Kind {
        /** Events of the streams whose category is the value. */
        CATEGORY,
        /** Events whose {@code type} is the value. */
        EVENT_TYPE
    }

    public IndexKey {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.CATEGORY ? "category is required" : "type is required");
        }
    }

    public static IndexKey category(String category) {
        return new IndexKey(Kind.CATEGORY, category);
    }

    public static IndexKey eventType(String type) {
        return new IndexKey(Kind.EVENT_TYPE, type);
    }

    /** True when the stored event {@code e} of a bus configured with {@code config} is selected by this key. */
    public boolean selects(StoredEvent e, LogConfig config) {
        return switch (kind) {
            case CATEGORY -> e.stream() != null && value.equals(config.categoryOf(e.stream()));
            case EVENT_TYPE -> value.equals(e.event().getType());
        };
    }
}
