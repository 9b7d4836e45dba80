package dev.tributary.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The publish requests the load generator sends, in the three CloudEvents HTTP content modes. Every event gets a
 * fresh id ({@code <run prefix>-<n>}) so that the node's deduplication never short-cuts an append; the data is a
 * JSON object of exactly {@code eventBytes} bytes.
 *
 * <p>With {@code types > 1}, event {@code n} has type {@code <TYPE>.t<n % types>} (two digits at least), so that a
 * subscription filtering on one type selects 1/types of the events; with 1, every event has {@link BenchEvents#TYPE}.
 * A request built with a publish stamp carries it in the extension {@value #STAMP} of each of its events: the epoch
 * time in nanoseconds, as a string (a CloudEvents integer is only 32 bits), for {@link DeliverySink} to measure
 * publish → sink latency.
 *
 * <p>Thread-safe: immutable templates, a new buffer per request.
 */
final class RequestShapes {
    /** The extension attribute holding the publish stamp; in binary mode the header {@code ce-benchsent}. */
    static final String STAMP = "benchsent";

    enum Mode {
        BINARY,
        STRUCTURED,
        BATCH,
        /** A GitHub webhook delivery to a hook: a JSON body signed with {@code X-Hub-Signature-256}. */
        GITHUB
    }

    /** One request: headers and body. */
    record Request(MultiMap headers, Buffer body, int events) {}

    private final Mode mode;
    private final int batch;
    private final String prefix;
    private final byte[] data;
    private final byte[] eventHead;
    private final byte[] eventTail;
    private final String[] types;
    /** Per type: the JSON between an event's id and its data, {@code ","source":"…","type":"<type>}. */
    private final byte[][] sourceAndType;

    /** The GitHub signature of {@link #data}, for {@link Mode#GITHUB}; the body is the same in every request. */
    private final String githubSignature;

    RequestShapes(Mode mode, int batch, int eventBytes, String prefix, int types) {
        this(mode, batch, BenchEvents.jsonData(eventBytes), prefix, types, null);
    }

    /**
     * @param data each event's data (or the hook body)
     * @param hookSecret the secret a {@link Mode#GITHUB} body is signed with
     */
    RequestShapes(Mode mode, int batch, byte[] data, String prefix, int types, String hookSecret) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch < 1");
        }
        if (types < 1) {
            throw new IllegalArgumentException("types < 1");
        }
        this.types = new String[types];
        this.sourceAndType = new byte[types][];
        for (int i = 0; i < types; i++) {
            this.types[i] = typeOf(i, types);
            this.sourceAndType[i] = ("\",\"source\":\"" + BenchEvents.SOURCE + "\",\"type\":\"" + this.types[i])
                    .getBytes(StandardCharsets.UTF_8);
        }
        this.mode = mode;
        this.batch = mode == Mode.BATCH ? batch : 1;
        this.prefix = prefix;
        this.data = data;
        this.githubSignature = mode == Mode.GITHUB ? "sha256=" + hmacSha256Hex(hookSecret, data) : null;
        this.eventHead = "{\"specversion\":\"1.0\",\"id\":\"".getBytes(StandardCharsets.UTF_8);
        this.eventTail = ("\",\"datacontenttype\":\"application/json\",\"data\":"
                        + new String(data, StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The type of the events with {@code n % types == index}. */
    static String typeOf(int index, int types) {
        return types == 1 ? BenchEvents.TYPE : BenchEvents.TYPE + ".t" + (index < 10 ? "0" : "") + index;
    }

    int eventsPerRequest() {
        return batch;
    }

    /** The request carrying events {@code first .. first + eventsPerRequest() - 1}, without a publish stamp. */
    Request request(long first) {
        return request(first, null);
    }

    /**
     * The request carrying events {@code first .. first + eventsPerRequest() - 1}.
     *
     * @param stamp the publish time (epoch nanoseconds) to put in {@value #STAMP}, or null for none
     */
    Request request(long first, String stamp) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        return switch (mode) {
            case BINARY -> {
                headers.add("ce-specversion", "1.0")
                        .add("ce-id", prefix + first)
                        .add("ce-source", BenchEvents.SOURCE.toString())
                        .add("ce-type", type(first))
                        .add("content-type", "application/json");
                if (stamp != null) {
                    headers.add("ce-" + STAMP, stamp);
                }
                yield new Request(headers, Buffer.buffer(data), 1);
            }
            case STRUCTURED -> {
                headers.add("content-type", "application/cloudevents+json");
                Buffer body = Buffer.buffer(eventHead.length + eventTail.length + 160);
                appendEvent(body, first, stamp);
                yield new Request(headers, body, 1);
            }
            case BATCH -> {
                headers.add("content-type", "application/cloudevents-batch+json");
                Buffer body = Buffer.buffer(batch * (eventHead.length + eventTail.length + 161) + 2);
                body.appendByte((byte) '[');
                for (int i = 0; i < batch; i++) {
                    if (i > 0) {
                        body.appendByte((byte) ',');
                    }
                    appendEvent(body, first + i, stamp);
                }
                body.appendByte((byte) ']');
                yield new Request(headers, body, batch);
            }
            case GITHUB -> {
                headers.add("content-type", "application/json")
                        .add("x-github-event", "push")
                        .add("x-github-delivery", prefix + first)
                        .add("x-hub-signature-256", githubSignature);
                yield new Request(headers, Buffer.buffer(data), 1);
            }
        };
    }

    private static String hmacSha256Hex(String secret, byte[] data) {
        if (secret == null) {
            throw new IllegalArgumentException("--mode github needs --hook-secret");
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String type(long n) {
        return types[(int) (n % types.length)];
    }

    private void appendEvent(Buffer body, long n, String stamp) {
        body.appendBytes(eventHead).appendString(prefix + n).appendBytes(sourceAndType[(int) (n % types.length)]);
        if (stamp != null) {
            body.appendString("\",\"" + STAMP + "\":\"" + stamp);
        }
        body.appendBytes(eventTail);
    }
}
