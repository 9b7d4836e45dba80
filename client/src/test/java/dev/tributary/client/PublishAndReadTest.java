package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publishing to a bus and reading its partitions back, against a real node. */
class PublishAndReadTest extends AgainstANode {
    @Test
    void anEventReadsBackWithEveryAttributeItsExtensionsAndItsDataBytes() {
        client.createBus("raw", 2);
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        CloudEvent sent = CloudEventBuilder.v1()
                .withId("evt-1")
                .withSource(URI.create("/sensors/7"))
                .withType("reading.taken")
                .withSubject("eu/7")
                .withTime(OffsetDateTime.of(2026, 11, 23, 1, 2, 3, 456_000_000, ZoneOffset.ofHours(2)))
                .withDataSchema(URI.create("https://example.com/reading"))
                .withExtension("tenant", "acme")
                .withExtension("attempt", 3)
                .withExtension("urgent", true)
                .withData("application/octet-stream", data)
                .build();

        Position position = client.publish("raw", sent);
        PartitionPage page = client.readPartition("raw", position.partition(), position.offset(), 10);

        assertThat(position.duplicate()).isFalse();
        assertThat(page.events()).hasSize(1);
        StoredEvent stored = page.events().get(0);
        assertThat(stored.partition()).isEqualTo(position.partition());
        assertThat(stored.offset()).isEqualTo(position.offset());
        assertThat(stored.stream()).isNull();
        assertThat(stored.version()).isEqualTo(-1);
        assertThat(stored.event()).isEqualTo(sent);
        assertThat(stored.event().getData().toBytes()).isEqualTo(data);
        assertThat(stored.event().getExtension("attempt")).isEqualTo(3);
        assertThat(page.next()).isEqualTo(position.offset() + 1);
    }

    @Test
    void jsonDataKeepsItsExactSpelling() {
        client.createBus("spelled", 1);
        String json = "{\"total\": 1.50,  \"lines\":[ {\"sku\":\"a\"} ], \"big\":12345678901234567890}";
        CloudEvent sent = event("spelled-1", json);

        Position position = client.publish("spelled", sent);
        StoredEvent stored = client.readPartition("spelled", 0, position.offset(), 1).events().get(0);

        assertThat(new String(stored.event().getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void aBatchIsAnsweredWithOnePositionPerEventInOrderAndReadsBackInOrder() {
        client.createBus("batched", 1);
        List<CloudEvent> events = List.of(event("b-1", "{\"n\":1}"), event("b-2", "{\"n\":2}"), event("b-3", "{\"n\":3}"));

        List<Position> positions = client.publishBatch("batched", events);
        PartitionPage page = client.readPartition("batched", 0, 0, 100);

        assertThat(positions).extracting(Position::offset).containsExactly(0L, 1L, 2L);
        assertThat(page.events()).extracting(e -> e.event().getId()).containsExactly("b-1", "b-2", "b-3");
        assertThat(page.next()).isEqualTo(3);
        assertThat(client.readPartition("batched", 0, page.next(), 100).events()).isEmpty();
    }

    @Test
    void aRepublishedEventIsADuplicateOfTheOriginal() {
        client.createBus("again", 1);
        Position first = client.publish("again", event("same", "{}"));

        Position second = client.publish("again", event("same", "{}"));

        assertThat(second).isEqualTo(new Position(first.partition(), first.offset(), true));
    }

    @Test
    void anEmptyBatchIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.publishBatch("batched", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events is empty");
    }

    @Test
    void publishingToABusThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> client.publish("nowhere", event("x", "{}")))
                .isInstanceOfSatisfying(TributaryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TributaryException.Kind.NOT_FOUND);
                    assertThat(e.problem().typeName()).isEqualTo("bus-not-found");
                    assertThat(e).hasMessageContaining("POST " + node.url() + "/v1/buses/nowhere/events answered 404");
                });
    }

    static CloudEvent event(String id, String json) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/test"))
                .withType("test.happened")
                .withData("application/json", json.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
