package dev.tributary.bench;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the events the benchmarks write: a JSON object padded to an exact data size, with ids unique per run so
 * that deduplication never turns an append into a no-op.
 *
 * <p>Stateless and thread-safe.
 */
final class BenchEvents {
    static final URI SOURCE = URI.create("/tributary/bench");
    static final String TYPE = "dev.tributary.bench.sample";

    private BenchEvents() {}

    /** A JSON object of exactly {@code bytes} bytes: {@code {"pad":"xxx…"}}. */
    static byte[] jsonData(int bytes) {
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        int pad = bytes - prefix.length() - suffix.length();
        if (pad < 0) {
            throw new IllegalArgumentException("bytes < " + (prefix.length() + suffix.length()));
        }
        char[] x = new char[pad];
        Arrays.fill(x, 'x');
        return (prefix + new String(x) + suffix).getBytes(StandardCharsets.UTF_8);
    }

    static CloudEvent event(String id, byte[] data) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(SOURCE)
                .withType(TYPE)
                .withData("application/json", data)
                .build();
    }
}
