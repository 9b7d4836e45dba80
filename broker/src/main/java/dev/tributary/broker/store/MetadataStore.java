package dev.tributary.broker.store;

import java.nio.file.Path;

/**
 * The transactional store of a node's delivery metadata: {@linkplain #subscriptions() subscriptions}, their
 * {@linkplain #cursors() committed offsets}, their {@linkplain #retries() retry schedule} and their
 * {@linkplain #attempts() delivery attempts}. Every call that returns normally is durable: a committed offset or a
 * scheduled retry is a promise to the rest of the system and survives a crash of the process or of the machine.
 *
 * <p>Implementations are thread-safe. Writes to the cursors, retries and attempts of a subscription that does not
 * exist throw {@link SubscriptionNotFoundException}; reads of one return nothing. Storage failures surface as
 * {@link MetadataException}; bad arguments as {@link IllegalArgumentException}; use after {@link #close()} as
 * {@link IllegalStateException}. Instants and durations are kept to the microsecond; finer digits are dropped.
 */
public interface MetadataStore extends AutoCloseable {

    /**
     * Creates or opens a SQLite database file (WAL journal, {@code synchronous=FULL}, foreign keys on) and brings
     * its schema up to date. One process should open a given file once; a second opener waits on SQLite's locks.
     *
     * @throws MetadataException if the file cannot be opened or migrated, or was written by a newer schema
     */
    static MetadataStore openSqlite(Path file) {
        return SqliteMetadataStore.open(file);
    }

    SubscriptionStore subscriptions();

    CursorStore cursors();

    RetryQueue retries();

    AttemptLog attempts();

    /** The node's API keys. */
    ApiKeyStore keys();

    /** The record of changes made through the API. */
    AuditLog audit();

    /** The node's inbound webhooks. */
    HookStore hooks();

    /** The JSON Schemas registered for event types. */
    SchemaStore schemas();

    /** Each bus's schema enforcement. */
    EnforcementStore enforcement();

    /** Releases the database. Idempotent. */
    @Override
    void close();
}
