package dev.tributary.broker.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The victim of {@link SqliteKillTest}, run in its own JVM: opens the store named by its argument, creates a
 * subscription, commits an offset, schedules a retry, prints {@code done} once those calls have returned, and then
 * waits, store still open, to be killed.
 */
final class ScheduleAndWaitForKill {
    static final String SUBSCRIPTION = "orders-audit";
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Retry RETRY = new Retry(SUBSCRIPTION, 3, 1042, "evt-1042", "/shop", "customer-7", 5, 2, T0,
            T0.plusSeconds(30), 503, "Service Unavailable");

    private ScheduleAndWaitForKill() {}

    public static void main(String[] args) throws InterruptedException {
        MetadataStore store = MetadataStore.openSqlite(Path.of(args[0]));
        store.subscriptions().create(SUBSCRIPTION, "orders", "{}", T0);
        store.cursors().commit(SUBSCRIPTION, Map.of(3, 1040L));
        store.retries().schedule(RETRY);
        System.out.println("done");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
