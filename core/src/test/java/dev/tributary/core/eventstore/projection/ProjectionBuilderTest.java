package dev.tributary.core.eventstore.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.eventstore.RecordedEvent;
import dev.tributary.core.eventstore.Selection;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProjectionBuilderTest {
    private static final StateCodec<String> TEXT = StateCodec.string();

    @Test
    void buildsWithDefaultsOfVersionOneAllEventsAndTheStreamAsKey() {
        Projection<String> p = Projection.builder("names", TEXT).initialState("").apply((s, e) -> s + "x").build();
        RecordedEvent e = new RecordedEvent("cart-1", 0, 7, Instant.EPOCH, Counts.order("a", Counts.PLACED, 1));
        assertThat(p.name()).isEqualTo("names");
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.selection()).isEqualTo(Selection.all());
        assertThat(p.keyOf(e)).isEqualTo("cart-1");
        assertThat(p.apply(p.initialState("cart-1"), e)).isEqualTo("x");
        assertThat(p).hasToString("projection 'names' v1");
    }

    @Test
    void refusesNamesThatCannotNameATable() {
        for (String bad : new String[] {null, "", "Upper", "-dash", "with space", "é", "a".repeat(49)}) {
            assertThatThrownBy(() -> Projection.builder(bad, TEXT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("projection name must be 1-48 characters a-z 0-9 _ -");
        }
        assertThat(Projection.builder("a".repeat(48), TEXT)).isNotNull();
        assertThat(Projection.builder("0-orders_by-day", TEXT)).isNotNull();
    }

    @Test
    void refusesAVersionBelowOneAndMissingParts() {
        assertThatThrownBy(() -> Projection.builder("p", TEXT).version(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("projection version must be 1 or more, was 0");
        assertThatThrownBy(() -> Projection.builder("p", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("codec is required");
        assertThatThrownBy(() -> Projection.builder("p", TEXT).apply((s, e) -> s).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("initialState is required");
        assertThatThrownBy(() -> Projection.builder("p", TEXT).initialState("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("apply is required");
        assertThatThrownBy(() -> Projection.builder("p", TEXT).from(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("selection is required");
    }

    @Test
    void refusesKeysThatCannotBeStored() {
        assertThat(ProjectionChecks.requireKey(null)).isNull();
        assertThat(ProjectionChecks.requireKey("k")).isEqualTo("k");
        for (String bad : new String[] {"", "a\0b", "k".repeat(513)}) {
            assertThatThrownBy(() -> ProjectionChecks.requireKey(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a key is 1-512 characters without NUL");
        }
    }

    @Test
    void refusesOptionsOutOfRange() {
        ProjectorOptions d = ProjectorOptions.defaults();
        assertThatThrownBy(() -> d.withBatchSize(0)).hasMessage("batchSize must be within 1..10000, was 0");
        assertThatThrownBy(() -> d.withCacheSize(-1)).hasMessage("cacheSize must be within 0..1000000, was -1");
        assertThatThrownBy(() -> d.withMaxRetryDelay(java.time.Duration.ofMillis(5)))
                .hasMessageContaining("maxRetryDelay must be within 100 ms..1 h");
        assertThat(d.batchSize()).isEqualTo(500);
    }
}
