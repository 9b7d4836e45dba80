package dev.tributary.core.eventstore.projection;

/**
 * A projection's state store failed: the database refused a statement, the connection broke, the driver is missing.
 * The message names the projection or the store and the reason; the cause is the {@link java.sql.SQLException}.
 */
public class ProjectionException extends RuntimeException {
    public ProjectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
