package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test vectors under {@code src/test/resources/hooks/}, made by the providers' own libraries
 * ({@code src/test/hooks-vectors/generate.mjs}): each one a request, the hook configuration it is checked against,
 * the receive time (the fixed clock) and the expected verdict.
 */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Vector(String file, String name, JsonNode config, Instant receivedAt, Map<String, String> headers,
            String body, JsonNode expect) {
        HookConfig hookConfig() {
            return HookConfig.fromJson(config);
        }

        HookRequest request() {
            return request(body.getBytes(UTF_8));
        }

        HookRequest request(byte[] bytes) {
            return HookRequest.of("POST", "/v1/hooks/test", "", HookHeaders.of(headers), bytes,
                    Clock.fixed(receivedAt, ZoneOffset.UTC));
        }

        boolean ok() {
            return expect.path("ok").asBoolean();
        }

        String failure() {
            return expect.path("failure").asText(null);
        }

        String reason() {
            return expect.path("reason").asText(null);
        }

        @Override
        public String toString() {
            return file + ": " + name;
        }
    }

    private Vectors() {}

    /** The vector files, by name. */
    static List<String> files() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Vector> all() {
        return files().stream().flatMap(f -> of(f).stream()).toList();
    }

    static List<Vector> of(String file) {
        JsonNode root = read(file);
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode v : root.path("vectors")) {
            Map<String, String> headers = new LinkedHashMap<>();
            v.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            vectors.add(new Vector(
                    file,
                    v.path("name").asText(),
                    v.has("config") ? v.get("config") : root.path("config"),
                    Instant.parse(v.has("receivedAt") ? v.get("receivedAt").asText() : root.path("receivedAt").asText()),
                    headers,
                    v.path("body").asText(),
                    v.path("expect")));
        }
        return vectors;
    }

    static Vector named(String file, String name) {
        return of(file).stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector '" + name + "' in " + file));
    }

    static JsonNode read(String file) {
        try {
            return JSON.readTree(directory().resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        try {
            return Path.of(Vectors.class.getResource("/hooks").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
