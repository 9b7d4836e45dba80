package dev.tributary.examples.cart;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The README's example: two carts filled and checked out on an embedded event store in {@code <dir>}, and a
 * projection of the revenue that follows them. Run with {@code java -cp … dev.tributary.examples.cart.CartExample
 * [dir]}.
 */
public final class CartExample {
    private CartExample() {}

    public static void main(String[] args) throws InterruptedException {
        run(Path.of(args.length > 0 ? args[0] : "cart-data"), System.out);
    }

    static void run(Path dir, PrintStream out) throws InterruptedException {
        try (EventStore store = EmbeddedEventStore.open(dir, EventStoreOptions.defaults())) {
            Carts carts = new Carts(store);
            carts.handle("alice", cart -> cart.add("sku-kettle", 1, 3_499));
            carts.handle("alice", cart -> cart.add("sku-tea", 3, 650));
            carts.handle("bob", cart -> cart.add("sku-tea", 2, 650));
            carts.handle("alice", ShoppingCart::checkOut);
            carts.handle("bob", ShoppingCart::checkOut);
            ShoppingCart alice = carts.load("alice");
            out.printf("alice: %d lines, %d cents, checked out %s, version %d%n", alice.lines().size(), alice.total(),
                    alice.checkedOut(), alice.version());
            try (RevenueProjection revenue = new RevenueProjection(store, 0)) {
                long end = store.readAll(Long.MAX_VALUE, dev.tributary.core.eventstore.Direction.BACKWARD, 1)
                        .endPosition();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (revenue.checkpoint() < end && System.nanoTime() < deadline) {
                    Thread.sleep(10); // a demo waiting for its read model: an application would just read it
                }
                out.printf("revenue: %d cents, sold %s, at position %d%n", revenue.revenueCents(),
                        new java.util.TreeMap<>(revenue.soldBySku()), revenue.checkpoint());
            }
        }
    }
}
