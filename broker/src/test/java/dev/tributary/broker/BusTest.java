package dev.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.ExpectedVersion;
import dev.tributary.log.BusLog;
import dev.tributary.log.Durability;
import dev.tributary.log.LogConfig;
import dev.tributary.log.LogListener;
import dev.tributary.log.PartitionState;
import dev.tributary.log.Position;
import dev.tributary.log.ReadBatch;
import dev.tributary.log.StorageUnavailableException;
import dev.tributary.log.StreamAppendResult;
import dev.tributary.log.StreamReadBatch;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusTest {
    @TempDir
    Path dir;

    private BusLog real;

    @BeforeEach
    void open() {
        LogConfig config = new LogConfig(4, 1 << 20, null, -1, Durability.NONE, Duration.ofMinutes(2),
                LogConfig.DEFAULT_INDEX_INTERVAL_BYTES, true, LogConfig.DEFAULT_CATEGORY_SEPARATOR);
        real = BusLog.open(dir, "orders", config, Clock.systemUTC(), LogListener.NONE);
    }

    @AfterEach
    void close() {
        real.close();
    }

    @Test
    void aBatchStoredInSomePartitionsOnlySaysWhereEachEventWent() {
        Bus bus = bus(Set.of(1));
        List<CloudEvent> events = IntStream.range(0, 40).mapToObj(BusTest::event).toList();

        assertThatThrownBy(() -> bus.publish(events).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(PartiallyPublishedException.class, e -> {
                    for (int i = 0; i < events.size(); i++) {
                        boolean inFailedPartition = bus.partitionOf(events.get(i)) == 1;
                        assertThat(e.positions().get(i) == null).isEqualTo(inFailedPartition);
                        assertThat(e.failures().get(i) == null).isEqualTo(!inFailedPartition);
                        if (!inFailedPartition) {
                            Position stored = e.positions().get(i);
                            assertThat(real.read(stored.partition(), stored.offset(), 1, 1 << 20).events().get(0)
                                    .event().getId()).isEqualTo(events.get(i).getId());
                        } else {
                            assertThat(e.failures().get(i)).isInstanceOf(StorageUnavailableException.class);
                        }
                    }
                });
        assertThat(real.state(1).endOffset()).isZero();
    }

    @Test
    void aBatchStoredNowhereFailsAsTheLogFailed() {
        Bus bus = bus(Set.of(0, 1, 2, 3));
        List<CloudEvent> events = IntStream.range(0, 40).mapToObj(BusTest::event).toList();

        assertThatThrownBy(() -> bus.publish(events).join())
                .cause()
                .isInstanceOf(StorageUnavailableException.class);
    }

    private Bus bus(Set<Integer> failing) {
        BusSpec spec = new BusSpec("orders", 4, null, -1, Instant.now(), "b1", true, "-");
        return new Bus(spec, new FailingPartitions(real, failing), dir, java.time.Clock.systemUTC());
    }

    private static CloudEvent event(int i) {
        return CloudEventBuilder.v1().withId("e" + i).withSource(URI.create("/shop")).withType("t").build();
    }

    /** The real log, but the appends of some partitions fail as on a full disk. */
    private record FailingPartitions(BusLog log, Set<Integer> failing) implements BusLog {
        @Override
        public CompletableFuture<List<Position>> append(int partition, List<CloudEvent> events) {
            if (failing.contains(partition)) {
                return CompletableFuture.failedFuture(
                        new StorageUnavailableException("partition " + partition + ": no space left on device", null));
            }
            return log.append(partition, events);
        }

        @Override
        public LogConfig config() {
            return log.config();
        }

        @Override
        public int partitionOf(String key) {
            return log.partitionOf(key);
        }

        @Override
        public CompletableFuture<StreamAppendResult> appendToStream(
                String stream, ExpectedVersion expected, List<CloudEvent> events) {
            return log.appendToStream(stream, expected, events);
        }

        @Override
        public ReadBatch read(int partition, long fromOffset, int maxEvents, long maxBytes) {
            return log.read(partition, fromOffset, maxEvents, maxBytes);
        }

        @Override
        public long offsetAt(int partition, Instant time) {
            return log.offsetAt(partition, time);
        }

        @Override
        public StreamReadBatch readStream(String stream, long fromVersion, boolean forward, int maxEvents) {
            return log.readStream(stream, fromVersion, forward, maxEvents);
        }

        @Override
        public dev.tributary.core.eventstore.StreamState streamState(String stream) {
            return log.streamState(stream);
        }

        @Override
        public CompletableFuture<dev.tributary.core.eventstore.StreamState> setStreamMetadata(String stream,
                dev.tributary.core.eventstore.StreamMetadata metadata) {
            return log.setStreamMetadata(stream, metadata);
        }

        @Override
        public CompletableFuture<dev.tributary.core.eventstore.StreamState> deleteStream(String stream,
                ExpectedVersion expected, boolean hard) {
            return log.deleteStream(stream, expected, hard);
        }

        @Override
        public dev.tributary.log.AllReadBatch readIndex(dev.tributary.log.IndexKey key, long fromPosition,
                boolean forward, int maxEvents, long maxBytes) {
            return log.readIndex(key, fromPosition, forward, maxEvents, maxBytes);
        }

        @Override
        public dev.tributary.log.AllReadBatch readAll(long fromPosition, int maxEvents, long maxBytes) {
            return log.readAll(fromPosition, maxEvents, maxBytes);
        }

        @Override
        public dev.tributary.log.AllReadBatch readAllBackward(long fromPosition, int maxEvents, long maxBytes) {
            return log.readAllBackward(fromPosition, maxEvents, maxBytes);
        }

        @Override
        public long firstPosition() {
            return log.firstPosition();
        }

        @Override
        public long endPosition() {
            return log.endPosition();
        }

        @Override
        public CompletableFuture<Void> whenAllAvailable(long position) {
            return log.whenAllAvailable(position);
        }

        @Override
        public long streamVersion(String stream) {
            return log.streamVersion(stream);
        }

        @Override
        public CompletableFuture<Void> whenAvailable(int partition, long offset) {
            return log.whenAvailable(partition, offset);
        }

        @Override
        public PartitionState state(int partition) {
            return log.state(partition);
        }

        @Override
        public int enforceRetention() {
            return log.enforceRetention();
        }

        @Override
        public void close() {}

        @Override
        public void delete() {}
    }
}
