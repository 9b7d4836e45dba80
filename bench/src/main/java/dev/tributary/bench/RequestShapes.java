package dev.tributary.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The publish requests the load generator sends, in the three CloudEvents HTTP content modes. Every event gets a
 * fresh id ({@code <run prefix>-<n>}) so that the node's deduplication never short-cuts an append; the data is a
 * JSON object of exactly {@code eventBytes} bytes.
 *
 * <p>Thread-safe: immutable templates, a new buffer per request.
 */
final class RequestShapes {

    enum Mode {
        BINARY,
        STRUCTURED,
        BATCH
    }

    /** One request: headers and body. */
    record Request(MultiMap headers, Buffer body, int events) {}

    private final Mode mode;
    private final int batch;
    private final String prefix;
    private final byte[] data;
    private final byte[] eventHead;
    private final byte[] eventTail;

    RequestShapes(Mode mode, int batch, int eventBytes, String prefix) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch < 1");
        }
        this.mode = mode;
        this.batch = mode == Mode.BATCH ? batch : 1;
        this.prefix = prefix;
        this.data = BenchEvents.jsonData(eventBytes);
        this.eventHead = "{\"specversion\":\"1.0\",\"id\":\"".getBytes(StandardCharsets.UTF_8);
        this.eventTail = ("\",\"source\":\"" + BenchEvents.SOURCE + "\",\"type\":\"" + BenchEvents.TYPE
                        + "\",\"datacontenttype\":\"application/json\",\"data\":" + new String(data, StandardCharsets.UTF_8)
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    int eventsPerRequest() {
        return batch;
    }

    /** The request carrying events {@code first .. first + eventsPerRequest() - 1}. */
    Request request(long first) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        return switch (mode) {
            case BINARY -> {
                headers.add("ce-specversion", "1.0")
                        .add("ce-id", prefix + first)
                        .add("ce-source", BenchEvents.SOURCE.toString())
                        .add("ce-type", BenchEvents.TYPE)
                        .add("content-type", "application/json");
                yield new Request(headers, Buffer.buffer(data), 1);
            }
            case STRUCTURED -> {
                headers.add("content-type", "application/cloudevents+json");
                Buffer body = Buffer.buffer(eventHead.length + eventTail.length + 32);
                appendEvent(body, first);
                yield new Request(headers, body, 1);
            }
            case BATCH -> {
                headers.add("content-type", "application/cloudevents-batch+json");
                Buffer body = Buffer.buffer(batch * (eventHead.length + eventTail.length + 33) + 2);
                body.appendByte((byte) '[');
                for (int i = 0; i < batch; i++) {
                    if (i > 0) {
                        body.appendByte((byte) ',');
                    }
                    appendEvent(body, first + i);
                }
                body.appendByte((byte) ']');
                yield new Request(headers, body, batch);
            }
        };
    }

    private void appendEvent(Buffer body, long n) {
        body.appendBytes(eventHead).appendString(prefix + n).appendBytes(eventTail);
    }
}
