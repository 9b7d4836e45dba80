package dev.tributary.core.eventstore.projection;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a projection's thread at its {@code at}-th apply until the test opens it, so that a test can look at a
 * projection while it is behind. Opens by itself after a minute, so a failed test cannot hang its cleanup.
 */
public final class Gate {
    private final int at;
    private final AtomicInteger seen = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    public Gate(int at) {
        this.at = at;
    }

    /** Called by apply: holds the {@code at}-th call. */
    public void pass() {
        if (seen.incrementAndGet() == at) {
            reached.countDown();
            try {
                open.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean reached() {
        return reached.getCount() == 0;
    }

    public void open() {
        open.countDown();
    }
}
