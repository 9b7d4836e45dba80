package dev.tributary.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes well-framed but mutated HTTP/1.1 requests for the operations of an OpenAPI document: path parameters, query
 * values, headers and bodies that are valid, slightly wrong or hostile (NUL bytes, truncated or garbage JSON, huge
 * numbers, odd Unicode, wrong content types, wrong methods). Every choice comes from one seeded {@link Random}, so a
 * seed replays a run. Not thread-safe.
 */
final class FuzzRequests {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    private static final String[] WRONG_TYPES = {
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json", "application/cloudevents+json", "*/*", ";;", "a/b/c"
    };
    private static final String[] ODD_TEXT = {
        "\u0000", "\u202e\u0645\u0631\u062d\u0628\u0627", "\ud83d\ude00", "\ufeff", "e\u0301\u0301\u0301", "\uffff",
        "\u2028", "\u0085", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "'\"<>&;", "../..", "%s%n", "NaN", "\\u0000"
    };
    /** Values that are already in their on-the-wire form: malformed escapes, dot-segments, numbers out of range. */
    private static final String[] RAW_ODDITIES = {
        "", "%zz", "%", "%e0%80", "%00", "%2e%2e", "..", ".", "%2F", "a%2Fb", "%c0%ae", "%ED%A0%80", "%ff%fe",
        "99999999999999999999999", "-1", "0", "-9223372036854775808", "9223372036854775807", "1e309", "0x10",
        "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2026-13-45T25:61:61Z", "earliest", "latest",
        "+", "%20", "a+b", "*", "null"
    };

    /** A documented operation: its path template, method, parameters and request body types. */
    record Operation(String template, String method, List<JsonNode> parameters, Map<String, JsonNode> bodies) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + template;
        }
    }

    /** One request: the operation it mutates, a readable summary and the bytes sent. */
    record Case(Operation operation, String summary, byte[] bytes) {}

    private final Random random;
    private final SchemaSampler sampler;
    private final Map<String, String> valid;
    private final JsonNode document;

    /**
     * @param valid a value that works for each parameter name (an existing bus, subscription, stream…)
     */
    FuzzRequests(JsonNode document, Random random, SchemaSampler sampler, Map<String, String> valid) {
        this.document = document;
        this.random = random;
        this.sampler = sampler;
        this.valid = valid;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(p -> parameters.add(sampler.resolve(p)));
                op.getValue().path("parameters").forEach(p -> parameters.add(sampler.resolve(p)));
                Map<String, JsonNode> bodies = new LinkedHashMap<>();
                op.getValue().path("requestBody").path("content").fields()
                        .forEachRemaining(e -> bodies.put(e.getKey(), e.getValue().path("schema")));
                operations.add(new Operation(path.getKey(), op.getKey(), parameters, bodies));
            }
        }
        return operations;
    }

    Case next(Operation op) {
        StringBuilder summary = new StringBuilder();
        String method = random.nextInt(12) == 0 ? METHODS[random.nextInt(METHODS.length)] : op.method().toUpperCase();
        String path = op.template();
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode p : op.parameters()) {
            String name = p.path("name").asText();
            switch (p.path("in").asText()) {
                case "path" -> path = path.replace("{" + name + "}", random.nextInt(3) == 0 ? raw(name, p) : encoded(valid(name, p)));
                case "query" -> {
                    if (random.nextInt(5) < 3) {
                        query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                                .append(random.nextInt(2) == 0 ? raw(name, p) : encoded(valid(name, p)));
                    }
                }
                case "header" -> {
                    if (random.nextInt(2) == 0) {
                        headers.put(name, header(valid(name, p)));
                    }
                }
                default -> { }
            }
        }
        if (random.nextInt(10) == 0) {
            query.append(query.isEmpty() ? "" : "&").append(RAW_ODDITIES[random.nextInt(RAW_ODDITIES.length)])
                    .append('=').append(RAW_ODDITIES[random.nextInt(RAW_ODDITIES.length)]);
        }
        byte[] body = new byte[0];
        if (!op.bodies().isEmpty() || random.nextInt(10) == 0) {
            String type = contentType(op);
            body = body(op, type, headers);
            if (type != null) {
                headers.put("Content-Type", type);
            }
        }
        String target = path + (query.isEmpty() ? "" : "?" + query);
        summary.append(method).append(' ').append(target).append(' ').append(headers);
        if (body.length > 0) {
            summary.append(" body(").append(body.length).append(")=")
                    .append(printable(body, 160));
        }
        return new Case(op, summary.toString(), render(method, target, headers, body));
    }

    private String valid(String name, JsonNode parameter) {
        String known = valid.get(name);
        if (known != null && random.nextInt(4) != 0) {
            return known;
        }
        JsonNode sample = sampler.sample(parameter.path("schema"), name);
        return sample.isTextual() ? sample.asText() : sample.toString();
    }

    /** A hostile value, already in wire form. */
    private String raw(String name, JsonNode parameter) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> RAW_ODDITIES[random.nextInt(RAW_ODDITIES.length)];
            case 2 -> encoded(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 3 -> encoded(valid(name, parameter) + ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            default -> "a".repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 9000));
        };
    }

    private String header(String value) {
        String v = switch (random.nextInt(6)) {
            case 0 -> RAW_ODDITIES[random.nextInt(RAW_ODDITIES.length)];
            case 1 -> "\"" + value + "\"";
            case 2 -> value + "," + value;
            case 3 -> "x".repeat(random.nextInt(2000));
            default -> value;
        };
        // a header value must stay one line of visible characters to keep the request well framed
        StringBuilder out = new StringBuilder();
        for (char c : v.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private String contentType(Operation op) {
        List<String> documented = new ArrayList<>(op.bodies().keySet());
        if (!documented.isEmpty() && random.nextInt(10) < 7) {
            String type = documented.get(random.nextInt(documented.size()));
            return type.equals("*/*") ? "application/octet-stream" : type;
        }
        return random.nextInt(8) == 0 ? null : WRONG_TYPES[random.nextInt(WRONG_TYPES.length)];
    }

    private byte[] body(Operation op, String type, Map<String, String> headers) {
        JsonNode schema = type == null ? null : op.bodies().get(type);
        if (type != null && (schema == null && op.bodies().containsKey("*/*") || random.nextInt(6) == 0)) {
            // binary mode: the attributes travel as ce-* headers
            headers.put("ce-specversion", random.nextInt(8) == 0 ? header("0.3") : "1.0");
            headers.put("ce-id", header("fz-" + random.nextInt(1_000_000)));
            headers.put("ce-source", header(random.nextInt(8) == 0 ? RAW_ODDITIES[random.nextInt(RAW_ODDITIES.length)] : "/fuzz"));
            headers.put("ce-type", header("fuzz.binary"));
            if (random.nextBoolean()) {
                headers.put("ce-" + "x".repeat(1 + random.nextInt(30)), header("v"));
            }
        }
        JsonNode seed = schema != null ? sampler.sample(schema) : NODES.objectNode().put("k", "v");
        return mutate(seed);
    }

    private byte[] mutate(JsonNode seed) {
        byte[] bytes = seed.toString().getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(16)) {
            case 0 -> concat(new byte[1 + random.nextInt(4)], bytes);
            case 1 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 2 -> flip(bytes);
            case 3 -> "[".repeat(5000).getBytes(StandardCharsets.US_ASCII);
            case 4 -> ("{\"a\":" + "9".repeat(5000) + "}").getBytes(StandardCharsets.US_ASCII);
            case 5 -> new byte[] {(byte) 0xc0, (byte) 0xaf, '{', '}'};
            case 6 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes);
            case 7 -> seed.toString().getBytes(StandardCharsets.UTF_16);
            case 8 -> pickOf("", "null", "[]", "{}", "\"s\"", "1e400", "-0", "[{}]", "{\"a\":1}{\"b\":2}", " ");
            case 9, 10, 11 -> replaceSomeValue(seed).toString().getBytes(StandardCharsets.UTF_8);
            case 12 -> garbage();
            default -> bytes;
        };
    }

    /** The seed with one member (at any depth) replaced by a value of a random, probably wrong, kind. */
    private JsonNode replaceSomeValue(JsonNode seed) {
        JsonNode copy = seed.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collect(copy, containers);
        if (containers.isEmpty()) {
            return oddValue();
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(random.nextInt(5) == 0 ? "unknown" + random.nextInt(9) : names.get(random.nextInt(names.size())),
                    oddValue());
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), oddValue());
        } else if (target instanceof ObjectNode object) {
            object.set("k", oddValue());
        }
        return copy;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.elements().forEachRemaining(child -> collect(child, out));
        }
    }

    private JsonNode oddValue() {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(400))));
            case 1 -> NODES.numberNode(-random.nextInt(1000));
            case 2 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 3 -> NODES.textNode(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 4 -> NODES.nullNode();
            case 5 -> NODES.booleanNode(random.nextBoolean());
            case 6 -> NODES.arrayNode().add(1).add("two");
            case 7 -> NODES.objectNode().put("nested", ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 8 -> NODES.textNode(RAW_ODDITIES[random.nextInt(RAW_ODDITIES.length)]);
            default -> NODES.textNode("x".repeat(random.nextInt(5000)));
        };
    }

    private byte[] flip(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i < 1 + random.nextInt(5) && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] garbage() {
        byte[] out = new byte[random.nextInt(300)];
        random.nextBytes(out);
        return out;
    }

    private byte[] pickOf(String... texts) {
        return texts[random.nextInt(texts.length)].getBytes(StandardCharsets.UTF_8);
    }

    private byte[] render(String method, String target, Map<String, String> headers, byte[] body) {
        boolean chunked = body.length > 0 && random.nextInt(8) == 0;
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            // valid chunked framing, in pieces of random size
            int at = 0;
            while (at < body.length) {
                int n = Math.min(body.length - at, 1 + random.nextInt(64));
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, at, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                at += n;
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String printable(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int b = bytes[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return bytes.length > max ? out + "…" : out.toString();
    }
}
