package dev.tributary.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import dev.tributary.core.filter.EvaluationErrors;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SubscriptionSpec parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.has("bus")) {
                ((ObjectNode) node).put("bus", "orders");
            }
            return SubscriptionSpec.fromJson(node, "generated-1", EvaluationErrors.ignore());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static CloudEvent event(String type, String source) {
        return CloudEventBuilder.v1().withId("e1").withType(type).withSource(URI.create(source)).build();
    }

    @Test
    void appliesDefaultsToAMinimalDefinition() {
        SubscriptionSpec spec = parse("{\"sink\":\"https://crm.example.com/hook\"}");

        assertThat(spec.id()).isEqualTo("generated-1");
        assertThat(spec.bus()).isEqualTo("orders");
        assertThat(spec.sink()).isEqualTo(new SinkSpec.Http(URI.create("https://crm.example.com/hook"),
                SinkSpec.Mode.BINARY, Map.of(), new SinkSpec.Credential.None()));
        assertThat(spec.startAt()).isEqualTo(StartPosition.LATEST);
        DeliveryPolicy d = spec.delivery();
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxInFlight()).isEqualTo(64);
        assertThat(d.ordering()).isEqualTo(DeliveryPolicy.Ordering.UNORDERED);
        assertThat(d.deadLetterBus()).isEqualTo("generated-1-dlq");
        assertThat(d.retry().limits().maxAttempts()).hasValue(8);
        assertThat(spec.matches(event("anything", "/anywhere"))).isTrue();
    }

    @Test
    void acceptsTheDefinitionDocumentedInTheHttpApi() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("docs/http-api.md"));
        String section = doc.substring(doc.indexOf("## Subscriptions"));
        String json = section.substring(section.indexOf("```json\n") + 8, section.indexOf("```", section.indexOf("```json\n") + 8));

        SubscriptionSpec spec = parse(json);

        assertThat(spec.id()).isEqualTo("crm-orders");
        assertThat(spec.delivery().priority()).hasSize(1);
        assertThat(spec.delivery().overrides()).hasSize(1);
    }

    @Test
    void matchesSourceTypesAndFiltersTogether() {
        SubscriptionSpec spec = parse("""
                {"id":"paid","source":"/shop","types":["order.paid","order.refunded"],
                 "filters":[{"prefix":{"type":"order."}}],"sink":"bus:audit"}""");

        assertThat(spec.matches(event("order.paid", "/shop"))).isTrue();
        assertThat(spec.matches(event("order.paid", "/psp"))).isFalse();
        assertThat(spec.matches(event("order.placed", "/shop"))).isFalse();
        assertThat(spec.sink()).isEqualTo(new SinkSpec.Bus("audit"));
    }

    @Test
    void roundTripsThroughItsStoredJson() {
        SubscriptionSpec spec = parse("""
                {"id":"crm","sink":"https://crm.example.com/h","protocolsettings":{"mode":"structured","headers":{"x-team":"crm"}},
                 "sinkcredential":{"type":"bearer","token":"s3cret"},"config":{"owner":"crm"},
                 "delivery":{"backoff":{"kind":"fixed","delay":"PT5S"},"limits":{"maxAttempts":3},"ordering":"ordered",
                   "rateLimit":50,"maxInFlight":8,"priority":[{"when":"type = 'vip'","level":9}],
                   "overrides":[{"types":["order.refunded"],"limits":{"maxDuration":"P7D"}}]},
                 "startAt":{"0":12,"2":40}}""");

        JsonNode stored = spec.toJson(false);
        SubscriptionSpec again = SubscriptionSpec.fromJson(stored, "unused", EvaluationErrors.ignore());

        assertThat(again.toJson(false)).isEqualTo(stored);
        assertThat(again.sink()).isEqualTo(spec.sink());
        assertThat(again.startAt()).isEqualTo(new StartPosition.AtOffsets(Map.of(0, 12L, 2, 40L)));
        assertThat(again.delivery().ordering()).isEqualTo(DeliveryPolicy.Ordering.ORDERED);
    }

    @Test
    void redactsCredentialsInTheAnsweredForm() {
        SubscriptionSpec spec = parse("""
                {"sink":"https://crm.example.com/h","sinkcredential":{"type":"basic","username":"u","password":"p"}}""");

        assertThat(spec.toJson(true).path("sinkcredential").path("password").asText()).isEqualTo("***");
        assertThat(spec.toJson(false).path("sinkcredential").path("password").asText()).isEqualTo("p");
    }

    @Test
    void ranksEventsByTheFirstMatchingRuleThenTheirPriorityExtension() {
        DeliveryPolicy d = parse("""
                {"sink":"bus:x","delivery":{"priority":[{"when":"type = 'vip'","level":9},{"when":"TRUE = TRUE","level":3}]}}""")
                .delivery();
        DeliveryPolicy noRules = parse("{\"sink\":\"bus:x\"}").delivery();
        CloudEvent withExtension = CloudEventBuilder.v1(event("plain", "/s")).withExtension("priority", 7).build();

        assertThat(d.priorityOf(event("vip", "/s"))).isEqualTo(9);
        assertThat(d.priorityOf(event("plain", "/s"))).isEqualTo(3);
        assertThat(noRules.priorityOf(withExtension)).isEqualTo(7);
        assertThat(noRules.priorityOf(event("plain", "/s"))).isZero();
    }

    @Test
    void usesTheFirstOverrideThatMatchesTheEvent() {
        DeliveryPolicy d = parse("""
                {"sink":"bus:x","delivery":{"limits":{"maxAttempts":5},
                  "overrides":[{"sources":["/psp"],"limits":{"maxAttempts":20}},{"types":["a"],"limits":{"maxAttempts":2}}]}}""")
                .delivery();

        assertThat(d.retryFor(event("a", "/psp")).limits().maxAttempts()).hasValue(20);
        assertThat(d.retryFor(event("a", "/shop")).limits().maxAttempts()).hasValue(2);
        assertThat(d.retryFor(event("b", "/shop")).limits().maxAttempts()).hasValue(5);
    }

    @Test
    void readsEveryStartPosition() {
        assertThat(parse("{\"sink\":\"bus:x\",\"startAt\":\"earliest\"}").startAt()).isEqualTo(StartPosition.EARLIEST);
        assertThat(parse("{\"sink\":\"bus:x\",\"startAt\":\"2026-11-20T00:00:00Z\"}").startAt())
                .isEqualTo(new StartPosition.AtTime(Instant.parse("2026-11-20T00:00:00Z")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"sink\":\"https://x.example\",\"maxInFlight\":3}                        | maxInFlight",
        "{}                                                                        | sink",
        "{\"sink\":\"ftp://x.example\"}                                            | sink",
        "{\"sink\":\"https://u:p@x.example\"}                                      | sink",
        "{\"sink\":\"bus:Bad Name\"}                                               | sink",
        "{\"sink\":\"https://x.example\",\"protocol\":\"MQTT\"}                    | protocol",
        "{\"sink\":\"https://x.example\",\"id\":\"-bad\"}                          | id",
        "{\"sink\":\"https://x.example\",\"bus\":\"Payments\"}                     | bus",
        "{\"sink\":\"https://x.example\",\"bus\":\"\"}                             | bus",
        "{\"sink\":\"https://x.example\",\"types\":[\"\"]}                         | types[0]",
        "{\"sink\":\"https://x.example\",\"filters\":[{\"exact\":{\"type\":1}}]}   | filters[0].exact",
        "{\"sink\":\"https://x.example\",\"filters\":[{\"sql\":\"type = \"}]}      | filters[0].sql",
        "{\"sink\":\"https://x.example\",\"protocolsettings\":{\"mode\":\"raw\"}}  | protocolsettings.mode",
        "{\"sink\":\"https://x.example\",\"protocolsettings\":{\"headers\":{\"ce-id\":\"1\"}}} | protocolsettings.headers.ce-id",
        "{\"sink\":\"https://x.example\",\"protocolsettings\":{\"headers\":{\"x\":\"a\\r\\nb\"}}} | protocolsettings.headers.x",
        "{\"sink\":\"https://x.example\",\"sinkcredential\":{\"type\":\"bearer\"}} | sinkcredential.token",
        "{\"sink\":\"bus:x\",\"sinkcredential\":{\"type\":\"bearer\",\"token\":\"t\"}} | sinkcredential",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"maxInFlight\":0}}         | delivery.maxInFlight",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"timeout\":\"30s\"}}       | delivery.timeout",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"ordering\":\"fifo\"}}     | delivery.ordering",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"deadLetterBus\":\"A\"}}   | delivery.deadLetterBus",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"priority\":[{\"when\":\"type =\",\"level\":1}]}} | delivery.priority[0].when[0].sql",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"priority\":[{\"when\":\"TRUE\",\"level\":10}]}} | delivery.priority[0].level",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"overrides\":[{\"limits\":{\"maxAttempts\":2}}]}} | delivery.overrides[0]",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"circuitBreaker\":{\"failures\":0}}} | delivery.circuitBreaker.failures",
        "{\"sink\":\"https://x.example\",\"startAt\":\"yesterday\"}                | startAt",
        "{\"sink\":\"https://x.example\",\"startAt\":{\"x\":1}}                    | startAt.x",
        "{\"sink\":\"https://x.example\",\"transform\":{\"jsonata\":\"{\"}}         | transform.jsonata",
        "{\"sink\":\"https://x.example\",\"delivery\":{\"backoff\":{\"kind\":\"fixed\",\"delay\":\"-PT1S\"}}} | delivery.backoff.delay",
    })
    void rejectsABadDefinitionNamingTheMember(String json, String field) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
