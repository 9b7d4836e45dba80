package dev.tributary.log.internal;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test events. */
final class Events {
    private Events() {}

    static CloudEvent event(String id) {
        return event("/test", id, "payload-" + id);
    }

    static CloudEvent event(String source, String id, String data) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create(source))
                .withType("test.event")
                .withData("text/plain", data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static CloudEvent sized(String id, int dataBytes) {
        byte[] data = new byte[dataBytes];
        java.util.Arrays.fill(data, (byte) 'x');
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/test"))
                .withType("test.event")
                .withData("application/octet-stream", data)
                .build();
    }

    static List<CloudEvent> batch(String prefix, int n) {
        List<CloudEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(prefix + "-" + i));
        }
        return out;
    }

    static String data(CloudEvent e) {
        return new String(e.getData().toBytes(), StandardCharsets.UTF_8);
    }
}
