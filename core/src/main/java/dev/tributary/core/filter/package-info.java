/**
 * Subscription filters: the dialects of the CloudEvents Subscriptions API ({@code exact}, {@code prefix},
 * {@code suffix}, {@code all}, {@code any}, {@code not}), CESQL v1 under {@code sql} or {@code cesql}, and
 * {@code data.<field>} keys that look into JSON data. {@link dev.tributary.core.filter.Filter#parse} compiles a
 * subscription's {@code filters} array once; the dispatcher then calls {@code matches} for every event.
 */
package dev.tributary.core.filter;
