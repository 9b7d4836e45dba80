package dev.tributary.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.Bus;
import dev.tributary.broker.BusDefaults;
import dev.tributary.broker.BusNotFoundException;
import dev.tributary.broker.Buses;
import dev.tributary.broker.store.MetadataStore;
import dev.tributary.broker.store.RevisionConflictException;
import dev.tributary.broker.store.SubscriptionExistsException;
import dev.tributary.broker.store.SubscriptionNotFoundException;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.delivery.WebhookSecret;
import dev.tributary.core.filter.EvaluationErrors;
import dev.tributary.log.Durability;
import dev.tributary.log.LogListener;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Buses buses;
    private MetadataStore store;
    private Subscriptions subscriptions;
    private Bus orders;

    @BeforeEach
    void open() {
        buses = Buses.open(dir.resolve("data"), new BusDefaults(Durability.NONE, 1 << 20, Duration.ofMinutes(2)),
                Clock.systemUTC(), name -> LogListener.NONE);
        store = MetadataStore.openSqlite(dir.resolve("meta.db"));
        subscriptions = new Subscriptions(store, buses, Clock.systemUTC(), id -> EvaluationErrors.ignore());
        orders = buses.create("orders", 2, Duration.ofDays(1), -1);
    }

    @AfterEach
    void close() {
        store.close();
        buses.close();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void publish(int count) {
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(CloudEventBuilder.v1().withId("e" + i).withSource(URI.create("/t")).withType("t").build());
        }
        orders.publish(events).join();
    }

    private long endOffsets() {
        return orders.log().state(0).endOffset() + orders.log().state(1).endOffset();
    }

    @Test
    void createsASubscriptionThatStartsAtTheEnd() {
        publish(10);

        Subscription created = subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://crm.example.com/h\"}"));

        assertThat(created.state()).isEqualTo(Subscription.State.ACTIVE);
        assertThat(created.revision()).isEqualTo(1);
        assertThat(subscriptions.positions("crm").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(endOffsets());
        assertThat(buses.find("crm-dlq")).as("created by the first dead letter, not before").isEmpty();
        assertThat(subscriptions.get("crm").toJson()).isEqualTo(created.toJson());
        assertThat(subscriptions.list("orders")).extracting(Subscription::id).containsExactly("crm");
        assertThat(subscriptions.list("payments")).isEmpty();
    }

    @Test
    void startsFromTheEarliestOffsetWhenAsked() {
        publish(10);

        subscriptions.create(json("{\"id\":\"replay\",\"bus\":\"orders\",\"sink\":\"https://x.example\",\"startAt\":\"earliest\"}"));

        assertThat(subscriptions.positions("replay")).containsExactly(Map.entry(0, 0L), Map.entry(1, 0L));
    }

    @Test
    void generatesAnIdWhenNoneIsGiven() {
        Subscription created = subscriptions.create(json("{\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));

        assertThat(created.id()).matches("sub-[a-z0-9]{12}");
    }

    @Test
    void refusesUnknownBusesTakenIdsAndMissingForwardTargets() {
        subscriptions.create(json("{\"id\":\"a\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));

        assertThatThrownBy(() -> subscriptions.create(json("{\"id\":\"b\",\"bus\":\"nope\",\"sink\":\"https://x.example\"}")))
                .isInstanceOf(BusNotFoundException.class);
        assertThatThrownBy(() -> subscriptions.create(json("{\"id\":\"a\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}")))
                .isInstanceOf(SubscriptionExistsException.class);
        assertThatThrownBy(() -> subscriptions.create(json("{\"id\":\"c\",\"bus\":\"orders\",\"sink\":\"bus:missing\"}")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("sink"));
        assertThatThrownBy(() -> subscriptions.create(json("{\"id\":\"d\",\"bus\":\"orders\",\"sink\":\"bus:orders\"}")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("sink"));
        assertThatThrownBy(() -> subscriptions.create(json("{\"id\":\"e\",\"bus\":\"orders\",\"sink\":\"https://x.example\",\"startAt\":{\"5\":0}}")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("startAt.5"));
        assertThat(subscriptions.list(null)).extracting(Subscription::id).containsExactly("a");
    }

    @Test
    void updateKeepsOffsetsStateAndARedactedCredential() {
        subscriptions.create(json("""
                {"id":"crm","bus":"orders","sink":"https://crm.example.com/h","sinkcredential":{"type":"bearer","token":"s3cret"}}"""));
        subscriptions.reset("crm", StartPosition.EARLIEST);
        subscriptions.pause("crm", "maintenance");
        JsonNode shown = subscriptions.get("crm").toJson();
        ((ObjectNode) shown.path("delivery")).put("maxInFlight", 8);

        Subscription updated = subscriptions.update("crm", shown, OptionalLong.empty());

        assertThat(updated.spec().delivery().maxInFlight()).isEqualTo(8);
        assertThat(updated.state()).isEqualTo(Subscription.State.PAUSED);
        assertThat(updated.pausedReason()).isEqualTo("maintenance");
        assertThat(((SinkSpec.Http) updated.spec().sink()).credential()).isEqualTo(new SinkSpec.Credential.Bearer("s3cret"));
        assertThat(subscriptions.positions("crm")).containsExactly(Map.entry(0, 0L), Map.entry(1, 0L));
    }

    @Test
    void updateAtAStaleRevisionConflicts() {
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));
        subscriptions.pause("crm", "first");

        assertThatThrownBy(() -> subscriptions.update(
                        "crm", json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://y.example\"}"), OptionalLong.of(1)))
                .isInstanceOf(RevisionConflictException.class);
        assertThatThrownBy(() -> subscriptions.update(
                        "crm", json("{\"id\":\"crm\",\"bus\":\"other\",\"sink\":\"https://y.example\"}"), OptionalLong.empty()))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("bus"));
    }

    @Test
    void pausesAndResumes() {
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));

        assertThat(subscriptions.pause("crm", "410 Gone from the sink").state()).isEqualTo(Subscription.State.PAUSED);
        Subscription resumed = subscriptions.resume("crm");

        assertThat(resumed.state()).isEqualTo(Subscription.State.ACTIVE);
        assertThat(resumed.pausedReason()).isNull();
        assertThat(resumed.revision()).isEqualTo(3);
    }

    @Test
    void resetMovesNamedPartitionsOnlyAndRefusesOffsetsOutsideTheLog() {
        publish(20);
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));
        long end1 = orders.log().state(1).endOffset();

        Map<Integer, Long> moved = subscriptions.reset("crm", new StartPosition.AtOffsets(Map.of(0, 1L)));

        assertThat(moved).containsExactly(Map.entry(0, 1L));
        assertThat(subscriptions.positions("crm")).containsEntry(0, 1L).containsEntry(1, end1);
        assertThatThrownBy(() -> subscriptions.reset("crm", new StartPosition.AtOffsets(Map.of(1, end1 + 1))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("position.1"));
    }

    @Test
    void deletesASubscription() {
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));

        assertThat(subscriptions.delete("crm")).isTrue();
        assertThat(subscriptions.delete("crm")).isFalse();
        assertThatThrownBy(() -> subscriptions.get("crm")).isInstanceOf(SubscriptionNotFoundException.class);
        assertThatThrownBy(() -> subscriptions.positions("crm")).isInstanceOf(SubscriptionNotFoundException.class);
        assertThat(store.cursors().get("crm")).isEmpty();
    }

    @Test
    void signsHttpSinksWithAGeneratedSecretAndKeepsItThroughARedactedUpdate() {
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));
        List<WebhookSecret> generated = subscriptions.signingSecrets("crm");
        JsonNode shown = subscriptions.get("crm").toJson();

        subscriptions.update("crm", shown, OptionalLong.empty());

        assertThat(generated).hasSize(1);
        assertThat(shown.path("signing").path("secrets").get(0).asText()).isEqualTo(SubscriptionSpec.REDACTED_SECRET);
        assertThat(subscriptions.signingSecrets("crm")).isEqualTo(generated);
    }

    @Test
    void rotatesSecretsByPrependingANewOneToTheRedactedOld() {
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));
        WebhookSecret old = subscriptions.signingSecrets("crm").get(0);
        WebhookSecret fresh = WebhookSecret.generate(new SecureRandom());
        ObjectNode shown = subscriptions.get("crm").toJson();
        ((ArrayNode) shown.path("signing").path("secrets")).insert(0, fresh.encoded());

        subscriptions.update("crm", shown, OptionalLong.empty());

        assertThat(subscriptions.signingSecrets("crm")).containsExactly(fresh, old);
        assertThat(subscriptions.get("crm").toJson().path("signing").path("secrets"))
                .extracting(JsonNode::asText)
                .containsOnly(SubscriptionSpec.REDACTED_SECRET);
    }

    @Test
    void tellsListenersAboutChangesAndStopsDeliveryBeforeAReset() {
        List<String> calls = new ArrayList<>();
        subscriptions.addListener(new SubscriptionListener() {
            @Override
            public void changed(String id) {
                calls.add("changed " + id);
            }

            @Override
            public void resetting(String id) {
                calls.add("resetting " + id);
            }
        });

        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\"}"));
        subscriptions.pause("crm", "why");
        subscriptions.reset("crm", StartPosition.EARLIEST);
        subscriptions.delete("crm");

        assertThat(calls).containsExactly("changed crm", "changed crm", "resetting crm", "changed crm", "changed crm");
    }

    @Test
    void survivesAReopenOfTheStore() {
        subscriptions.create(json("{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://x.example\",\"types\":[\"t\"]}"));
        store.close();
        store = MetadataStore.openSqlite(dir.resolve("meta.db"));
        subscriptions = new Subscriptions(store, buses, Clock.systemUTC(), id -> EvaluationErrors.ignore());

        assertThat(subscriptions.get("crm").spec().types()).containsExactly("t");
    }
}
