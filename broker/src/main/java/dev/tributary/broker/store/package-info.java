/**
 * The metadata store: subscriptions, their committed offsets ({@link dev.tributary.broker.store.CursorStore}), the
 * durable retry schedule ({@link dev.tributary.broker.store.RetryQueue}), the log of delivery attempts
 * ({@link dev.tributary.broker.store.AttemptLog}) and the versions of registered JSON Schemas
 * ({@link dev.tributary.broker.store.SchemaStore}), opened as one {@link dev.tributary.broker.store.MetadataStore}.
 *
 * <p>Events themselves live in the log; this store holds only the small, transactional state around their delivery.
 * The embedded implementation is SQLite over JDBC ({@link dev.tributary.broker.store.MetadataStore#openSqlite}); the
 * SQL is plain enough to serve PostgreSQL in cluster mode. Decision record:
 * {@code docs/adr/0005-metadata-store-sqlite.md}.
 */
package dev.tributary.broker.store;
