package dev.tributary.server.auth;

import java.time.Duration;

/** A caller went over its requests or events per second; answered 429 with {@code Retry-After}. */
public final class RateLimitedException extends RuntimeException {
    private final Duration wait;

    public RateLimitedException(String what, Duration wait) {
        super("over the " + what + " per second allowed to this credential; retry in " + wait.toMillis() + " ms");
        this.wait = wait;
    }

    /** Whole seconds to wait, at least 1 (what Retry-After can say). */
    public int retryAfterSeconds() {
        return (int) Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
