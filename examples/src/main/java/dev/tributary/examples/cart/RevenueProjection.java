package dev.tributary.examples.cart;

import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Subscription;
import dev.tributary.core.eventstore.SubscriptionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A read model: the revenue of checked-out carts and the number of items sold per SKU, kept up to date by a
 * catch-up subscription to the store's global order. It remembers its checkpoint, so it could be resumed from there
 * after a restart (stored with the model; here both live in memory).
 */
final class RevenueProjection implements SubscriptionListener, AutoCloseable {
    private final Map<String, ShoppingCart> open = new ConcurrentHashMap<>();
    private final Map<String, Long> soldBySku = new ConcurrentHashMap<>();
    private volatile long revenueCents;
    private volatile long checkpoint;
    private final Subscription subscription;

    RevenueProjection(EventStore store, long from) {
        this.checkpoint = from;
        this.subscription = store.subscribeToAll(from, this);
    }

    @Override
    public void onEvent(RecordedEvent e) {
        if (e.stream() != null && e.stream().startsWith("cart-")) {
            ShoppingCart cart = open.getOrDefault(e.stream(), ShoppingCart.EMPTY).apply(e.event(), e.version());
            if (cart.checkedOut()) {
                open.remove(e.stream());
                revenueCents += cart.total();
                cart.lines().forEach((sku, line) -> soldBySku.merge(sku, (long) line.quantity(), Long::sum));
            } else {
                open.put(e.stream(), cart);
            }
        }
        checkpoint = e.position() + 1;
    }

    long revenueCents() {
        return revenueCents;
    }

    Map<String, Long> soldBySku() {
        return Map.copyOf(soldBySku);
    }

    /** The position after the last event applied. */
    long checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
