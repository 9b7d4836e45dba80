package dev.tributary.log;

/**
 * An append was refused at once because its partition's writer queue is full: the producers outpace the disk.
 * Nothing was written; retry after a short pause (HTTP answers 503 with {@code Retry-After}).
 */
public class OverloadedException extends StorageException {
    public OverloadedException(String message) {
        super(message);
    }
}
