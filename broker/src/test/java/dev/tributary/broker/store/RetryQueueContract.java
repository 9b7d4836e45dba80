package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link RetryQueue}; subclasses say which implementation runs it. */
public abstract class RetryQueueContract extends StoreContract {

    @Test
    void aScheduledRetryCanBeFoundWithEveryField() {
        subscribe(SUB);
        Retry keyed = new Retry(SUB, 2, 1042, "evt-1", "/shop/eu", "customer-7", 5, 3, T0, T0.plusSeconds(30), 503,
                "Service Unavailable");
        Retry bare = new Retry(SUB, 2, 1043, "evt-2", "/shop/eu", null, 0, 1, T0, T0, -1, null);

        store.retries().schedule(keyed);
        store.retries().schedule(bare);

        assertThat(store.retries().find(SUB, 2, 1042)).contains(keyed);
        assertThat(store.retries().find(SUB, 2, 1043)).contains(bare);
        assertThat(store.retries().find(SUB, 2, 1044)).isEmpty();
        assertThat(store.retries().find(OTHER, 2, 1042)).isEmpty();
    }

    @Test
    void schedulingTheSamePositionAgainReplacesTheRetry() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 0, 7));
        Retry later = new Retry(SUB, 0, 7, "evt-0-7", "/shop", null, 0, 2, T0, T0.plusSeconds(60), 500, "boom");

        store.retries().schedule(later);

        assertThat(store.retries().find(SUB, 0, 7)).contains(later);
        assertThat(store.retries().count(SUB)).isEqualTo(1);
    }

    @Test
    void schedulingForAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> store.retries().schedule(retry("nobody", 0, 1)))
                .isInstanceOf(SubscriptionNotFoundException.class)
                .hasMessageContaining("nobody");
        assertThat(store.retries().count("nobody")).isZero();
    }

    @Test
    void dueReturnsOnlyRetriesDueByNow() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 0, 1, 0, T0.minusSeconds(1)));
        store.retries().schedule(retry(SUB, 0, 2, 0, T0));
        store.retries().schedule(retry(SUB, 0, 3, 0, T0.plusMillis(1)));
        store.retries().schedule(retry(SUB, 0, 4, 9, T0.plusSeconds(60)));

        assertThat(store.retries().due(SUB, T0, 10)).extracting(Retry::offset).containsExactly(1L, 2L);
        assertThat(store.retries().due(SUB, T0.minusSeconds(2), 10)).isEmpty();
    }

    @Test
    void dueOrdersByPriorityThenDueTimeThenOffset() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 0, 10, 0, T0.minusSeconds(50)));
        store.retries().schedule(retry(SUB, 0, 11, 5, T0.minusSeconds(1)));
        store.retries().schedule(retry(SUB, 1, 12, 5, T0.minusSeconds(9)));
        store.retries().schedule(retry(SUB, 0, 13, -3, T0.minusSeconds(99)));
        store.retries().schedule(retry(SUB, 1, 3, 5, T0.minusSeconds(1)));
        store.retries().schedule(retry(SUB, 0, 14, 0, T0.minusSeconds(60)));

        assertThat(store.retries().due(SUB, T0, 10))
                .extracting(Retry::offset)
                .containsExactly(12L, 3L, 11L, 14L, 10L, 13L);
        assertThat(store.retries().due(SUB, T0, 4)).extracting(Retry::offset).containsExactly(12L, 3L, 11L, 14L);
    }

    @Test
    void dueReturnsAtMostMaxOfTenThousandRetries() {
        subscribe(SUB);
        subscribe(OTHER);
        for (int i = 0; i < 10_000; i++) {
            int priority = i % 3;
            store.retries().schedule(retry(SUB, i % 4, i, priority, T0.minusSeconds(i % 500)));
        }
        store.retries().schedule(retry(OTHER, 0, 1, 99, T0.minusSeconds(9999)));

        List<Retry> due = store.retries().due(SUB, T0, 100);

        assertThat(due).hasSize(100).allSatisfy(r -> {
            assertThat(r.subscriptionId()).isEqualTo(SUB);
            assertThat(r.priority()).isEqualTo(2);
        });
        assertThat(due).extracting(Retry::dueAt).isSortedAccordingTo(Instant::compareTo);
        assertThat(due.get(0).dueAt()).isEqualTo(T0.minusSeconds(499));
        assertThat(store.retries().count(SUB)).isEqualTo(10_000);
    }

    @Test
    void dueFillsUpFromLowerPrioritiesWhenHigherOnesAreNotDue() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 0, 1, 9, T0.plusSeconds(60)));
        store.retries().schedule(retry(SUB, 0, 2, 5, T0.minusSeconds(1)));
        store.retries().schedule(retry(SUB, 0, 3, 1, T0.minusSeconds(1)));
        store.retries().schedule(retry(SUB, 0, 4, 1, T0.minusSeconds(2)));

        assertThat(store.retries().due(SUB, T0, 2)).extracting(Retry::offset).containsExactly(2L, 4L);
    }

    @Test
    void nextDueIsTheEarliestAcrossPriorities() {
        subscribe(SUB);
        assertThat(store.retries().nextDue(SUB)).isEmpty();

        store.retries().schedule(retry(SUB, 0, 1, 9, T0.plusSeconds(60)));
        store.retries().schedule(retry(SUB, 0, 2, 0, T0.plusSeconds(5)));
        store.retries().schedule(retry(SUB, 1, 3, 4, T0.plusSeconds(30)));

        assertThat(store.retries().nextDue(SUB)).contains(T0.plusSeconds(5));
        assertThat(store.retries().nextDue(OTHER)).isEmpty();
    }

    @Test
    void removeDeletesOneRetry() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 0, 1));
        store.retries().schedule(retry(SUB, 0, 2));

        store.retries().remove(SUB, 0, 1);
        store.retries().remove(SUB, 0, 99);

        assertThat(store.retries().find(SUB, 0, 1)).isEmpty();
        assertThat(store.retries().find(SUB, 0, 2)).isPresent();
        assertThat(store.retries().count(SUB)).isEqualTo(1);
    }

    @Test
    void resolvingHandsTheKeyOnToItsFirstParkedRetryInOffsetOrder() {
        subscribe(SUB);
        store.retries().schedule(withKey(retry(SUB, 0, 1), "customer-1"));
        store.retries().schedule(parked(SUB, 0, 7, "customer-1"));
        store.retries().schedule(parked(SUB, 0, 4, "customer-1"));
        store.retries().schedule(parked(SUB, 0, 5, "customer-2"));
        store.retries().schedule(parked(SUB, 1, 2, "customer-1"));
        assertThat(store.retries().due(SUB, T0.plusSeconds(3600), 10)).extracting(Retry::offset).containsExactly(1L);

        Instant now = T0.plusSeconds(60);
        assertThat(store.retries().resolve(SUB, 0, 1, "customer-1", now)).isTrue();

        assertThat(store.retries().find(SUB, 0, 1)).isEmpty();
        Retry handedOn = store.retries().find(SUB, 0, 4).orElseThrow();
        assertThat(handedOn.parked()).isFalse();
        assertThat(handedOn.dueAt()).isEqualTo(now);
        assertThat(handedOn.firstAttemptAt()).isEqualTo(now);
        assertThat(store.retries().find(SUB, 0, 7).orElseThrow().parked()).isTrue();
        assertThat(store.retries().find(SUB, 0, 5).orElseThrow().parked()).isTrue();
        assertThat(store.retries().find(SUB, 1, 2).orElseThrow().parked()).isTrue();

        assertThat(store.retries().resolve(SUB, 0, 4, "customer-1", now)).isTrue();
        assertThat(store.retries().resolve(SUB, 0, 7, "customer-1", now)).isFalse();
        assertThat(store.retries().resolve(SUB, 0, 99, null, now)).isFalse();
        assertThat(store.retries().count(SUB)).isEqualTo(2);
    }

    static Retry parked(String subscription, int partition, long offset, String key) {
        return new Retry(subscription, partition, offset, "evt-" + partition + "-" + offset, "/shop", key, 0, 0, T0,
                Retry.PARKED, -1, null);
    }

    @Test
    void listsTheOffsetsOfAPartitionsRetriesFromAnOffset() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 0, 3));
        store.retries().schedule(retry(SUB, 0, 9));
        store.retries().schedule(retry(SUB, 0, 5));
        store.retries().schedule(retry(SUB, 1, 7));

        assertThat(store.retries().offsetsFrom(SUB, 0, 4, 10)).containsExactly(5L, 9L);
        assertThat(store.retries().offsetsFrom(SUB, 0, 0, 2)).containsExactly(3L, 5L);
        assertThat(store.retries().offsetsFrom(SUB, 2, 0, 10)).isEmpty();
    }

    @Test
    void countsTheRetriesOfOneSubscription() {
        subscribe(SUB);
        subscribe(OTHER);
        store.retries().schedule(retry(SUB, 0, 1));
        store.retries().schedule(retry(SUB, 1, 1));
        store.retries().schedule(retry(OTHER, 0, 1));

        assertThat(store.retries().count(SUB)).isEqualTo(2);
        assertThat(store.retries().count("nobody")).isZero();
    }

    @Test
    void listPagesByPartitionAndOffsetWithAStableCursor() {
        subscribe(SUB);
        store.retries().schedule(retry(SUB, 1, 5));
        store.retries().schedule(retry(SUB, 0, 9));
        store.retries().schedule(retry(SUB, 0, 3));
        store.retries().schedule(retry(SUB, 2, 1));
        store.retries().schedule(retry(SUB, 1, 6));

        List<Retry> first = store.retries().list(SUB, 2, null);
        // Retries that come and go before the cursor neither repeat nor hide what follows it.
        store.retries().remove(SUB, 0, 3);
        store.retries().schedule(retry(SUB, 0, 1));
        List<Retry> second = store.retries().list(SUB, 2, first.get(1).cursor());
        List<Retry> third = store.retries().list(SUB, 2, second.get(1).cursor());

        assertThat(positions(first)).containsExactly("0:3", "0:9");
        assertThat(positions(second)).containsExactly("1:5", "1:6");
        assertThat(positions(third)).containsExactly("2:1");
        assertThat(store.retries().list(SUB, 2, third.get(0).cursor())).isEmpty();
    }

    @Test
    void listRejectsAMalformedCursor() {
        subscribe(SUB);
        for (String cursor : new String[] {"", "abc", "1:", ":2", "-1:5", "1:x", "1:2:3"}) {
            assertThatThrownBy(() -> store.retries().list(SUB, 10, cursor))
                    .as(cursor)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cursor");
        }
    }

    @Test
    void retryingKeysArePerPartitionAndSkipRetriesWithoutAKey() {
        subscribe(SUB);
        subscribe(OTHER);
        store.retries().schedule(withKey(retry(SUB, 0, 1), "customer-1"));
        store.retries().schedule(withKey(retry(SUB, 0, 2), "customer-1"));
        store.retries().schedule(withKey(retry(SUB, 0, 3), "customer-2"));
        store.retries().schedule(retry(SUB, 0, 4));
        store.retries().schedule(withKey(retry(SUB, 1, 5), "customer-3"));
        store.retries().schedule(withKey(retry(OTHER, 0, 6), "customer-4"));

        assertThat(store.retries().retryingKeys(SUB, 0)).containsExactlyInAnyOrder("customer-1", "customer-2");
        assertThat(store.retries().retryingKeys(SUB, 1)).containsExactly("customer-3");
        assertThat(store.retries().retryingKeys(SUB, 2)).isEmpty();
    }

    @Test
    void truncatesALongErrorToOneKilobyte() {
        subscribe(SUB);
        String ascii = "x".repeat(5_000);
        String accented = "é".repeat(1_000);

        store.retries().schedule(withError(retry(SUB, 0, 1), ascii));
        store.retries().schedule(withError(retry(SUB, 0, 2), accented));
        store.retries().schedule(withError(retry(SUB, 0, 3), "short"));

        assertThat(store.retries().find(SUB, 0, 1).orElseThrow().lastError()).isEqualTo("x".repeat(1024));
        String cut = store.retries().find(SUB, 0, 2).orElseThrow().lastError();
        assertThat(cut).isEqualTo("é".repeat(512));
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(RetryQueue.MAX_ERROR_BYTES);
        assertThat(store.retries().find(SUB, 0, 3).orElseThrow().lastError()).isEqualTo("short");
    }

    @Test
    void retriesSurviveReopening() {
        subscribe(SUB);
        List<Retry> scheduled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            scheduled.add(withKey(retry(SUB, i % 2, i), "k" + i));
            store.retries().schedule(scheduled.get(i));
        }

        reopen();

        assertThat(store.retries().list(SUB, 10, null)).containsExactlyInAnyOrderElementsOf(scheduled);
    }

    @Test
    void rejectsBadArguments() {
        subscribe(SUB);
        assertThatThrownBy(() -> store.retries().due(SUB, T0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
        assertThatThrownBy(() -> store.retries().list(SUB, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.retries().schedule(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retry(SUB, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
    }

    private static List<String> positions(List<Retry> retries) {
        return retries.stream().map(Retry::cursor).toList();
    }

    private static Retry withError(Retry retry, String error) {
        return new Retry(retry.subscriptionId(), retry.partition(), retry.offset(), retry.eventId(),
                retry.eventSource(), retry.key(), retry.priority(), retry.attempts(), retry.firstAttemptAt(),
                retry.dueAt(), retry.lastStatus(), error);
    }
}
