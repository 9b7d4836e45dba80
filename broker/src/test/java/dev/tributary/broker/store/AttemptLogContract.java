package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link AttemptLog}; subclasses say which implementation runs it. */
public abstract class AttemptLogContract extends StoreContract {

    @Test
    void recordAssignsIncreasingSequences() {
        subscribe(SUB);

        long first = store.attempts().record(attempt(SUB, "evt-1", 1, T0));
        long second = store.attempts().record(attempt(SUB, "evt-1", 2, T0.plusSeconds(1)));
        long third = store.attempts().record(attempt(SUB, "evt-2", 1, T0));

        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void keepsEveryFieldOfAnAttempt() {
        subscribe(SUB);
        Attempt delivered = new Attempt(0, SUB, 3, 1042, "evt-1", "/shop/eu", 2, T0.plusNanos(123_456_000),
                Duration.ofNanos(87_654_000), 200, "DELIVERED", null, "ok");
        Attempt refused = new Attempt(0, SUB, 3, 1043, "evt-2", "/shop/eu", 1, T0, Duration.ZERO, -1, "REFUSED",
                "connection refused", null);

        long deliveredSequence = store.attempts().record(delivered);
        long refusedSequence = store.attempts().record(refused);

        assertThat(store.attempts().bySubscription(SUB, 10, Long.MAX_VALUE))
                .containsExactly(withSequence(refused, refusedSequence), withSequence(delivered, deliveredSequence));
    }

    @Test
    void recordForAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> store.attempts().record(attempt("nobody", "evt-1", 1, T0)))
                .isInstanceOf(SubscriptionNotFoundException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void recordAllKeepsTheOrderOfTheList() {
        subscribe(SUB);
        subscribe(OTHER);

        store.attempts().recordAll(List.of(
                attempt(SUB, "evt-1", 1, T0), attempt(OTHER, "evt-2", 1, T0), attempt(SUB, "evt-3", 1, T0)));

        assertThat(store.attempts().bySubscription(SUB, 10, Long.MAX_VALUE))
                .extracting(Attempt::eventId)
                .containsExactly("evt-3", "evt-1");
        assertThat(store.attempts().bySubscription(OTHER, 10, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void recordAllRecordsNothingIfOneSubscriptionIsUnknown() {
        subscribe(SUB);

        assertThatThrownBy(() -> store.attempts()
                        .recordAll(List.of(attempt(SUB, "evt-1", 1, T0), attempt("nobody", "evt-2", 1, T0))))
                .isInstanceOf(SubscriptionNotFoundException.class);
        assertThat(store.attempts().bySubscription(SUB, 10, Long.MAX_VALUE)).isEmpty();
        store.attempts().recordAll(List.of());
    }

    @Test
    void bySubscriptionPagesNewestFirst() {
        subscribe(SUB);
        subscribe(OTHER);
        for (int i = 1; i <= 5; i++) {
            store.attempts().record(attempt(SUB, "evt-" + i, 1, T0.plusSeconds(i)));
            store.attempts().record(attempt(OTHER, "evt-" + i, 1, T0.plusSeconds(i)));
        }

        List<Attempt> newest = store.attempts().bySubscription(SUB, 2, Long.MAX_VALUE);
        List<Attempt> older = store.attempts().bySubscription(SUB, 2, newest.get(1).sequence());
        List<Attempt> oldest = store.attempts().bySubscription(SUB, 2, older.get(1).sequence());

        assertThat(newest).extracting(Attempt::eventId).containsExactly("evt-5", "evt-4");
        assertThat(older).extracting(Attempt::eventId).containsExactly("evt-3", "evt-2");
        assertThat(oldest).extracting(Attempt::eventId).containsExactly("evt-1");
        assertThat(store.attempts().bySubscription(SUB, 2, oldest.get(0).sequence())).isEmpty();
    }

    @Test
    void byEventListsTheAttemptsAtOneEventOldestFirst() {
        subscribe(SUB);
        subscribe(OTHER);
        store.attempts().record(attempt(SUB, "evt-1", 1, T0));
        store.attempts().record(attempt(SUB, "evt-2", 1, T0));
        store.attempts().record(attempt(OTHER, "evt-1", 1, T0));
        store.attempts().record(attempt(SUB, "evt-1", 2, T0.plusSeconds(10)));
        store.attempts().record(new Attempt(0, SUB, 0, 1, "evt-1", "/elsewhere", 1, T0, Duration.ZERO, 200,
                "DELIVERED", null, null));

        assertThat(store.attempts().byEvent(SUB, "/shop", "evt-1"))
                .extracting(Attempt::attempt)
                .containsExactly(1, 2);
        assertThat(store.attempts().byEvent(SUB, "/shop", "evt-9")).isEmpty();
    }

    @Test
    void purgeBeforeDeletesOnlyOlderAttempts() {
        subscribe(SUB);
        subscribe(OTHER);
        store.attempts().record(attempt(SUB, "evt-1", 1, T0.minusSeconds(10)));
        store.attempts().record(attempt(OTHER, "evt-2", 1, T0.minusSeconds(1)));
        store.attempts().record(attempt(SUB, "evt-3", 1, T0));
        store.attempts().record(attempt(SUB, "evt-4", 1, T0.plusSeconds(1)));

        assertThat(store.attempts().purgeBefore(T0)).isEqualTo(2);

        assertThat(store.attempts().bySubscription(SUB, 10, Long.MAX_VALUE))
                .extracting(Attempt::eventId)
                .containsExactly("evt-4", "evt-3");
        assertThat(store.attempts().bySubscription(OTHER, 10, Long.MAX_VALUE)).isEmpty();
        assertThat(store.attempts().purgeBefore(T0)).isZero();
    }

    @Test
    void sequencesAreNeverReusedAfterThePurgeOfTheNewest() {
        subscribe(SUB);
        store.attempts().record(attempt(SUB, "evt-1", 1, T0));
        long last = store.attempts().record(attempt(SUB, "evt-2", 1, T0));
        store.attempts().purgeBefore(T0.plusSeconds(1));
        reopen();

        assertThat(store.attempts().record(attempt(SUB, "evt-3", 1, T0))).isGreaterThan(last);
    }

    @Test
    void truncatesLongErrorsAndResponsesToOneKilobyte() {
        subscribe(SUB);
        Attempt verbose = new Attempt(0, SUB, 0, 1, "evt-1", "/shop", 1, T0, Duration.ZERO, 500, "RETRY",
                "e".repeat(4_000), "€".repeat(1_000));

        store.attempts().record(verbose);

        Attempt kept = store.attempts().byEvent(SUB, "/shop", "evt-1").get(0);
        assertThat(kept.error()).isEqualTo("e".repeat(1024));
        assertThat(kept.response()).isEqualTo("€".repeat(341));
        assertThat(kept.response().getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(AttemptLog.MAX_TEXT_BYTES);
    }

    @Test
    void attemptsSurviveReopening() {
        subscribe(SUB);
        long sequence = store.attempts().record(attempt(SUB, "evt-1", 1, T0));

        reopen();

        assertThat(store.attempts().byEvent(SUB, "/shop", "evt-1"))
                .containsExactly(withSequence(attempt(SUB, "evt-1", 1, T0), sequence));
    }

    @Test
    void rejectsBadArguments() {
        subscribe(SUB);
        assertThatThrownBy(() -> store.attempts().bySubscription(SUB, 0, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> attempt(SUB, "evt-1", 0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt");
        assertThatThrownBy(() -> new Attempt(0, SUB, 0, 1, "evt-1", "/shop", 1, T0, Duration.ofSeconds(-1), 200,
                        "DELIVERED", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
    }

    private static Attempt withSequence(Attempt a, long sequence) {
        return new Attempt(sequence, a.subscriptionId(), a.partition(), a.offset(), a.eventId(), a.eventSource(),
                a.attempt(), a.startedAt(), a.duration(), a.status(), a.outcome(), a.error(), a.response());
    }
}
