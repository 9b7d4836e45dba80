package dev.tributary.bench;

import dev.tributary.core.eventstore.WrongExpectedVersionException;

/**
 * A store that {@link AppendRun} appends to, one side of {@link StoreAppendLoad}: stream appends of one event with an
 * exact expected version, through a {@link Writer} per writer thread.
 *
 * <p>Thread-safe: every writer thread opens its own {@link Writer} and uses it alone. Failures are what the store
 * answered, thrown as they come; a wrong expected version is a {@link WrongExpectedVersionException} on every side.
 */
interface AppendTarget extends AutoCloseable {

    /** What the side is called in the output and in the result labels: {@code embedded}, {@code http}, … */
    String name();

    /** A connection of one writer thread (its own JDBC connection for PostgreSQL). Not thread-safe. */
    Writer writer() throws Exception;

    /** How many events the store holds in all, counted from what it stores, not from what it acknowledged. */
    long storedEvents() throws Exception;

    /** One writer thread's way into the store. */
    interface Writer extends AutoCloseable {
        /**
         * Appends one event with id {@code eventId} to {@code stream}, whose last version must be
         * {@code expectedVersion} (-1: the stream must not exist), once durable.
         *
         * @return the stream's version after the append
         * @throws WrongExpectedVersionException when the store holds another version
         */
        long append(String stream, long expectedVersion, String eventId) throws Exception;

        /** The stream's last version as the store holds it; -1 when it has no events. */
        long currentVersion(String stream) throws Exception;

        @Override
        default void close() throws Exception {}
    }
}
