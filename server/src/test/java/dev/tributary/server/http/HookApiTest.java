package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GitHub delivery, signed by GitHub's own library (the committed vectors), comes in through {@code POST
 * /v1/hooks/{name}}, is verified without an API key, stored byte for byte as a CloudEvent, and a retry of it is a
 * duplicate; a forged one writes nothing.
 */
class HookApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;

    static TestNode node;
    static JsonNode github;

    @BeforeAll
    static void start() throws Exception {
        node = new TestNode(dir);
        node.createBus("repos", 1);
        github = JSON.readTree(HookApiTest.class.getResourceAsStream("/hooks/github.json"));
        ObjectNode definition = ((ObjectNode) github.get("config").deepCopy()).put("name", "gh").put("bus", "repos");
        HttpResponse<String> created = node.post("/v1/hooks", "application/json", definition.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).path("secrets").toString()).isEqualTo("[\"***\",\"***\"]");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void storesAVerifiedDeliveryByteForByteAndAnswersItsRetryAsADuplicate() throws Exception {
        JsonNode vector = vector("signed with the current secret");

        HttpResponse<String> first = deliver(vector);
        HttpResponse<String> retry = deliver(vector);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("results").get(0).path("duplicate").asBoolean()).isFalse();
        assertThat(JSON.readTree(retry.body()).path("results").get(0).path("duplicate").asBoolean()).isTrue();
        JsonNode stored = JSON.readTree(node.get("/v1/buses/repos/partitions/0/events?from=0&limit=10").body())
                .path("events");
        JsonNode event = stored.get(0).path("event");
        assertThat(event.path("id").asText()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(event.path("type").asText()).isEqualTo("com.github.pull_request.opened");
        assertThat(event.path("source").asText()).isEqualTo("https://github.com/tributary-dev/tributary");
        assertThat(event.path("data").path("pull_request").path("title").asText()).isEqualTo("Café ☕ fix");
    }

    @Test
    void refusesAForgedOrTamperedDeliveryWritingNothingAndCountsIt() throws Exception {
        long before = storedEvents();
        for (String name : new String[] {"signed with another secret", "tampered body", "missing signature header"}) {
            HttpResponse<String> refused = deliver(vector(name));
            assertThat(refused.statusCode()).as(name).isEqualTo(401);
            assertThat(refused.body()).as(name).doesNotContain("tributary-github");
        }
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(node.get("/metrics").body())
                .contains("tributary_hook_refusals_total{hook=\"gh\",reason=\"signature-mismatch\"}");
    }

    @Test
    void managingHooksNeedsTheHooksScopeAndPublishOnTheBus() throws Exception {
        String hooksOnly = JSON.readTree(node.post("/v1/keys", "application/json",
                "{\"name\":\"hooks-admin\",\"scopes\":[\"hooks\"]}").body()).path("token").asText();
        HttpResponse<String> refused = node.send(HttpRequest.newBuilder(node.uri("/v1/hooks"))
                .header("authorization", "Bearer " + hooksOnly).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"gh2\",\"bus\":\"repos\",\"provider\":\"github\",\"secrets\":[\"s3cr3t-value\"]}"))
                .build());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("scope").asText()).isEqualTo("publish:repos");
        assertThat(node.get("/v1/hooks/gh").body()).doesNotContain("tributary-github");
    }

    @Test
    void refusesBadHookDefinitionsNamingTheMember() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"name\":\"x\",\"bus\":\"repos\",\"provider\":\"gitlab\",\"secrets\":[\"a\"]}", "provider",
                "{\"name\":\"x\",\"bus\":\"repos\",\"provider\":\"github\"}", "secrets",
                "{\"name\":\"x\",\"bus\":\"repos\",\"provider\":\"github\",\"secrets\":[\"a\",\"b\",\"c\"]}", "secrets",
                "{\"name\":\"x\",\"bus\":\"Repos!\",\"provider\":\"github\",\"secrets\":[\"a\"]}", "bus",
                "{\"name\":\"x\",\"bus\":\"repos\",\"provider\":\"stripe\",\"secrets\":[\"whsec_a\"],\"tolerance\":\"P9D\"}",
                "tolerance");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> answer = node.post("/v1/hooks", "application/json", c.getKey());
            assertThat(answer.statusCode()).as(c.getKey() + " → " + answer.body()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("field").asText()).as(c.getKey()).startsWith(c.getValue());
        }
    }

    private static JsonNode vector(String name) {
        for (JsonNode v : github.get("vectors")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no vector " + name);
    }

    /** The vector's request as the provider sends it: no API key. */
    private static HttpResponse<String> deliver(JsonNode vector) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri("/v1/hooks/gh"))
                .POST(HttpRequest.BodyPublishers.ofString(vector.path("body").asText(), StandardCharsets.UTF_8));
        vector.path("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("user-agent")) {
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        return node.sendAs(request.build());
    }

    private static long storedEvents() throws Exception {
        return JSON.readTree(node.get("/v1/buses/repos").body()).path("partitionStats").get(0).path("endOffset").asLong();
    }
}
