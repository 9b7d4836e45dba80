package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiContractTest {

    @Test
    void documentsExactlyTheRoutesTheServerHas(@TempDir Path dir) throws Exception {
        Set<String> served = new TreeSet<>();
        try (TestNode node = new TestNode(dir)) {
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            io.vertx.ext.web.Router router = HttpApi.router(
                    vertx, node.node.buses(), node.node.subscriptions(), node.node.deliveries(),
                    dev.tributary.server.NodeConfig.defaults(),
                    new dev.tributary.server.metrics.NodeMetrics(), () -> true);
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
