package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The contract of {@link CursorStore}; subclasses say which implementation runs it. */
public abstract class CursorStoreContract extends StoreContract {

    @Test
    void hasNoOffsetsBeforeTheFirstCommit() {
        subscribe(SUB);

        assertThat(store.cursors().get(SUB)).isEmpty();
        assertThat(store.cursors().get("nobody")).isEmpty();
    }

    @Test
    void commitsOffsetsPerPartition() {
        subscribe(SUB);

        store.cursors().commit(SUB, Map.of(0, 10L, 2, 30L));
        store.cursors().commit(SUB, Map.of(1, 20L));

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 10L), Map.entry(1, 20L), Map.entry(2, 30L));
    }

    @Test
    void commitNeverMovesAnOffsetBackwards() {
        subscribe(SUB);
        store.cursors().commit(SUB, Map.of(0, 100L, 1, 100L));

        store.cursors().commit(SUB, Map.of(0, 40L, 1, 140L));

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 100L), Map.entry(1, 140L));
    }

    @Test
    void concurrentLateCommitsLeaveTheHighestOffset() throws Exception {
        subscribe(SUB);
        List<Long> offsets = new ArrayList<>(LongStream.rangeClosed(1, 400).boxed().toList());
        Collections.shuffle(offsets, new Random(7));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> commits = new ArrayList<>();
            for (long offset : offsets) {
                commits.add(threads.submit(() -> store.cursors().commit(SUB, Map.of(0, offset))));
            }
            for (Future<?> commit : commits) {
                commit.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 400L));
    }

    @Test
    void commitForAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> store.cursors().commit("nobody", Map.of(0, 1L)))
                .isInstanceOf(SubscriptionNotFoundException.class)
                .hasMessageContaining("nobody");
        assertThat(store.cursors().get("nobody")).isEmpty();
    }

    @Test
    void commitOfNothingChangesNothing() {
        subscribe(SUB);
        store.cursors().commit(SUB, Map.of(0, 5L));

        store.cursors().commit(SUB, Map.of());

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 5L));
    }

    @Test
    void rejectsANegativeOffsetAndCommitsNoneOfTheBatch() {
        subscribe(SUB);
        Map<Integer, Long> offsets = new HashMap<>(Map.of(0, 5L, 1, -1L));

        assertThatThrownBy(() -> store.cursors().commit(SUB, offsets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 1");
        assertThatThrownBy(() -> store.cursors().commit(SUB, Map.of(-1, 5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
        assertThat(store.cursors().get(SUB)).isEmpty();
    }

    @Test
    void attachRecordsTheFirstIncarnationAndKeepsTheCursors() {
        subscribe(SUB);
        store.cursors().commit(SUB, Map.of(0, 100L));

        assertThat(store.cursors().attach(SUB, "first", Map.of(0, 0L))).isFalse();
        assertThat(store.cursors().attach(SUB, "first", Map.of(0, 0L))).isFalse();

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 100L));
    }

    @Test
    void attachToAnotherIncarnationDropsEveryCursorAndRetryAndSetsTheNewOffsets() {
        subscribe(SUB);
        subscribe(OTHER);
        store.cursors().attach(SUB, "first", Map.of());
        store.cursors().commit(SUB, Map.of(0, 100L, 1, 100L, 2, 100L));
        store.cursors().commit(OTHER, Map.of(0, 7L));
        store.retries().schedule(retry(SUB, 0, 50));
        store.retries().schedule(retry(SUB, 2, 60));
        store.retries().schedule(retry(OTHER, 0, 5));

        assertThat(store.cursors().attach(SUB, "second", Map.of(0, 0L, 1, 0L))).isTrue();

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 0L), Map.entry(1, 0L));
        assertThat(store.retries().count(SUB)).isZero();
        assertThat(store.cursors().get(OTHER)).containsExactly(Map.entry(0, 7L));
        assertThat(store.retries().count(OTHER)).isEqualTo(1);
        assertThat(store.cursors().attach(SUB, "second", Map.of(0, 0L, 1, 0L))).isFalse();
    }

    @Test
    void attachForAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> store.cursors().attach("nobody", "first", Map.of()))
                .isInstanceOf(SubscriptionNotFoundException.class);
    }

    @Test
    void resetSetsOffsetsExactlyEvenBackwards() {
        subscribe(SUB);
        store.cursors().commit(SUB, Map.of(0, 100L, 1, 100L, 2, 100L));

        store.cursors().reset(SUB, Map.of(0, 10L, 1, 500L));

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 10L), Map.entry(1, 500L), Map.entry(2, 100L));
        store.cursors().commit(SUB, Map.of(0, 11L));
        assertThat(store.cursors().get(SUB)).containsEntry(0, 11L);
    }

    @Test
    void resetDropsThePendingRetriesOfTheResetPartitionsOnly() {
        subscribe(SUB);
        subscribe(OTHER);
        store.retries().schedule(retry(SUB, 0, 50));
        store.retries().schedule(retry(SUB, 0, 150));
        store.retries().schedule(retry(SUB, 1, 60));
        store.retries().schedule(retry(OTHER, 0, 50));
        store.cursors().commit(SUB, Map.of(0, 200L, 1, 200L));

        store.cursors().reset(SUB, Map.of(0, 40L));

        assertThat(store.retries().find(SUB, 0, 50)).isEmpty();
        assertThat(store.retries().find(SUB, 0, 150)).isEmpty();
        assertThat(store.retries().find(SUB, 1, 60)).isPresent();
        assertThat(store.retries().find(OTHER, 0, 50)).isPresent();
        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 40L), Map.entry(1, 200L));
    }

    @Test
    void resetOfAPartitionWithoutACursorCreatesIt() {
        subscribe(SUB);

        store.cursors().reset(SUB, Map.of(3, 0L));

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(3, 0L));
    }

    @Test
    void resetForAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> store.cursors().reset("nobody", Map.of(0, 1L)))
                .isInstanceOf(SubscriptionNotFoundException.class);
    }

    @Test
    void offsetsSurviveReopening() {
        subscribe(SUB);
        store.cursors().commit(SUB, Map.of(0, 10L, 1, 20L));
        store.cursors().reset(SUB, Map.of(1, 5L));

        reopen();

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 10L), Map.entry(1, 5L));
    }

    @Test
    void commitsSeveralSubscriptionsAtOnceSkippingDeletedOnesAndNeverMovingBack() {
        subscribe(SUB);
        subscribe(OTHER);
        store.cursors().commit(SUB, Map.of(0, 10L));

        store.cursors().commitAll(Map.of(SUB, Map.of(0, 5L, 1, 7L), OTHER, Map.of(0, 3L), "deleted-one", Map.of(0, 1L)));

        assertThat(store.cursors().get(SUB)).containsExactly(Map.entry(0, 10L), Map.entry(1, 7L));
        assertThat(store.cursors().get(OTHER)).containsExactly(Map.entry(0, 3L));
        assertThat(store.cursors().get("deleted-one")).isEmpty();
    }
}
