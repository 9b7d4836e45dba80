package dev.tributary.server.hooks;

/**
 * The limits of inbound webhooks, per node. Validated on construction; an error message starts with the setting's
 * key.
 *
 * @param maxBodyBytes largest body a hook accepts; larger ones are refused with 413 before any other work
 *     ({@code hooks-max-body-bytes}, default {@value #DEFAULT_MAX_BODY_BYTES}, 1 KiB..64 MiB). The body becomes the
 *     event's data, so this should not exceed {@code max-event-bytes}; the route should also stop reading a body
 *     at this size (Vert.x {@code BodyHandler.setBodyLimit}) so that a large one is never buffered whole
 * @param maxBatchEvents most events one CloudEvents batch delivery may carry ({@code max-batch-events}, the node's
 *     setting for publishing; 1..100000)
 */
public record HookLimits(int maxBodyBytes, int maxBatchEvents) {
    /** 1 MiB: the node's default {@code max-event-bytes}. GitHub caps payloads at 25 MB, most providers far lower. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** As the node's default {@code max-batch-events}. */
    public static final int DEFAULT_MAX_BATCH_EVENTS = 1000;

    public HookLimits {
        if (maxBodyBytes < 1024 || maxBodyBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "hooks-max-body-bytes must be within 1 KiB..64 MiB, was " + maxBodyBytes);
        }
        if (maxBatchEvents < 1 || maxBatchEvents > 100_000) {
            throw new IllegalArgumentException("max-batch-events must be within 1..100000, was " + maxBatchEvents);
        }
    }

    public static HookLimits defaults() {
        return new HookLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH_EVENTS);
    }
}
