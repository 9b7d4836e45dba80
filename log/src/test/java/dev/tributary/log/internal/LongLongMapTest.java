package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LongLongMapTest {

    @Property(tries = 200)
    void behavesLikeAHashMapUnderPutsAndRemoves(@ForAll("ops") List<long[]> ops) {
        LongLongMap map = new LongLongMap(4);
        Map<Long, Long> model = new HashMap<>();
        for (long[] op : ops) {
            long key = op[1];
            if (op[0] == 0) {
                Long previous = model.put(key, op[2]);
                assertThat(map.put(key, op[2])).isEqualTo(previous == null ? -1 : previous);
            } else {
                Long previous = model.remove(key);
                assertThat(map.remove(key)).isEqualTo(previous == null ? -1 : previous);
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Provide
    Arbitrary<List<long[]>> ops() {
        // few distinct keys so that puts, overwrites and removes collide in probe chains
        return Arbitraries.longs().between(0, 40).flatMap(k -> Arbitraries.integers().between(0, 1)
                        .flatMap(kind -> Arbitraries.longs().between(0, 1000)
                                .map(v -> new long[] {kind, k * 0x10000L, v})))
                .list()
                .ofMaxSize(300);
    }

    @Test
    void holdsAMillionEntries() {
        LongLongMap map = new LongLongMap(16);
        for (long i = 0; i < 1_000_000; i++) {
            map.put(Hash64.of(Long.toString(i)), i);
        }
        assertThat(map.size()).isEqualTo(1_000_000);
        for (long i = 0; i < 1_000_000; i += 997) {
            assertThat(map.get(Hash64.of(Long.toString(i)))).isEqualTo(i);
        }
    }
}
