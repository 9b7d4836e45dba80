/**
 * The Java client of a Tributary node's HTTP API (docs/http-api.md): publish CloudEvents to buses, append to streams
 * with expected versions, read partitions and streams back, and manage buses, over HTTP or HTTPS (TLS 1.2/1.3, a
 * private CA, mutual TLS).
 *
 * <p>{@link dev.tributary.client.TributaryClient} is the entry point; the records beside it are the values the API
 * answers. A node's refusal is a {@link dev.tributary.client.TributaryException}, a node that cannot be reached a
 * {@link dev.tributary.client.TributaryConnectionException}.
 */
package dev.tributary.client;
