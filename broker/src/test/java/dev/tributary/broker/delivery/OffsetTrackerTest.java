package dev.tributary.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void neverCommitsPastAGap() {
        OffsetTracker tracker = new OffsetTracker(10, 1);
        tracker.begin(0, 10);
        tracker.begin(0, 11);
        tracker.pass(0, 12);
        tracker.begin(0, 13);

        tracker.complete(11);
        tracker.complete(13);
        assertThat(tracker.committable()).isEqualTo(10);

        tracker.complete(10);
        assertThat(tracker.committable()).isEqualTo(14);
    }

    @Test
    void eventsThatDoNotMatchAreDoneAtOnceEvenBehindOneInFlight() {
        OffsetTracker tracker = new OffsetTracker(0, 1);
        tracker.pass(0, 0);
        tracker.begin(0, 1);
        for (long o = 2; o < 1000; o++) {
            tracker.pass(0, o);
        }
        assertThat(tracker.committable()).isEqualTo(1);
        assertThat(tracker.inFlight()).isEqualTo(1);

        tracker.complete(1);
        assertThat(tracker.committable()).isEqualTo(1000);
    }

    @Test
    void withLanesNothingIsCommittedPastTheSlowestLane() {
        OffsetTracker tracker = new OffsetTracker(0, 2);
        tracker.pass(0, 0);
        tracker.begin(0, 1);
        tracker.pass(0, 2);
        tracker.pass(1, 0);
        assertThat(tracker.committable()).as("lane 1 has read only offset 0").isEqualTo(1);

        tracker.pass(1, 1);
        tracker.begin(1, 2);
        tracker.complete(1);
        assertThat(tracker.committable()).as("offset 2 is lane 1's, in flight").isEqualTo(2);

        tracker.complete(2);
        assertThat(tracker.committable()).isEqualTo(3);
        assertThatThrownBy(() -> tracker.pass(1, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void skippingForwardAfterRetentionKeepsWhatIsStillInFlight() {
        OffsetTracker tracker = new OffsetTracker(5, 1);
        tracker.begin(0, 5);
        tracker.skipTo(0, 50);
        assertThat(tracker.committable()).isEqualTo(5);
        tracker.complete(5);
        assertThat(tracker.committable()).isEqualTo(50);
        tracker.skipTo(0, 20);
        assertThat(tracker.committable()).as("never backwards").isEqualTo(50);
    }

    @Test
    void refusesMisuse() {
        OffsetTracker tracker = new OffsetTracker(3, 1);
        tracker.begin(0, 3);
        assertThatThrownBy(() -> tracker.begin(0, 3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tracker.complete(4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new OffsetTracker(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Whatever the order completions come in, the committable offset is the first offset not yet completed. */
    @Property(tries = 300)
    void committableIsTheContiguousCompletedPrefix(
            @ForAll @IntRange(min = 1, max = 200) int events, @ForAll long seed) {
        Random random = new Random(seed);
        long start = random.nextInt(1000);
        OffsetTracker tracker = new OffsetTracker(start, 1);
        List<Long> delivered = new ArrayList<>();
        for (long o = start; o < start + events; o++) {
            if (random.nextInt(3) == 0) {
                tracker.pass(0, o);
            } else {
                tracker.begin(0, o);
                delivered.add(o);
            }
        }
        Collections.shuffle(delivered, random);
        TreeSet<Long> pending = new TreeSet<>(delivered);
        long last = tracker.committable();
        for (long o : delivered) {
            tracker.complete(o);
            pending.remove(o);
            long committable = tracker.committable();
            long expected = pending.isEmpty() ? start + events : pending.first();
            assertThat(committable).isEqualTo(expected);
            assertThat(committable).isGreaterThanOrEqualTo(last);
            last = committable;
        }
        assertThat(tracker.committable()).isEqualTo(start + events);
    }
}
