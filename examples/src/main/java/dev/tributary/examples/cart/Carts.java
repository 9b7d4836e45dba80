package dev.tributary.examples.cart;

import dev.tributary.core.eventstore.AppendResult;
import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.EventStore;
import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.StreamNotFoundException;
import dev.tributary.core.eventstore.StreamSlice;
import dev.tributary.core.eventstore.WrongExpectedVersionException;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Carts kept in an {@link EventStore}, one stream per cart ({@code cart-<id>}): load by reading the stream, decide,
 * append with the version loaded as the expected version. Two writers racing on one cart cannot both win: the loser
 * gets a {@link WrongExpectedVersionException}, reloads and decides again.
 */
final class Carts {
    private static final int MAX_ATTEMPTS = 5;

    private final EventStore store;

    Carts(EventStore store) {
        this.store = store;
    }

    static String stream(String cartId) {
        return "cart-" + cartId;
    }

    ShoppingCart load(String cartId) {
        ShoppingCart cart = ShoppingCart.EMPTY;
        long from = 0;
        try {
            while (true) {
                StreamSlice slice = store.readStream(stream(cartId), from, Direction.FORWARD, 500);
                for (RecordedEvent e : slice.events()) {
                    cart = cart.apply(e.event(), e.version());
                }
                if (slice.nextVersion() > slice.currentVersion()) {
                    return cart;
                }
                from = slice.nextVersion();
            }
        } catch (StreamNotFoundException e) {
            return ShoppingCart.EMPTY;
        }
    }

    /** Loads the cart, asks it for events and appends them; retries when another writer got there first. */
    ShoppingCart handle(String cartId, Function<ShoppingCart, List<CloudEvent>> decision) {
        for (int attempt = 1; ; attempt++) {
            ShoppingCart cart = load(cartId);
            List<CloudEvent> events = decision.apply(cart);
            if (events.isEmpty()) {
                return cart;
            }
            ExpectedVersion expected =
                    cart.version() < 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(cart.version());
            try {
                AppendResult appended = store.appendToStream(stream(cartId), expected, events).join();
                ShoppingCart after = cart;
                long version = appended.firstVersion();
                for (CloudEvent e : events) {
                    after = after.apply(e, version++);
                }
                return after;
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof WrongExpectedVersionException) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
