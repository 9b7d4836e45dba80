package dev.tributary.broker.store;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract tests of the metadata store share: how to open the store under test, a fresh one per test, and
 * the values they build their cases from. An implementation runs the contracts by subclassing each of them and
 * implementing {@link #open()}.
 */
public abstract class StoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    protected static final String SUB = "orders-audit";
    protected static final String OTHER = "orders-billing";

    protected MetadataStore store;

    /**
     * Opens the store under test. Every test starts from an empty store; within a test, opening again after
     * {@link MetadataStore#close()} must find the same data (the same file, the same database).
     */
    protected abstract MetadataStore open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Closes the store and opens it again, as a restart of the node would. */
    protected void reopen() {
        store.close();
        store = open();
    }

    protected StoredSubscription subscribe(String id) {
        return store.subscriptions().create(id, "orders", "{\"sink\":\"http://localhost/" + id + "\"}", T0);
    }

    protected static Retry retry(String subscriptionId, int partition, long offset) {
        return new Retry(subscriptionId, partition, offset, "evt-" + partition + "-" + offset, "/shop", null, 0, 1,
                T0, T0.plusSeconds(10), 503, "Service Unavailable");
    }

    protected static Retry retry(String subscriptionId, int partition, long offset, int priority, Instant dueAt) {
        return new Retry(subscriptionId, partition, offset, "evt-" + partition + "-" + offset, "/shop", null,
                priority, 1, T0, dueAt, 503, null);
    }

    protected static Retry withKey(Retry retry, String key) {
        return new Retry(retry.subscriptionId(), retry.partition(), retry.offset(), retry.eventId(),
                retry.eventSource(), key, retry.priority(), retry.attempts(), retry.firstAttemptAt(), retry.dueAt(),
                retry.lastStatus(), retry.lastError());
    }

    protected static Attempt attempt(String subscriptionId, String eventId, int number, Instant startedAt) {
        return new Attempt(0, subscriptionId, 1, 7, eventId, "/shop", number, startedAt, Duration.ofMillis(120),
                503, "RETRY", "HTTP 503", "{\"error\":\"busy\"}");
    }
}
