package dev.tributary.log;

/** A storage operation failed. The message names the bus, partition and file where known. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
