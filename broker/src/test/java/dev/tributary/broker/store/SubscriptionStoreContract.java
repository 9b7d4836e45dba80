package dev.tributary.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of {@link SubscriptionStore}; subclasses say which implementation runs it. */
public abstract class SubscriptionStoreContract extends StoreContract {

    @Test
    void createsASubscriptionAtRevisionOne() {
        StoredSubscription created = store.subscriptions().create(SUB, "orders", "{\"a\":1}", T0);

        assertThat(created).isEqualTo(new StoredSubscription(SUB, "orders", "{\"a\":1}", 1, T0, T0));
        assertThat(store.subscriptions().get(SUB)).contains(created);
    }

    @Test
    void keepsTheDocumentTextExactly() {
        String document = "{ \"name\" : \"Bestellungen – größer\",\n  \"emoji\": \"📦\" }";

        store.subscriptions().create(SUB, "orders", document, T0);

        assertThat(store.subscriptions().get(SUB).orElseThrow().document()).isEqualTo(document);
    }

    @Test
    void keepsTimesToTheMicrosecond() {
        Instant now = Instant.parse("2026-03-01T12:00:00.123456789Z");

        StoredSubscription created = store.subscriptions().create(SUB, "orders", "{}", now);

        assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
        assertThat(store.subscriptions().get(SUB)).contains(created);
    }

    @Test
    void refusesToCreateATakenIdAndKeepsTheFirst() {
        StoredSubscription first = subscribe(SUB);

        assertThatThrownBy(() -> store.subscriptions().create(SUB, "payments", "{}", T0.plusSeconds(1)))
                .isInstanceOf(SubscriptionExistsException.class)
                .hasMessageContaining(SUB);
        assertThat(store.subscriptions().get(SUB)).contains(first);
    }

    @Test
    void getsNothingForAnUnknownId() {
        assertThat(store.subscriptions().get("nobody")).isEmpty();
    }

    @Test
    void listsAllSubscriptionsOrderedById() {
        store.subscriptions().create("c", "payments", "{}", T0);
        store.subscriptions().create("a", "orders", "{}", T0);
        store.subscriptions().create("b", "orders", "{}", T0);

        assertThat(store.subscriptions().list(null)).extracting(StoredSubscription::id).containsExactly("a", "b", "c");
    }

    @Test
    void listsTheSubscriptionsOfOneBus() {
        store.subscriptions().create("c", "orders", "{}", T0);
        store.subscriptions().create("a", "orders", "{}", T0);
        store.subscriptions().create("b", "payments", "{}", T0);

        assertThat(store.subscriptions().list("orders")).extracting(StoredSubscription::id).containsExactly("a", "c");
        assertThat(store.subscriptions().list("nothing")).isEmpty();
    }

    @Test
    void updateReplacesTheDocumentAndAdvancesTheRevision() {
        subscribe(SUB);

        StoredSubscription updated = store.subscriptions().update(SUB, "{\"v\":2}", 1, T0.plusSeconds(60));

        assertThat(updated).isEqualTo(new StoredSubscription(SUB, "orders", "{\"v\":2}", 2, T0, T0.plusSeconds(60)));
        assertThat(store.subscriptions().get(SUB)).contains(updated);
        assertThat(store.subscriptions().update(SUB, "{\"v\":3}", 2, T0.plusSeconds(61)).revision()).isEqualTo(3);
    }

    @Test
    void updateFromAStaleRevisionConflictsAndChangesNothing() {
        subscribe(SUB);
        StoredSubscription current = store.subscriptions().update(SUB, "{\"v\":2}", 1, T0.plusSeconds(1));

        assertThatThrownBy(() -> store.subscriptions().update(SUB, "{\"lost\":true}", 1, T0.plusSeconds(2)))
                .isInstanceOfSatisfying(RevisionConflictException.class, e -> {
                    assertThat(e.currentRevision()).isEqualTo(2);
                    assertThat(e.expectedRevision()).isEqualTo(1);
                })
                .hasMessageContaining(SUB);
        assertThat(store.subscriptions().get(SUB)).contains(current);
    }

    @Test
    void updateOfAnUnknownSubscriptionIsNotFound() {
        assertThatThrownBy(() -> store.subscriptions().update("nobody", "{}", 1, T0))
                .isInstanceOf(SubscriptionNotFoundException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void deleteRemovesTheSubscriptionWithItsCursorsRetriesAndAttempts() {
        subscribe(SUB);
        subscribe(OTHER);
        for (String id : new String[] {SUB, OTHER}) {
            store.cursors().commit(id, Map.of(0, 10L, 1, 20L));
            store.retries().schedule(retry(id, 0, 5));
            store.attempts().record(attempt(id, "evt-1", 1, T0));
        }

        assertThat(store.subscriptions().delete(SUB)).isTrue();

        assertThat(store.subscriptions().get(SUB)).isEmpty();
        assertThat(store.cursors().get(SUB)).isEmpty();
        assertThat(store.retries().count(SUB)).isZero();
        assertThat(store.attempts().bySubscription(SUB, 10, Long.MAX_VALUE)).isEmpty();
        assertThat(store.cursors().get(OTHER)).hasSize(2);
        assertThat(store.retries().count(OTHER)).isEqualTo(1);
        assertThat(store.attempts().bySubscription(OTHER, 10, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void aSubscriptionCreatedAgainAfterDeleteStartsClean() {
        subscribe(SUB);
        store.cursors().commit(SUB, Map.of(0, 10L));
        store.subscriptions().update(SUB, "{}", 1, T0);
        store.subscriptions().delete(SUB);

        StoredSubscription again = subscribe(SUB);

        assertThat(again.revision()).isEqualTo(1);
        assertThat(store.cursors().get(SUB)).isEmpty();
    }

    @Test
    void deleteOfAnUnknownSubscriptionReturnsFalse() {
        assertThat(store.subscriptions().delete("nobody")).isFalse();
    }

    @Test
    void subscriptionsSurviveReopening() {
        subscribe(SUB);
        StoredSubscription updated = store.subscriptions().update(SUB, "{\"v\":2}", 1, T0.plusSeconds(5));

        reopen();

        assertThat(store.subscriptions().list(null)).containsExactly(updated);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> store.subscriptions().create(" ", "orders", "{}", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> store.subscriptions().create(SUB, "", "{}", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bus");
        assertThatThrownBy(() -> store.subscriptions().create(SUB, "orders", null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.subscriptions().update(SUB, "{}", 0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expectedRevision");
        assertThat(store.subscriptions().list(null)).isEmpty();
    }
}
