package dev.tributary.core.eventstore.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    record Totals(long count, long sum) {}

    record TotalsV1(long count) {}

    @Test
    void jsonRoundTripsARecordAsText() {
        StateCodec<Totals> codec = StateCodec.json(Totals.class);
        byte[] bytes = codec.encode(new Totals(2, 30));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"count\":2,\"sum\":30}");
        assertThat(codec.decode(bytes)).isEqualTo(new Totals(2, 30));
        assertThat(codec.isText()).isTrue();
    }

    @Test
    void jsonReadsAStateWithPropertiesItNoLongerHas() {
        // a new version reads the old version's states while it rebuilds
        byte[] old = StateCodec.json(Totals.class).encode(new Totals(2, 30));
        assertThat(StateCodec.json(TotalsV1.class).decode(old)).isEqualTo(new TotalsV1(2));
    }

    @Test
    void jsonFailsOnWhatIsNotItsStateNamingTheType() {
        assertThatThrownBy(() -> StateCodec.json(Totals.class).decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not a Totals in JSON");
    }

    @Test
    void stringAndBytesCodecsKeepWhatTheyAreGiven() {
        assertThat(StateCodec.string().decode(StateCodec.string().encode("grüße"))).isEqualTo("grüße");
        assertThat(StateCodec.string().isText()).isTrue();
        byte[] raw = {0, 1, (byte) 0xff};
        assertThat(StateCodec.bytes().decode(StateCodec.bytes().encode(raw))).containsExactly(0, 1, 0xff);
        assertThat(StateCodec.bytes().isText()).isFalse();
    }
}
