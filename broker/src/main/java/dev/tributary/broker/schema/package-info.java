/**
 * The schema registry: JSON Schemas registered for event types, in immutable versions checked against a
 * compatibility rule, and the validation of event data against them
 * ({@link dev.tributary.broker.schema.SchemaRegistry}). The rules that decide compatibility are listed for users in
 * {@code docs/schema-compatibility.md}; versions are kept in the metadata store
 * ({@link dev.tributary.broker.store.SchemaStore}).
 */
package dev.tributary.broker.schema;
