package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.core.eventstore.PositionOutOfRangeException;
import dev.tributary.log.AllReadBatch;
import dev.tributary.log.IndexKey;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.StoredEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyIndexTest {
    private static final int KEYS_PER_FILE = 16;

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(LogFixture.T0);

    FileBusLog open(LogConfig config) {
        return FileBusLog.open(dir, "orders", config, clock, LogListener.NONE, FileChannels.DEFAULT, null, 8,
                KEYS_PER_FILE);
    }

    static CloudEvent typed(String id, String type) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType(type).build();
    }

    /** Reads all of one key in pages of {@code page}, forward. */
    static List<StoredEvent> readIndex(FileBusLog log, IndexKey key, int page) {
        List<StoredEvent> out = new ArrayList<>();
        long from = log.firstPosition();
        while (true) {
            AllReadBatch b = log.readIndex(key, from, true, page, Long.MAX_VALUE);
            out.addAll(b.events());
            if (b.nextPosition() >= b.endPosition()) {
                return out;
            }
            from = b.nextPosition();
        }
    }

    static List<StoredEvent> readBackward(FileBusLog log, IndexKey key, int page) {
        List<StoredEvent> out = new ArrayList<>();
        long from = Long.MAX_VALUE;
        while (from >= 0) {
            AllReadBatch b = log.readIndex(key, from, false, page, Long.MAX_VALUE);
            out.addAll(b.events());
            from = b.nextPosition();
        }
        return out;
    }

    /** The same selection made by reading the whole order: what an index read must return. */
    static List<String> expected(FileBusLog log, IndexKey key) {
        return GlobalOrderTest.readAll(log).stream().filter(e -> key.selects(e, log.config()))
                .map(e -> e.event().getId()).toList();
    }

    /** Streams of two categories and events of two types, some outside any stream. */
    void write(FileBusLog log, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            String stream = (i % 3 == 0 ? "order-" : "cart-") + (i % 5);
            log.appendToStream(stream, ExpectedVersion.any(),
                    List.of(typed("s" + i + "a", i % 2 == 0 ? "placed" : "paid"), typed("s" + i + "b", "placed")))
                    .get(5, TimeUnit.SECONDS);
            log.append(i % log.config().partitions(), List.of(typed("p" + i, "paid"))).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCategoryOrATypeIsReadInTheGlobalOrderForwardAndBackwardInPages() throws Exception {
        try (FileBusLog log = open(LogFixture.config(3))) {
            write(log, 30); // 90 events: several index files and the part on the heap
            assertThat(log.keyIndex().onHeapFrom()).isPositive();
            for (IndexKey key : List.of(IndexKey.category("order"), IndexKey.category("cart"),
                    IndexKey.eventType("placed"), IndexKey.eventType("paid"))) {
                List<String> want = expected(log, key);
                assertThat(want).isNotEmpty();
                for (int page : new int[] {1, 7, 1000}) {
                    List<StoredEvent> read = readIndex(log, key, page);
                    assertThat(GlobalOrderTest.ids(read)).as(key + " page " + page).isEqualTo(want);
                    assertThat(GlobalOrderTest.positions(read)).isSorted();
                    List<String> backward = new ArrayList<>(GlobalOrderTest.ids(readBackward(log, key, page)));
                    java.util.Collections.reverse(backward);
                    assertThat(backward).as(key + " backward, page " + page).isEqualTo(want);
                }
            }
            assertThat(readIndex(log, IndexKey.category("order"), 100))
                    .allSatisfy(e -> assertThat(e.stream()).startsWith("order-"));
            assertThat(readIndex(log, IndexKey.category("nothing"), 100)).isEmpty();
        }
    }

    @Test
    void aReadThatFindsNothingStillMovesItsCheckpointToTheEnd() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2))) {
            write(log, 10);
            AllReadBatch none = log.readIndex(IndexKey.category("refund"), 0, true, 10, Long.MAX_VALUE);
            assertThat(none.events()).isEmpty();
            assertThat(none.nextPosition()).isEqualTo(log.endPosition());
            AllReadBatch back = log.readIndex(IndexKey.category("refund"), Long.MAX_VALUE, false, 10, Long.MAX_VALUE);
            assertThat(back.events()).isEmpty();
            assertThat(back.nextPosition()).isEqualTo(-1);
        }
    }

    @Test
    void aStreamWithoutTheSeparatorIsItsOwnCategoryAndTheSeparatorIsTheBusChoice() throws Exception {
        try (FileBusLog log = open(LogFixture.config(2).withCategorySeparator("::"))) {
            log.appendToStream("billing::42", ExpectedVersion.any(), List.of(typed("a", "t"))).get(5, TimeUnit.SECONDS);
            log.appendToStream("billing-43", ExpectedVersion.any(), List.of(typed("b", "t"))).get(5, TimeUnit.SECONDS);
            log.appendToStream("billing", ExpectedVersion.any(), List.of(typed("c", "t"))).get(5, TimeUnit.SECONDS);
            assertThat(GlobalOrderTest.ids(readIndex(log, IndexKey.category("billing"), 10))).containsExactly("a", "c");
            assertThat(GlobalOrderTest.ids(readIndex(log, IndexKey.category("billing-43"), 10))).containsExactly("b");
        }
    }

    @Test
    void theIndexSurvivesARestartAndIsRebuiltWhenItsFilesAreTornOrMissing() throws Exception {
        List<List<String>> before = new ArrayList<>();
        List<IndexKey> keys = List.of(IndexKey.category("order"), IndexKey.eventType("paid"));
        try (FileBusLog log = open(LogFixture.config(3))) {
            write(log, 25);
            for (IndexKey k : keys) {
                before.add(GlobalOrderTest.ids(readIndex(log, k, 5)));
            }
        }
        List<Path> files = keyFiles();
        assertThat(files).hasSizeGreaterThan(2);
        try (FileBusLog log = open(LogFixture.config(3))) {
            for (int i = 0; i < keys.size(); i++) {
                assertThat(GlobalOrderTest.ids(readIndex(log, keys.get(i), 5))).isEqualTo(before.get(i));
            }
        }
        Files.write(files.get(1), new byte[] {1, 2, 3}); // torn
        Files.delete(files.get(files.size() - 1)); // lost
        try (FileBusLog log = open(LogFixture.config(3))) {
            for (int i = 0; i < keys.size(); i++) {
                assertThat(GlobalOrderTest.ids(readIndex(log, keys.get(i), 5))).isEqualTo(before.get(i));
            }
            write(log, 3); // and goes on
            assertThat(GlobalOrderTest.ids(readIndex(log, IndexKey.eventType("paid"), 5)))
                    .isEqualTo(expected(log, IndexKey.eventType("paid")));
        }
        for (Path f : keyFiles()) {
            Files.delete(f);
        }
        try (FileBusLog log = open(LogFixture.config(3))) {
            assertThat(GlobalOrderTest.ids(readIndex(log, keys.get(0), 5))).isEqualTo(expected(log, keys.get(0)));
        }
    }

    @Test
    void eventsRetentionDeletedLeaveNoEntryBehindAndTheirFilesGo() throws Exception {
        LogConfig config = LogFixture.config(2).withRetention(Duration.ofHours(1), -1);
        try (FileBusLog log = open(config)) {
            write(log, 20);
            log.roll(0);
            log.roll(1);
            clock.advance(Duration.ofHours(2));
            long cut = log.endPosition();
            log.appendToStream("order-9", ExpectedVersion.any(), List.of(typed("late", "paid"))).get(5, TimeUnit.SECONDS);
            int filesBefore = keyFiles().size();
            assertThat(log.enforceRetention()).isPositive();
            assertThat(log.firstPosition()).isEqualTo(cut);
            assertThat(GlobalOrderTest.ids(readIndex(log, IndexKey.category("order"), 3))).containsExactly("late");
            assertThat(GlobalOrderTest.ids(readBackward(log, IndexKey.eventType("paid"), 3))).containsExactly("late");
            assertThat(keyFiles()).hasSizeLessThan(filesBefore);
            assertThatThrownBy(() -> log.readIndex(IndexKey.category("order"), 0, true, 10, Long.MAX_VALUE))
                    .isInstanceOf(PositionOutOfRangeException.class)
                    .hasMessageContaining("the first readable position is " + cut);
        }
        try (FileBusLog log = open(config)) {
            assertThat(GlobalOrderTest.ids(readIndex(log, IndexKey.category("order"), 3))).containsExactly("late");
        }
    }

    @Test
    void concurrentReadersOfACategorySeeItsEventsInOrderWithoutAGapWhileWritersAppend() throws Exception {
        try (FileBusLog log = open(LogFixture.config(4).withCategorySeparator("-"))) {
            AtomicBoolean done = new AtomicBoolean();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 150; i++) {
                        String stream = (i % 2 == 0 ? "even-" : "odd-") + writer + "." + (i % 7);
                        log.appendToStream(stream, ExpectedVersion.any(),
                                List.of(typed(writer + "-" + i, "t"))).join();
                    }
                }));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(new CompletableFuture[0]));
            List<CompletableFuture<List<StoredEvent>>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(CompletableFuture.supplyAsync(() -> follow(log, IndexKey.category("even"), all, done)));
            }
            all.get(30, TimeUnit.SECONDS);
            done.set(true);
            List<String> want = expected(log, IndexKey.category("even"));
            assertThat(want).hasSize(4 * 75);
            for (CompletableFuture<List<StoredEvent>> r : readers) {
                assertThat(GlobalOrderTest.ids(r.get(30, TimeUnit.SECONDS))).isEqualTo(want);
            }
        }
    }

    /** Reads a key from the start, page after page, until the writers are done and the end is reached. */
    private static List<StoredEvent> follow(FileBusLog log, IndexKey key, CompletableFuture<Void> writers,
            AtomicBoolean done) {
        List<StoredEvent> out = new ArrayList<>();
        long from = 0;
        while (true) {
            boolean last = done.get() && writers.isDone();
            AllReadBatch b = log.readIndex(key, from, true, 13, Long.MAX_VALUE);
            out.addAll(b.events());
            from = b.nextPosition();
            if (last && from >= b.endPosition()) {
                return out;
            }
            if (b.events().isEmpty()) {
                log.whenAllAvailable(from).orTimeout(50, TimeUnit.MILLISECONDS).exceptionally(t -> null).join();
            }
        }
    }

    private List<Path> keyFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("order"))) {
            return files.filter(f -> f.toString().endsWith(".keys")).sorted().toList();
        }
    }
}
