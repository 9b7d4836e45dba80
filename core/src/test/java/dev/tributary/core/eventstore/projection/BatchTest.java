package dev.tributary.core.eventstore.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.eventstore.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold of one batch, in memory: what it reads, applies and encodes, and how it tells which event failed. */
class BatchTest {
    private final Map<String, byte[]> stored = new HashMap<>();
    private final List<Collection<String>> fetches = new ArrayList<>();
    private final StateCache<String> cache = new StateCache<>(100);

    /** Appends each event's id to the key's text; fails on ids starting with "bad". */
    private final Projection<String> joined = Projection.builder("joined", StateCodec.string())
            .initialState("")
            .apply((state, e) -> {
                if (e.event().getId().startsWith("bad")) {
                    throw new IllegalStateException("bad event " + e.event().getId());
                }
                return e.event().getId().equals("end") ? null : state + e.event().getId();
            })
            .build();

    private Map<String, byte[]> fetch(Collection<String> keys) {
        fetches.add(List.copyOf(keys));
        Map<String, byte[]> found = new HashMap<>();
        keys.forEach(k -> {
            if (stored.containsKey(k)) {
                found.put(k, stored.get(k));
            }
        });
        return found;
    }

    private static RecordedEvent event(String stream, long position, String id) {
        return new RecordedEvent(stream, -1, position, Instant.EPOCH, Counts.order(id, Counts.PLACED, 1));
    }

    private static String text(Batch.Change<?> change) {
        return new String(change.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void readsEachMissingKeyOnceInOneFetchAndAppliesInOrder() throws Exception {
        stored.put("a", "0".getBytes(StandardCharsets.UTF_8));
        List<RecordedEvent> batch = List.of(event("a", 10, "1"), event("b", 11, "2"), event("a", 12, "3"));
        Batch.Outcome<String> out = Batch.fold(joined, batch, cache, this::fetch, false);

        assertThat(out.ok()).isTrue();
        assertThat(fetches).containsExactly(List.of("a", "b"));
        assertThat(text(out.changes().get("a"))).isEqualTo("013");
        assertThat(out.changes().get("a").position()).isEqualTo(12);
        assertThat(text(out.changes().get("b"))).isEqualTo("2");
    }

    @Test
    void readsNothingForKeysTheCacheHolds() throws Exception {
        cache.commit(Batch.fold(joined, List.of(event("a", 1, "x")), cache, this::fetch, false).changes());
        fetches.clear();
        Batch.Outcome<String> out = Batch.fold(joined, List.of(event("a", 2, "y")), cache, this::fetch, false);
        assertThat(fetches).isEmpty();
        assertThat(text(out.changes().get("a"))).isEqualTo("xy");
    }

    @Test
    void aNullStateDeletesAndAKeylessEventIsPassedOver() throws Exception {
        List<RecordedEvent> batch = List.of(event("a", 1, "x"), event(null, 2, "y"), event("a", 3, "end"));
        Batch.Outcome<String> out = Batch.fold(joined, batch, cache, this::fetch, false);
        assertThat(out.changes()).containsOnlyKeys("a");
        assertThat(out.changes().get("a").bytes()).isNull();
        assertThat(out.changes().get("a").position()).isEqualTo(3);
    }

    @Test
    void aCarefulFoldNamesTheFailingEventAndKeepsWhatCameBeforeIt() throws Exception {
        List<RecordedEvent> batch = List.of(event("a", 1, "x"), event("b", 2, "y"), event("a", 3, "bad1"),
                event("b", 4, "z"));
        Batch.Outcome<String> plain = Batch.fold(joined, batch, cache, this::fetch, false);
        assertThat(plain.ok()).isFalse();

        Batch.Outcome<String> careful = Batch.fold(joined, batch, cache, this::fetch, true);
        assertThat(careful.failedAt()).isEqualTo(2);
        assertThat(careful.stage()).isEqualTo("apply");
        assertThat(careful.failure()).hasMessage("bad event bad1");
        assertThat(text(careful.changes().get("a"))).isEqualTo("x");
        assertThat(text(careful.changes().get("b"))).isEqualTo("y"); // not z: that came after the failure
    }

    @Test
    void aKeyFunctionThatThrowsFailsAtItsEvent() throws Exception {
        Projection<String> keyed = Projection.builder("keyed", StateCodec.string())
                .keyedBy(e -> {
                    if (e.position() == 2) {
                        throw new IllegalArgumentException("no key");
                    }
                    return "k";
                })
                .initialState("")
                .apply((s, e) -> s + e.position())
                .build();
        List<RecordedEvent> batch = List.of(event("a", 1, "x"), event("a", 2, "y"), event("a", 3, "z"));
        Batch.Outcome<String> out = Batch.fold(keyed, batch, cache, this::fetch, true);
        assertThat(out.failedAt()).isEqualTo(1);
        assertThat(out.stage()).isEqualTo("keyOf");
        assertThat(text(out.changes().get("k"))).isEqualTo("1");
    }

    @Test
    void anEncodingThatFailsIsFoundByTheCarefulFold() throws Exception {
        StateCodec<String> picky = new StateCodec<>() {
            @Override
            public byte[] encode(String state) {
                if (state.contains("!")) {
                    throw new IllegalArgumentException("no ! in states");
                }
                return state.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
        Projection<String> p = Projection.builder("picky", picky).initialState("")
                .apply((s, e) -> s + e.event().getId()).build();
        List<RecordedEvent> batch = List.of(event("a", 1, "x"), event("a", 2, "!"), event("b", 3, "y"));
        assertThat(Batch.fold(p, batch, cache, this::fetch, false).failedAt()).isEqualTo(-1);
        Batch.Outcome<String> careful = Batch.fold(p, batch, cache, this::fetch, true);
        assertThat(careful.failedAt()).isEqualTo(1);
        assertThat(careful.stage()).isEqualTo("encoding its new state");
        assertThat(text(careful.changes().get("a"))).isEqualTo("x");
    }
}
