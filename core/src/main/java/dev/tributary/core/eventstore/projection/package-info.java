/**
 * Java projections over an {@link dev.tributary.core.eventstore.EventStore}: a {@link
 * dev.tributary.core.eventstore.projection.Projection} folds the events of a selection into one state per key; a
 * {@link dev.tributary.core.eventstore.projection.Projector} runs it, committing each batch's states and its
 * checkpoint in one JDBC transaction of a {@link dev.tributary.core.eventstore.projection.ProjectionStore} (SQLite or
 * PostgreSQL), rebuilds a new version beside the old one, and stops at an event it fails on instead of skipping it.
 * See {@code docs/event-store.md#projections} and {@code docs/adr/0019-projections.md}.
 */
package dev.tributary.core.eventstore.projection;
