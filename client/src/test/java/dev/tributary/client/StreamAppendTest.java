package dev.tributary.client;

import static dev.tributary.client.PublishAndReadTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.Direction;
import dev.tributary.core.eventstore.ExpectedVersion;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stream appends with expected versions, and stream reads both ways, against a real node. */
class StreamAppendTest extends AgainstANode {
    @BeforeAll
    static void createOrders() {
        client.createBus("orders", 3);
    }

    @Test
    void appendsWithExpectedVersionsAndReadsTheStreamForwardAndBackward() {
        // every character a stream id may hold beyond letters and digits, to show each path segment arrives as given
        String stream = "order:1@eu+x=y~z.v_2-b";

        StreamAppendResult created = client.appendToStream("orders", stream, ExpectedVersion.noStream(),
                List.of(event("o-1", "{}"), event("o-2", "{}")));
        StreamAppendResult next = client.appendToStream("orders", stream, ExpectedVersion.exactly(1),
                List.of(event("o-3", "{}")));
        StreamAppendResult any = client.appendToStream("orders", stream, ExpectedVersion.exists(),
                List.of(event("o-4", "{}")));

        assertThat(created.stream()).isEqualTo(stream);
        assertThat(created.firstVersion()).isZero();
        assertThat(created.currentVersion()).isEqualTo(1);
        assertThat(created.positions()).hasSize(2).allSatisfy(p -> assertThat(p.duplicate()).isFalse());
        assertThat(next.firstVersion()).isEqualTo(2);
        assertThat(any.currentVersion()).isEqualTo(3);

        StreamPage forward = client.readStream("orders", stream, 1, Direction.FORWARD, 2);
        assertThat(forward.events()).extracting(StoredEvent::version).containsExactly(1L, 2L);
        assertThat(forward.events()).extracting(e -> e.event().getId()).containsExactly("o-2", "o-3");
        assertThat(forward.events()).allSatisfy(e -> assertThat(e.stream()).isEqualTo(stream));
        assertThat(forward.next()).isEqualTo(3);
        assertThat(forward.currentVersion()).isEqualTo(3);

        StreamPage backward = client.readStream("orders", stream, Long.MAX_VALUE, Direction.BACKWARD, 10);
        assertThat(backward.events()).extracting(StoredEvent::version).containsExactly(3L, 2L, 1L, 0L);
    }

    @Test
    void aWrongExpectedVersionIsAConflictThatSaysWhatTheStreamHoldsAndWritesNothing() {
        client.appendToStream("orders", "order-2", ExpectedVersion.noStream(), List.of(event("p-1", "{}")));

        assertThatThrownBy(() -> client.appendToStream("orders", "order-2", ExpectedVersion.exactly(5),
                List.of(event("p-2", "{}"))))
                .isInstanceOfSatisfying(TributaryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TributaryException.Kind.CONFLICT);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.problem().typeName()).isEqualTo("wrong-expected-version");
                    assertThat(e.problem().member("currentVersion")).contains("0");
                    assertThat(e.problem().member("expectedVersion")).contains("5");
                    assertThat(e.problem().member("stream")).contains("order-2");
                    // the conflict is with the stream's state, not with a field of the request
                    assertThat(e.field()).isEmpty();
                    assertThat(e.retryAfter()).isEmpty();
                });
        assertThat(client.readStream("orders", "order-2", 0, Direction.FORWARD, 10).events())
                .extracting(e -> e.event().getId()).containsExactly("p-1");
    }

    @Test
    void aStreamIdTheNodeRefusesIsABadRequestNamingTheField() {
        assertThatThrownBy(() -> client.appendToStream("orders", "not a stream id!", ExpectedVersion.any(),
                List.of(event("q-1", "{}"))))
                .isInstanceOfSatisfying(TributaryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TributaryException.Kind.BAD_REQUEST);
                    assertThat(e.field()).contains("stream");
                    assertThat(e).hasMessageContaining("(field stream)");
                });
    }

    @Test
    void anExactExpectedVersionIsAtLeastZero() {
        assertThatThrownBy(() -> ExpectedVersion.exactly(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ExpectedVersion.noStream()).hasToString("no_stream");
        assertThat(ExpectedVersion.exactly(7)).hasToString("7");
    }
}
