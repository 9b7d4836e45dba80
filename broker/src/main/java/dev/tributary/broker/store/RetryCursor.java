package dev.tributary.broker.store;

/**
 * A position in the listing of a subscription's retries, which is ordered by partition then offset, so a cursor stays
 * valid while retries come and go. Its text is {@code <partition>:<offset>}.
 */
record RetryCursor(int partition, long offset) {

    static RetryCursor of(Retry retry) {
        return new RetryCursor(retry.partition(), retry.offset());
    }

    static RetryCursor parse(String text) {
        int colon = text.indexOf(':');
        try {
            if (colon > 0) {
                int partition = Integer.parseInt(text, 0, colon, 10);
                long offset = Long.parseLong(text, colon + 1, text.length(), 10);
                if (partition >= 0 && offset >= 0) {
                    return new RetryCursor(partition, offset);
                }
            }
        } catch (NumberFormatException e) {
            // reported below, like every other malformed cursor
        }
        throw new IllegalArgumentException("afterCursor is not a retry cursor: '" + text + "'");
    }

    String text() {
        return partition + ":" + offset;
    }
}
