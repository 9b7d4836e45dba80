/**
 * The pure parts of reliable webhook delivery: back-off policies and retry limits as data ({@link
 * dev.tributary.core.delivery.BackoffPolicy}, {@link dev.tributary.core.delivery.RetryLimits}), the classification of
 * one HTTP attempt ({@link dev.tributary.core.delivery.Outcome}) and Standard Webhooks signatures ({@link
 * dev.tributary.core.delivery.WebhookSigner}). Nothing here touches the network or a clock: callers pass the attempt
 * number, the random draw and the current instant, so every function is deterministic and tested without I/O.
 */
package dev.tributary.core.delivery;
