package dev.tributary.log;

/**
 * An append failed because the disk refused it (full, or an I/O error). Nothing of the failed batch is visible; the
 * log stays usable and later appends succeed once the disk accepts writes again.
 */
public class StorageUnavailableException extends StorageException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
