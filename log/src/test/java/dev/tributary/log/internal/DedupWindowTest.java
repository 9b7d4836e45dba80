package dev.tributary.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupWindowTest {

    @Test
    void keepsAtMostMaxEventsOfTheNewestEntriesWithinTheWindow() {
        DedupWindow window = new DedupWindow(60_000, 4);
        for (long i = 0; i < 10; i++) {
            window.record(100 + i, i, 1_000);
        }

        window.expire(2_000);

        assertThat(window.size()).isEqualTo(4);
        assertThat(window.lookup(100)).isEqualTo(LongLongMap.ABSENT);
        assertThat(window.lookup(105)).isEqualTo(LongLongMap.ABSENT);
        assertThat(window.lookup(106)).isEqualTo(6);
        assertThat(window.lookup(109)).isEqualTo(9);
    }

    @Test
    void stillExpiresByTimeBelowTheCap() {
        DedupWindow window = new DedupWindow(1_000, 100);
        window.record(1, 0, 1_000);
        window.record(2, 1, 5_000);

        window.expire(5_500);

        assertThat(window.lookup(1)).isEqualTo(LongLongMap.ABSENT);
        assertThat(window.lookup(2)).isEqualTo(1);
    }
}
