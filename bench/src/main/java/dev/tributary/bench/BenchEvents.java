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

    /**
     * A GitHub-style push delivery of about {@code bytes} bytes: repository, pusher and commits, padded with commit
     * messages to the size asked for.
     */
    static byte[] githubPush(int bytes) {
        String head = "{\"ref\":\"refs/heads/main\",\"before\":\"6113728f27ae82c7b1a177c8d03f9e96e0adf246\","
                + "\"after\":\"0000000000000000000000000000000000000001\",\"repository\":{\"id\":186853002,"
                + "\"full_name\":\"acme/shop\",\"private\":false,\"default_branch\":\"main\"},"
                + "\"pusher\":{\"name\":\"octocat\",\"email\":\"octocat@example.com\"},\"commits\":[";
        StringBuilder json = new StringBuilder(head);
        for (int i = 0; json.length() < bytes - 200; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i)
                    .append("\",\"message\":\"Fix the partition writer's group commit under load\",")
                    .append("\"author\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},\"added\":[],")
                    .append("\"modified\":[\"log/src/main/java/Writer.java\"]}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A realistic order as JSON data, 1 KB (1,024 bytes with tier {@code gold}): nested customer and address objects,
     * an array of line items, numbers, booleans and strings, so that parsing it costs what parsing a typical webhook
     * payload costs. {@code tier} is the value of {@code customer.tier}, the member the data filters look at.
     */
    static byte[] orderData(String tier) {
        String json = """
                {"orderId":"ord_01HZX3K9Q7M2V8N4R6T1Y5W0B3","createdAt":"2026-03-14T09:26:53.589Z","status":"placed",\
                "channel":"web","currency":"EUR","customer":{"id":"cus_8f3a2c71","tier":"%s",\
                "email":"ada.lovelace@example.com","name":"Ada Lovelace","marketingOptIn":true,\
                "address":{"line1":"12 Analytical Engine Way","city":"Dublin","postalCode":"D02 XY45","country":"IE"}},\
                "items":[{"sku":"TRB-1001","name":"Event log notebook, A5","quantity":2,"unitPrice":12.5,\
                "taxRate":0.23},{"sku":"TRB-2040","name":"Stream-ordered pens, pack of 10","quantity":1,\
                "unitPrice":7.99,"taxRate":0.23},{"sku":"TRB-3300","name":"Partitioned desk organiser","quantity":1,\
                "unitPrice":34.0,"taxRate":0.23}],"totals":{"net":67.0,"tax":15.41,"shipping":4.95,"gross":87.36},\
                "payment":{"method":"card","brand":"visa","last4":"4242","captured":false},\
                "shipping":{"carrier":"an-post","service":"standard","estimatedDays":3},\
                "tags":["first-order","newsletter","eu"],\
                "notes":"Please leave the parcel with the neighbour at number 14 if nobody answers the door bell."}\
                """.formatted(tier);
        return json.getBytes(StandardCharsets.UTF_8);
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
