package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.server.NodeConfig;
import dev.tributary.server.auth.AdminKeyFile;
import dev.tributary.server.auth.AuthSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route checks a credential and a scope; keys are made, used, listed and revoked; changes are audited. */
class AuthApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;

    static TestNode node;

    @BeforeAll
    static void start() {
        // the walks below fail many authentications from one address on purpose
        node = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(dir)
                .withAuth(new AuthSettings(true, Optional.empty(), AuthSettings.DEFAULT_OPEN, 100_000)));
        node.createBus("orders", 2);
        node.createBus("payments", 1);
        assertThat(node.post("/v1/subscriptions", "application/json",
                "{\"id\":\"crm\",\"bus\":\"orders\",\"sink\":\"https://crm.example.com/hook\"}").statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void writesTheFirstAdminKeyToAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve(AdminKeyFile.NAME);

        assertThat(Files.readString(file).strip()).matches("tbk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode keys = json(node.get("/v1/keys")).path("keys");
        assertThat(keys.get(0).path("name").asText()).isEqualTo("admin");
        assertThat(keys.get(0).path("scopes").toString()).isEqualTo("[\"admin\"]");
        assertThat(keys.toString()).doesNotContain(Files.readString(file).strip().substring(17));
    }

    @Test
    void everyDocumentedRouteRefusesARequestWithoutACredential() throws Exception {
        List<String> open = new ArrayList<>();
        for (Operation op : operations()) {
            HttpResponse<String> answer = node.sendAs(op.request(Optional.empty()));
            if (op.open()) {
                open.add(op.toString());
                continue;
            }
            assertThat(answer.statusCode()).as(op + " without a credential: " + answer.body()).isEqualTo(401);
            assertThat(answer.headers().firstValue("www-authenticate")).as(op.toString()).hasValue("Bearer realm=\"tributary\"");
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
        assertThat(open).containsExactlyInAnyOrder("get /health/live", "get /health/ready", "get /openapi.json",
                "post /v1/hooks/{name}", "options /v1/hooks/{name}");
    }

    @Test
    void everyDocumentedRouteRefusesAKeyWithoutItsScope() throws Exception {
        String metricsOnly = createKey("walk-metrics", "metrics");
        String schemasOnly = createKey("walk-schemas", "schemas");
        for (Operation op : operations()) {
            if (op.open()) {
                continue;
            }
            String token = op.scope().startsWith("metrics") ? schemasOnly : metricsOnly;
            HttpResponse<String> answer = node.sendAs(op.request(Optional.of(token)));
            assertThat(answer.statusCode()).as(op + " with a key lacking " + op.scope() + ": " + answer.body())
                    .isEqualTo(403);
            assertThat(json(answer).path("scope").asText()).as(op.toString()).isNotEmpty();
        }
    }

    @Test
    void aKeyDoesWhatItsScopesAllowAndNothingElseAndStopsAtOnceWhenRevoked() throws Exception {
        JsonNode created = json(node.post("/v1/keys", "application/json",
                "{\"name\":\"shop\",\"scopes\":[\"publish:orders\",\"read:order*\"]}"));
        String token = created.path("token").asText();
        assertThat(created.path("scopes").toString()).isEqualTo("[\"publish:orders\",\"read:order*\"]");

        assertThat(as(token, publish("orders", "k-1")).statusCode()).isEqualTo(200);
        assertThat(as(token, get("/v1/buses/orders/partitions/0/events")).statusCode()).isEqualTo(200);
        HttpResponse<String> elsewhere = as(token, publish("payments", "k-2"));
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(json(elsewhere).path("scope").asText()).isEqualTo("publish:payments");
        assertThat(json(as(token, get("/v1/buses"))).path("buses")).extracting(b -> b.path("name").asText())
                .containsExactly("orders");
        assertThat(as(token, post("/v1/buses", "{\"name\":\"mine\"}")).statusCode()).isEqualTo(403);

        assertThat(node.delete("/v1/keys/" + created.path("id").asText()).statusCode()).isEqualTo(204);
        HttpResponse<String> revoked = as(token, publish("orders", "k-3"));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(json(revoked).path("reason").asText()).isEqualTo("revoked-key");
        JsonNode listed = json(node.get("/v1/keys/" + created.path("id").asText()));
        assertThat(listed.path("state").asText()).isEqualTo("revoked");
        assertThat(listed.path("lastUsedAt").isTextual()).isTrue();
        assertThat(listed.has("token")).isFalse();
    }

    @Test
    void aForbiddenAnswerDoesNotTellWhetherTheSubscriptionExists() throws Exception {
        String token = createKey("payments-team", "subscribe:payments");

        HttpResponse<String> existing = as(token, get("/v1/subscriptions/crm"));
        HttpResponse<String> missing = as(token, get("/v1/subscriptions/no-such"));

        assertThat(existing.statusCode()).isEqualTo(403);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(json(existing).path("detail")).isEqualTo(json(missing).path("detail"));
        assertThat(json(as(token, get("/v1/subscriptions"))).path("subscriptions")).isEmpty();
        assertThat(node.get("/v1/subscriptions/no-such").statusCode()).as("admin sees the truth").isEqualTo(404);
    }

    @Test
    void aKeyCanOnlyHandOnScopesItHolds() throws Exception {
        String keysAndOrders = createKey("delegate", "keys", "publish:orders-*");

        assertThat(as(keysAndOrders, post("/v1/keys", "{\"name\":\"sub1\",\"scopes\":[\"publish:orders-eu\"]}"))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> escalation = as(keysAndOrders, post("/v1/keys", "{\"name\":\"sub2\",\"scopes\":[\"admin\"]}"));
        assertThat(escalation.statusCode()).isEqualTo(403);
        assertThat(json(escalation).path("scope").asText()).isEqualTo("admin");
    }

    @Test
    void refusesBadKeyDefinitionsNamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"name\":\"Bad Name\",\"scopes\":[\"admin\"]}", "name",
                "{\"name\":\"ok\",\"scopes\":[\"publish\"]}", "scopes[0]",
                "{\"name\":\"ok\",\"scopes\":[\"read:orders\",\"write:x\"]}", "scopes[1]",
                "{\"name\":\"ok\",\"scopes\":[]}", "scopes",
                "{\"name\":\"ok\",\"scopes\":[\"admin\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt",
                "{\"name\":\"ok\",\"scopes\":[\"admin\"],\"role\":\"x\"}", "role");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> answer = node.post("/v1/keys", "application/json", c.getKey());
            assertThat(answer.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(c.getKey()).contains(c.getValue());
        }
        assertThat(node.post("/v1/keys", "application/json", "{\"name\":\"admin\",\"scopes\":[\"admin\"]}").statusCode())
                .as("a taken name").isEqualTo(409);
    }

    @Test
    void refusesMalformedUnknownAndForeignCredentialsWithoutSayingMore() throws Exception {
        String admin = node.adminToken;
        String[] bad = {
            "Basic dXNlcjpwYXNz",
            "Bearer ",
            "Bearer tbk_short",
            "Bearer " + admin.substring(0, admin.length() - 1) + (admin.endsWith("A") ? "B" : "A"),
            "Bearer tbk_aaaaaaaaaaaa_" + "A".repeat(43),
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."
        };
        for (String header : bad) {
            HttpResponse<String> answer = node.sendAs(HttpRequest.newBuilder(node.uri("/v1/buses/orders"))
                    .header("authorization", header).GET().build());
            assertThat(answer.statusCode()).as(header).isEqualTo(401);
            assertThat(answer.body()).as(header).doesNotContain("orders").doesNotContain(admin.substring(4, 16));
        }
    }

    @Test
    void recordsChangesAndRefusedChangesInTheAuditLog() throws Exception {
        String reader = createKey("auditor-probe", "read:orders");
        assertThat(node.post("/v1/buses", "application/json", "{\"name\":\"audited\"}").statusCode()).isEqualTo(201);
        assertThat(as(reader, delete("/v1/buses/audited")).statusCode()).isEqualTo(403);

        List<JsonNode> entries = new ArrayList<>();
        org.awaitility.Awaitility.await().until(() -> {
            entries.clear();
            json(node.get("/v1/audit?limit=1000")).path("entries").forEach(entries::add);
            return entries.stream().anyMatch(e -> e.path("status").asInt() == 403);
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("action").asText()).isEqualTo("POST /v1/buses");
            assertThat(e.path("status").asInt()).isEqualTo(201);
            assertThat(e.path("address").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("auditor-probe");
            assertThat(e.path("resource").asText()).isEqualTo("/v1/buses/audited");
            assertThat(e.path("status").asInt()).isEqualTo(403);
        });
        assertThat(entries.toString()).doesNotContain("tbk_");
        assertThat(as(reader, get("/v1/audit")).statusCode()).isEqualTo(403);
    }

    @Test
    void throttlesAnAddressThatKeepsFailingToAuthenticate(@TempDir Path other) throws Exception {
        try (TestNode strict = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(other)
                .withAuth(new AuthSettings(true, Optional.empty(), java.util.Set.of("/metrics"), 3)))) {
            HttpRequest guess = HttpRequest.newBuilder(strict.uri("/v1/buses"))
                    .header("authorization", "Bearer tbk_aaaaaaaaaaaa_" + "B".repeat(43)).GET().build();
            for (int i = 0; i < 3; i++) {
                assertThat(strict.sendAs(guess).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = strict.sendAs(guess);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("retry-after")).isPresent();
            assertThat(strict.get("/v1/buses").statusCode()).as("even a good key, from that address").isEqualTo(429);
            assertThat(strict.get("/metrics").body()).contains("tributary_auth_failures_total{reason=\"throttled\"}");
        }
    }

    @Test
    void acceptsJwtsFromTheConfiguredProviderWithTheScopesTheyList(@TempDir Path other) throws Exception {
        var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = other.resolve("jwks.json");
        Files.writeString(jwks, new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString());
        var jwt = new dev.tributary.server.auth.JwtSettings(jwks.toString(), "https://id.example.com", "tributary",
                "scope", java.time.Duration.ofSeconds(30));
        try (TestNode oidc = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(other.resolve("data"))
                .withAuth(new AuthSettings(true, Optional.of(jwt), AuthSettings.DEFAULT_OPEN, 100)))) {
            oidc.createBus("orders", 1);
            var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("https://id.example.com")
                    .subject("svc-checkout").audience("tributary").claim("scope", "openid publish:orders")
                    .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(300))).build();
            var signed = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                    com.nimbusds.jose.JWSAlgorithm.RS256).keyID("k1").build(), claims);
            signed.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
            String token = signed.serialize();

            HttpResponse<String> published = oidc.sendAs(HttpRequest.newBuilder(oidc.uri("/v1/buses/orders/events"))
                    .header("authorization", "Bearer " + token).header("content-type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestNode.event("j-1"))).build());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            HttpResponse<String> read = oidc.sendAs(HttpRequest.newBuilder(oidc.uri("/v1/buses/orders/partitions/0/events"))
                    .header("authorization", "Bearer " + token).GET().build());
            assertThat(read.statusCode()).isEqualTo(403);
            HttpResponse<String> tampered = oidc.sendAs(HttpRequest.newBuilder(oidc.uri("/v1/buses/orders"))
                    .header("authorization", "Bearer " + token.substring(0, token.length() - 4) + "AAAA").GET().build());
            assertThat(tampered.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aNodeWithAuthOffNeedsNoCredentialAndMakesNoKey(@TempDir Path other) throws Exception {
        try (TestNode open = new TestNode(NodeConfig.defaults().withPort(0).withDataDir(other)
                .withAuth(AuthSettings.none()))) {
            assertThat(open.sendAs(HttpRequest.newBuilder(open.uri("/v1/buses")).GET().build()).statusCode())
                    .isEqualTo(200);
            assertThat(other.resolve(AdminKeyFile.NAME)).doesNotExist();
        }
    }

    // --- helpers

    /** One operation of /openapi.json, with its path parameters filled in with real names. */
    record Operation(String method, String path, String scope, boolean open) {
        HttpRequest request(Optional<String> token) {
            String concrete = path.replace("{bus}", "orders").replace("{stream}", "s-1").replace("{partition}", "0").replace("{name}", "gh").replace("{type}", "order.placed").replace("{category}", "order").replace("{group}", "g1").replace("{version}", "1")
                    .replace("{id}", path.startsWith("/v1/keys") ? "aaaaaaaaaaaa" : "crm");
            HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(concrete));
            token.ifPresent(t -> b.header("authorization", "Bearer " + t));
            boolean withBody = method.equals("post") || method.equals("put");
            b.method(method.toUpperCase(), withBody ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody());
            if (withBody) {
                b.header("content-type", "application/json");
            }
            return b.build();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Operation> operations() throws Exception {
        JsonNode doc = JSON.readTree(node.get("/openapi.json").body());
        List<Operation> ops = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters")) {
                return;
            }
            JsonNode security = op.getValue().path("security");
            // open: no security, or an empty requirement among the alternatives, and not /metrics (closed by default)
            boolean open = security.isArray() && (security.isEmpty() || security.get(0).isEmpty());
            String scope = op.getValue().path("x-required-scope").asText("");
            assertThat(scope).as(op.getKey() + " " + path.getKey() + " states its scope").isNotEmpty();
            ops.add(new Operation(op.getKey(), path.getKey(), scope, open));
        }));
        assertThat(ops).hasSizeGreaterThan(25);
        return ops;
    }

    private static String createKey(String name, String... scopes) throws Exception {
        HttpResponse<String> answer = node.post("/v1/keys", "application/json",
                JSON.writeValueAsString(Map.of("name", name, "scopes", List.of(scopes))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer).path("token").asText();
    }

    private static HttpResponse<String> as(String token, HttpRequest.Builder request) {
        return node.sendAs(request.header("authorization", "Bearer " + token).build());
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(node.uri(path)).GET();
    }

    private static HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(node.uri(path)).DELETE();
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(node.uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder publish(String bus, String id) {
        return post("/v1/buses/" + bus + "/events", TestNode.event(id)).setHeader("content-type",
                "application/cloudevents+json");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
