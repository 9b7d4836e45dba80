package dev.tributary.examples.cart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.eventstore.EmbeddedEventStore;
import dev.tributary.eventstore.EventStoreOptions;
import dev.tributary.log.Durability;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CartExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExamplePrintsTheCartAndTheRevenue() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CartExample.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "alice: 2 lines, 5449 cents, checked out true, version 2",
                "revenue: 6749 cents, sold {sku-kettle=1, sku-tea=5}, at position 5");
    }

    @Test
    void writersRacingOnOneCartAllWinAfterRetriesAndNoneOverwritesAnother() throws Exception {
        try (var store = EmbeddedEventStore.open(dir, EventStoreOptions.defaults().withDurability(Durability.NONE))) {
            Carts carts = new Carts(store);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> adds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String sku = "sku-" + i;
                adds.add(pool.submit(() -> carts.handle("shared", cart -> cart.add(sku, 1, 100))));
            }
            for (Future<?> f : adds) {
                f.get();
            }
            pool.shutdown();
            ShoppingCart cart = carts.load("shared");
            assertThat(cart.lines()).containsOnlyKeys("sku-0", "sku-1", "sku-2", "sku-3");
            assertThat(cart.version()).isEqualTo(3);
        }
    }
}
