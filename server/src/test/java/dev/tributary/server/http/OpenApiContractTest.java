package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiContractTest {
    /** The official schemas, from test resources, under the ids they are published at. */
    private static final Map<String, String> OAS_31 = Map.of(
            "https://spec.openapis.org/oas/3.1/schema/2022-10-07", "classpath:oas-3.1/schema.json",
            "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07", "classpath:oas-3.1/schema-base.json",
            "https://spec.openapis.org/oas/3.1/dialect/base", "classpath:oas-3.1/dialect-base.json",
            "https://spec.openapis.org/oas/3.1/meta/base", "classpath:oas-3.1/meta-base.json");

    @Test
    void conformsToTheOpenApi31Schema() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(OpsRoutes.openapiBytes());
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(resolvers -> resolvers.mappings(OAS_31)));
        Schema schema = registry.getSchema(SchemaLocation.of("https://spec.openapis.org/oas/3.1/schema-base/2022-10-07"));

        List<com.networknt.schema.Error> errors = schema.validate(doc);

        assertThat(errors).extracting(Object::toString).isEmpty();
    }

    /**
     * Every request and answer body has a schema, and every schema says what it holds: an object lists its properties
     * or says what its additional properties are, an array what its items are. Operations that read a JSON body
     * document its refusals (400, 413, 415).
     */
    @Test
    void describesEveryRequestAndAnswerBodyCompletely() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(OpsRoutes.openapiBytes());
        List<String> gaps = new java.util.ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters")) {
                return;
            }
            String where = op.getKey() + " " + path.getKey();
            JsonNode body = op.getValue().path("requestBody");
            body.path("content").fields().forEachRemaining(media -> {
                if (!media.getValue().has("schema")) {
                    gaps.add(where + ": request " + media.getKey() + " has no schema");
                }
            });
            if (!body.isMissingNode()) {
                for (String status : new String[] {"400", "413", "415"}) {
                    if (!op.getValue().path("responses").has(status)) {
                        gaps.add(where + ": takes a body but documents no " + status);
                    }
                }
            }
            op.getValue().path("responses").fields().forEachRemaining(response -> {
                JsonNode answer = response.getValue();
                if (answer.has("$ref")) { // #/components/responses/<name>
                    answer = doc.at(answer.get("$ref").asText().substring(1));
                }
                JsonNode content = answer.path("content");
                // a 204, and a handshake answered in headers alone, have no body
                if (content.isEmpty() && !response.getKey().equals("204") && !op.getKey().equals("options")) {
                    gaps.add(where + ": answer " + response.getKey() + " has no content");
                }
                content.fields().forEachRemaining(media -> {
                    if (!media.getValue().has("schema")) {
                        gaps.add(where + ": answer " + response.getKey() + " " + media.getKey() + " has no schema");
                    }
                });
            });
        }));
        walkSchemas(doc, "#", false, gaps);

        assertThat(gaps).isEmpty();
        JsonNode definition = doc.at("/components/schemas/SubscriptionDefinition/properties");
        assertThat(definition.has("transform")).isTrue();
        assertThat(definition.has("delivery")).isTrue();
    }

    /** Checks every schema under {@code node} (one is inside a {@code schema} member or under components). */
    private static void walkSchemas(JsonNode node, String at, boolean isSchema, List<String> gaps) {
        if (!node.isObject()) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walkSchemas(node.get(i), at + "/" + i, isSchema, gaps);
                }
            }
            return;
        }
        if (isSchema) {
            String type = node.path("type").asText("");
            boolean composed = node.has("allOf") || node.has("oneOf") || node.has("anyOf") || node.has("$ref");
            if (type.equals("object") && !composed && !node.has("properties") && !node.has("additionalProperties")
                    && !node.has("patternProperties")) {
                gaps.add(at + ": an object schema that says nothing of its members");
            }
            if (type.equals("array") && !node.has("items") && !node.has("prefixItems")) {
                gaps.add(at + ": an array schema that says nothing of its items");
            }
        }
        node.fields().forEachRemaining(e -> {
            String key = e.getKey();
            boolean childIsSchema = key.equals("schema") || key.equals("items") || key.equals("not")
                    || key.equals("additionalProperties")
                    || (isSchema && (key.equals("allOf") || key.equals("oneOf") || key.equals("anyOf")))
                    || at.endsWith("/properties") || at.equals("#/components/schemas");
            if (isSchema && key.equals("properties")) {
                walkSchemas(e.getValue(), at + "/properties", false, gaps);
            } else {
                walkSchemas(e.getValue(), at + "/" + key, childIsSchema || (isSchema && key.equals("$defs")), gaps);
            }
        });
    }

    @Test
    void documentsExactlyTheRoutesTheServerHas(@TempDir Path dir) throws Exception {
        Set<String> served = new TreeSet<>();
        try (TestNode node = new TestNode(dir)) {
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            io.vertx.ext.web.Router router = HttpApi.router(
                    vertx, node.node.buses(), node.node.subscriptions(), node.node.deliveries(),
                    dev.tributary.server.NodeConfig.defaults(),
                    new dev.tributary.server.metrics.NodeMetrics(), () -> true, node.node.security(),
                    node.node.audit(), new java.util.concurrent.atomic.AtomicInteger(), node.node.hooks(),
                    new IngestChecks(node.node.security().rates(), node.node.schemas()));
            for (io.vertx.ext.web.Route route : router.getRoutes()) {
                if (route.getPath() == null || route.methods() == null) {
                    continue; // the measuring and body-reading stages match every path
                }
                for (io.vertx.core.http.HttpMethod method : route.methods()) {
                    served.add(method.name().toLowerCase() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}"));
                }
            }
            vertx.close();
            JsonNode doc = new ObjectMapper().readTree(node.get("/openapi.json").body());
            Set<String> documented = new TreeSet<>();
            for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                for (Iterator<String> methods = doc.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (!method.equals("parameters")) {
                        documented.add(method + " " + path);
                    }
                }
            }
            assertThat(documented).isEqualTo(served);
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        }
    }
}
